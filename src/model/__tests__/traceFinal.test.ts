/**
 * Which listed infos are final, on REAL search answers: one chat turn listed
 * after its spans and after its own info (fixtures/sessions/generate_unfinished.py,
 * the order a real MLflow 3.17.2 server writes them), the sessions fixture
 * and searches of real 3.17.2 and 2.22.5 servers (2.x never marks infos final).
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { summariesFromSearch } from '../info';
import { groupBySession } from '../sessions';
import { hasFinalInfo } from '../traceFinal';

const json = (path: string) =>
  JSON.parse(
    readFileSync(resolve(__dirname, '../../../fixtures', path), 'utf8')
  );

const turn = json('sessions/unfinished.json').payload;

describe('hasFinalInfo', () => {
  it('a turn listed from its spans alone is not final; with its own info it is', () => {
    const [fromSpans] = summariesFromSearch(turn.from_spans);
    const [final] = summariesFromSearch(turn.final);
    expect(fromSpans.traceId).toBe(final.traceId);
    expect(fromSpans.state).toBe('OK');
    expect(hasFinalInfo(fromSpans)).toBe(false);
    expect(hasFinalInfo(final)).toBe(true);
    // What the user sees: a single trace, then a turn of its session.
    expect(groupBySession([fromSpans])[0].kind).toBe('trace');
    expect(groupBySession([final])[0].kind).toBe('session');
  });

  it('a running trace is not final', () => {
    const [final] = summariesFromSearch(turn.final);
    expect(hasFinalInfo({ ...final, state: 'IN_PROGRESS' })).toBe(false);
  });

  it('traces listed by real MLflow 3.17.2 and 2.22.5 servers after export are final', () => {
    for (const version of ['3.17.2', '2.22.5']) {
      const listed = summariesFromSearch(
        json(`mlflow-${version}/decorated.rest.json`).payload.search
      );
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every(hasFinalInfo)).toBe(true);
    }
    const sessions = summariesFromSearch(json('sessions/search.json').payload);
    expect(sessions.every(hasFinalInfo)).toBe(true);
  });
});
