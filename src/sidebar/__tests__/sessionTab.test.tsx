// @vitest-environment jsdom
/**
 * A session tab: the conversation from the sidebar's rows (the REAL sessions
 * fixture), each turn expanding to the trace tab's own content, which fetches
 * that turn's trace once and keeps it while the tab is open.
 */
import '../../__tests__/jsdomShims'; // before any JupyterLab widget module
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { Widget } from '@lumino/widgets';
import { fireEvent, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { IRawTrace } from '../../api';
import { summariesFromSearch } from '../../model/info';
import { groupBySession } from '../../model/sessions';
import { createSessionTab } from '../sessionTab';

function json(path: string) {
  return JSON.parse(readFileSync(resolve(__dirname, path), 'utf8'));
}

const rows = groupBySession(
  summariesFromSearch(json('../../../fixtures/sessions/search.json').payload)
);
const paris = rows.find(r => r.kind === 'session')!;
if (paris.kind !== 'session') {
  throw new Error('the fixture lists a session first');
}
const rest = json('../../../fixtures/mlflow-3.17.2/decorated.rest.json');

/** The sidebar's and viewer's code load on first use: slow on a busy machine. */
const LOADED = { timeout: 20_000 };

describe('session tab', () => {
  it('opens the conversation and expands a turn to its trace, fetched once', async () => {
    const asked: string[] = [];
    const fetchTrace = async (id: string): Promise<IRawTrace> => {
      asked.push(id);
      // A real MLflow answer; its trace stands in for the turn's.
      return {
        info: rest.payload.info,
        spans: rest.payload.artifact,
        tracking_uri: 'http://127.0.0.1:5000'
      };
    };
    const tab = createSessionTab({ session: paris.session, fetchTrace });
    Widget.attach(tab, document.body);
    expect(tab.title.label).toBe('chat-paris');
    expect(tab.title.caption).toBe('MLflow session chat-paris');

    const turns = await waitFor(() => {
      const items = within(tab.node).getAllByRole('listitem');
      expect(items).toHaveLength(3);
      return items;
    }, LOADED);
    within(turns[0]).getByText('{"message": "What is the capital of France?"}');
    expect(asked).toEqual([]); // nothing fetched before a turn is expanded

    const second = paris.session.turns[1].traceId;
    const show = within(turns[1]).getByRole('button', { name: 'Show trace' });
    fireEvent.click(show);
    const region = await waitFor(() =>
      within(turns[1]).getByRole('region', { name: `Trace ${second}` })
    );
    await waitFor(() => expect(asked).toEqual([second]), LOADED);
    const hosted = region.querySelector('.jp-MlflowTraceTab');
    expect(hosted).not.toBeNull();
    // The trace tab's own content, hosted in the turn.
    expect(hosted!.classList.contains('jp-MlflowTraceTab')).toBe(true);

    // Collapsed and expanded again: the same trace, not fetched again.
    fireEvent.click(show);
    expect(region.hidden).toBe(true);
    expect(show.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(show);
    expect(region.hidden).toBe(false);
    expect(region.querySelector('.jp-MlflowTraceTab')).toBe(hosted);
    expect(asked).toEqual([second]);

    tab.dispose();
    expect(hosted!.isConnected).toBe(false);
  });
});
