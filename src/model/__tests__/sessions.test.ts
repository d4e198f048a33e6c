/**
 * Sessions on a REAL search answer (fixtures/sessions, made by
 * generate_sessions.py under mlflow 3.17.2): two interleaved conversations
 * tagged with `mlflow.trace.session`, and one trace without a session.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { summariesFromSearch } from '../info';
import { groupBySession, sessionIdOf } from '../sessions';

const fixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../fixtures/sessions/search.json'),
    'utf8'
  )
);
const summaries = summariesFromSearch(fixture.payload);

describe('traces grouped by session', () => {
  it('reads the session id MLflow recorded', () => {
    expect(summaries.map(sessionIdOf)).toEqual([
      'chat-paris',
      'chat-tides',
      null,
      'chat-paris',
      'chat-tides',
      'chat-paris'
    ]);
  });

  it('shows each conversation once, where its newest turn was listed, and keeps other traces in place', () => {
    const rows = groupBySession(summaries);
    expect(
      rows.map(r => (r.kind === 'session' ? r.session.id : r.trace.traceId))
    ).toEqual(['chat-paris', 'chat-tides', summaries[2].traceId]);
  });

  it('orders the turns of a conversation oldest first, with their user', () => {
    const paris = groupBySession(summaries).find(
      r => r.kind === 'session' && r.session.id === 'chat-paris'
    );
    if (paris?.kind !== 'session') {
      throw new Error('no chat-paris session');
    }
    expect(paris.session.user).toBe('ana');
    expect(paris.session.turns.map(t => t.requestPreview)).toEqual([
      '{"message": "What is the capital of France?"}',
      '{"message": "How many people live there?"}',
      '{"message": "Thanks!"}'
    ]);
    expect(paris.session.firstMs).toBe(paris.session.turns[0].startMs);
    expect(paris.session.lastMs).toBe(paris.session.turns[2].startMs);
  });
});
