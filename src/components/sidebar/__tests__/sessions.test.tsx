// @vitest-environment jsdom
/**
 * The trace list grouped by conversation, and a conversation's view, on a
 * REAL search answer (fixtures/sessions, made by generate_sessions.py under
 * mlflow 3.17.2) read by the real model: two interleaved sessions ("ana"
 * asking about Paris, three turns; "chat-tides", two) and one trace without.
 */
import '../../../__tests__/jsdomShims'; // before ui-components (in the views)
import { readFileSync } from 'fs';
import { resolve } from 'path';
import React from 'react';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  within
} from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { summariesFromSearch } from '../../../model/info';
import { groupBySession, type ISession } from '../../../model/sessions';
import { SidebarModel } from '../../../sidebar/model/sidebarModel';
import { SessionView } from '../SessionView';
import { TracePane } from '../TracePane';
import { FakeApi, loadedTraces, paneDefaults, summary } from './fixtures';

afterEach(cleanup);

const fixture = JSON.parse(
  readFileSync(
    resolve(__dirname, '../../../../fixtures/sessions/search.json'),
    'utf8'
  )
);
const summaries = summariesFromSearch(fixture.payload);
const unsessioned = summaries[2];

const loaded = () => loadedTraces(summaries);

function rows(): HTMLElement[] {
  return within(screen.getByRole('listbox', { name: 'Traces' })).queryAllByRole(
    'option'
  );
}

function session(id: string): ISession {
  const row = groupBySession(summaries).find(
    r => r.kind === 'session' && r.session.id === id
  );
  if (row?.kind !== 'session') {
    throw new Error(`no session ${id} in the fixture`);
  }
  return row.session;
}

describe('trace list grouped by session', () => {
  it('lists every trace until the toggle is switched on, with the keyboard', () => {
    const onGroupBySession = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        traces={loaded()}
        onGroupBySession={onGroupBySession}
      />
    );
    expect(rows()).toHaveLength(6);
    const toggle = screen.getByRole('checkbox', { name: 'Group by session' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    toggle.focus();
    fireEvent.click(toggle); // what Space does on a focused checkbox
    expect(onGroupBySession).toHaveBeenCalledWith(true);
  });

  it('shows each conversation as one row (id, user, turns) and other traces as rows', () => {
    render(<TracePane {...paneDefaults} groupBySession traces={loaded()} />);
    const [paris, tides, single] = rows();
    expect(rows()).toHaveLength(3);
    expect(
      (
        screen.getByRole('checkbox', {
          name: 'Group by session'
        }) as HTMLInputElement
      ).checked
    ).toBe(true);
    within(paris).getByText('chat-paris');
    within(paris).getByText('3 turns');
    expect(paris.textContent).toContain('User: ana');
    within(tides).getByText('chat-tides');
    within(tides).getByText('2 turns');
    expect(tides.textContent).toContain('User: ben');
    within(single).getByText('chat_turn');
    within(single).getByText('{"message": "ping"}');
    expect(single.textContent).not.toContain('Session');
  });

  it('opens a session with Enter and a trace with a click', () => {
    const onOpenSession = vi.fn();
    const onOpenTrace = vi.fn();
    render(
      <TracePane
        {...paneDefaults}
        groupBySession
        traces={loaded()}
        onOpenSession={onOpenSession}
        onOpenTrace={onOpenTrace}
      />
    );
    const list = screen.getByRole('listbox', { name: 'Traces' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpenSession).toHaveBeenCalledTimes(1);
    const opened: ISession = onOpenSession.mock.calls[0][0];
    expect(opened.id).toBe('chat-paris');
    expect(opened.turns.map(t => t.traceId)).toEqual(
      session('chat-paris').turns.map(t => t.traceId)
    );
    fireEvent.click(rows()[2]);
    expect(onOpenTrace).toHaveBeenCalledWith(unsessioned);
    expect(onOpenSession).toHaveBeenCalledTimes(1);
  });

  it('is remembered by the sidebar model, starting from the setting', () => {
    const model = new SidebarModel({
      api: new FakeApi().api,
      frontendVersion: '0.1.0',
      groupBySession: true
    });
    expect(model.getSnapshot().groupBySession).toBe(true);
    model.setGroupBySession(false);
    expect(model.getSnapshot().groupBySession).toBe(false);
    expect(
      new SidebarModel({
        api: new FakeApi().api,
        frontendVersion: '0.1.0'
      }).getSnapshot().groupBySession
    ).toBe(false);
    model.dispose();
  });
});

describe('SessionView', () => {
  it('shows the conversation oldest first: each request with its answer', () => {
    render(
      <SessionView session={session('chat-paris')} renderTrace={() => null} />
    );
    screen.getByRole('heading', { name: 'Session chat-paris' });
    screen.getByText('User: ana');
    screen.getByText('3 turns');
    const turns = screen.getAllByRole('listitem');
    expect(turns.map(t => t.getAttribute('aria-label'))).toEqual([
      'Turn 1',
      'Turn 2',
      'Turn 3'
    ]);
    const expected = session('chat-paris').turns;
    expect(expected[0].requestPreview).toContain(
      'What is the capital of France?'
    );
    turns.forEach((turn, i) => {
      within(turn).getByText(expected[i].requestPreview!);
      within(turn).getByText(expected[i].responsePreview!);
    });
  });

  it('expands a turn to its trace and collapses it again', () => {
    const renderTrace = vi.fn(turn => <p>full trace {turn.traceId}</p>);
    render(
      <SessionView session={session('chat-tides')} renderTrace={renderTrace} />
    );
    const second = screen.getAllByRole('listitem')[1];
    const button = within(second).getByRole('button', { name: 'Show trace' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    const id = session('chat-tides').turns[1].traceId;
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.textContent).toBe('Hide trace');
    const region = within(second).getByRole('region', { name: `Trace ${id}` });
    within(region).getByText(`full trace ${id}`);
    // Only the expanded turn asks for its trace.
    expect(renderTrace.mock.calls.every(([t]) => t.traceId === id)).toBe(true);
    fireEvent.click(button);
    expect(within(second).queryByRole('region')).toBeNull(); // hidden
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows hostile previews as text and says when a side is missing (hand-written hostile case)', () => {
    const hostile: ISession = {
      id: 'evil',
      turns: [
        summary('tr-h', {
          requestPreview: '<img src=x onerror="alert(1)"><b>bold</b>',
          responsePreview: undefined
        })
      ],
      firstMs: 1,
      lastMs: 1
    };
    const { container } = render(
      <SessionView session={hostile} renderTrace={() => null} />
    );
    screen.getByText('<img src=x onerror="alert(1)"><b>bold</b>');
    expect(container.querySelector('img, b')).toBeNull();
    screen.getByText('No response recorded');
  });
});
