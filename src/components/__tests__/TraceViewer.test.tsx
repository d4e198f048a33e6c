// @vitest-environment jsdom
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  act,
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';
import { TraceViewer } from '../TraceViewer';
import { bigTrace, makeTrace, sampleTrace } from './helpers';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const tree = () => screen.getByRole('tree', { name: 'Spans' });
const rowNames = () =>
  within(tree())
    .queryAllByRole('treeitem')
    .map(r => r.querySelector('.jp-MlflowTrace-rowLabel')?.textContent);
const row = (name: string) => {
  const r = within(tree())
    .getAllByRole('treeitem')
    .find(
      el => el.querySelector('.jp-MlflowTrace-rowLabel')?.textContent === name
    );
  if (!r) {
    throw new Error(`no row ${name}; rows: ${rowNames().join(', ')}`);
  }
  return r;
};
const selectedName = () =>
  within(tree())
    .getAllByRole('treeitem')
    .find(r => r.getAttribute('aria-selected') === 'true')
    ?.querySelector('.jp-MlflowTrace-rowLabel')?.textContent;
const detail = () => screen.getByLabelText('Span details');
const detailName = () =>
  within(detail()).getByRole('heading', { level: 3 }).textContent;

describe('TraceViewer: tree', () => {
  it('shows the root and its children to the default depth', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    expect(rowNames()).toEqual([
      'agent',
      'plan',
      'chat',
      'search_docs',
      'calculator',
      'parse'
    ]);
    const root = row('agent');
    expect(root.getAttribute('aria-level')).toBe('1');
    expect(root.getAttribute('aria-expanded')).toBe('true');
    expect(row('chat').getAttribute('aria-level')).toBe('3');
    expect(row('chat').hasAttribute('aria-expanded')).toBe(false);
  });

  it('honours defaultExpandDepth', () => {
    render(<TraceViewer traces={[sampleTrace()]} defaultExpandDepth={1} />);
    expect(rowNames()).toEqual(['agent', 'plan', 'search_docs', 'calculator']);
  });

  it('collapses and expands with the chevron', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(row('agent').querySelector('.jp-MlflowTrace-chevron')!);
    expect(rowNames()).toEqual(['agent']);
    expect(row('agent').getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(row('agent').querySelector('.jp-MlflowTrace-chevron')!);
    expect(rowNames()).toContain('calculator');
  });

  it('expand all and collapse all', () => {
    render(<TraceViewer traces={[sampleTrace()]} defaultExpandDepth={0} />);
    expect(rowNames()).toEqual(['agent']);
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(rowNames()).toHaveLength(6);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(rowNames()).toEqual(['agent']);
  });

  it('shows the header: name, status, span count, error count, trace id', () => {
    const onCopy = vi.fn();
    const t = sampleTrace({
      tokenUsage: { inputTokens: 1200, outputTokens: 34, totalTokens: 1234 },
      cost: { totalCost: 0.0042 }
    });
    render(<TraceViewer traces={[t]} onCopy={onCopy} />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('agent');
    screen.getByText('6 spans');
    screen.getByText('1 error');
    screen.getByText(/Tokens: in 1,200 · out 34 · total 1,234/);
    screen.getByText('Cost: $0.0042');
    fireEvent.click(screen.getByRole('button', { name: 'Copy trace id' }));
    expect(onCopy).toHaveBeenCalledWith('tr-0123456789abcdef0123456789abcdef');
  });

  it('shows tags, metadata and previews on demand', () => {
    const t = sampleTrace({
      tags: { 'mlflow.traceName': 'agent', team: 'search' },
      metadata: { 'mlflow.trace.user': 'alice' },
      requestPreview: '{"question": "What is 2 + 2?"}'
    });
    render(<TraceViewer traces={[t]} />);
    expect(screen.queryByText('"alice"')).toBeNull();
    fireEvent.click(
      screen.getByRole('button', { name: 'Trace tags and metadata' })
    );
    screen.getByText('"alice"');
    screen.getByText('"search"');
    screen.getByText('{"question": "What is 2 + 2?"}');
  });

  it('marks error spans and draws a gantt bar per row plus an axis', () => {
    const { container } = render(<TraceViewer traces={[sampleTrace()]} />);
    expect(row('calculator').classList.contains('jp-mod-error')).toBe(true);
    within(row('calculator')).getByTitle('Error');
    expect(container.querySelectorAll('.jp-MlflowTrace-bar').length).toBe(6);
    const bar = row('search_docs').querySelector(
      '.jp-MlflowTrace-bar'
    ) as HTMLElement;
    expect(bar.style.left).toBe('35%');
    expect(bar.style.width).toBe('20%');
    expect(
      container.querySelectorAll('.jp-MlflowTrace-axis .tick').length
    ).toBeGreaterThan(1);
  });
});

describe('TraceViewer: detail pane', () => {
  it('selecting a span shows its inputs and outputs', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    expect(detailName()).toBe('agent');
    fireEvent.click(row('search_docs'));
    expect(detailName()).toBe('search_docs');
    const d = detail();
    expect(
      within(d)
        .getByRole('tab', { name: 'Inputs / Outputs' })
        .getAttribute('aria-selected')
    ).toBe('true');
    within(d).getByText('"arithmetic"');
    // Retriever outputs as a document list.
    const docs = within(d).getByRole('list', { name: 'Documents' });
    within(docs).getByText('Two plus two is four.');
    within(docs).getByText('doc-2');
  });

  it('chat tab shows roles, tool calls, results and tool definitions', async () => {
    const renderMarkdown = vi.fn(async (host: HTMLElement, source: string) => {
      host.textContent = `md:${source}`;
    });
    render(
      <TraceViewer traces={[sampleTrace()]} renderMarkdown={renderMarkdown} />
    );
    fireEvent.click(row('chat'));
    const d = detail();
    expect(
      within(d).getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')
    ).toBe('true');
    const msgs = within(d).getByRole('list', { name: 'Messages' });
    expect(within(msgs).getAllByText('assistant')).toHaveLength(2);
    within(msgs).getByText('calculator');
    within(msgs).getByText('"2+2"');
    expect(within(msgs).getAllByText('call_1')).toHaveLength(2); // call + its result
    within(d).getByText('Tool definitions (1)');
    // Markdown is on by default for messages when a renderer exists.
    await waitFor(() =>
      expect(renderMarkdown).toHaveBeenCalledWith(
        expect.any(HTMLElement),
        'The answer is **four**.'
      )
    );
    within(msgs).getByText('md:The answer is **four**.');
  });

  it('without a markdown renderer, text stays plain and no toggle appears', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(row('chat'));
    within(detail()).getByText('The answer is **four**.');
    expect(
      within(detail()).queryByRole('button', { name: /markdown/i })
    ).toBeNull();
  });

  it('long strings get a text block with a Markdown toggle', async () => {
    const long = '# Title\n' + 'word '.repeat(100);
    const renderMarkdown = vi.fn(async () => undefined);
    const t = makeTrace([{ name: 'root', inputs: { prompt: long } }]);
    render(<TraceViewer traces={[t]} renderMarkdown={renderMarkdown} />);
    const toggle = within(detail()).getByRole('button', {
      name: 'Render prompt as markdown'
    });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(renderMarkdown).toHaveBeenCalledWith(expect.any(HTMLElement), long)
    );
    // Its state is exposed (and styled, see viewer.css) as pressed.
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
  });

  it('JSON tree renders children only when expanded and paginates long arrays', () => {
    const t = makeTrace([
      {
        name: 'root',
        inputs: {
          nested: { deep: { deeper: 'hidden-value' } },
          list: Array.from({ length: 250 }, (_, k) => `item-${k}`)
        }
      }
    ]);
    render(<TraceViewer traces={[t]} />);
    const d = detail();
    expect(within(d).queryByText('"hidden-value"')).toBeNull();
    fireEvent.click(within(d).getByRole('button', { name: /nested:/ }));
    fireEvent.click(within(d).getByRole('button', { name: /deep:/ }));
    within(d).getByText('"hidden-value"');
    // Two levels would show 250 rows: one level opens, the list waits for
    // a click and then shows its first page.
    const list = within(d).getByRole('button', { name: /list:/ });
    expect(list.getAttribute('aria-expanded')).toBe('false');
    expect(within(d).queryByText('"item-0"')).toBeNull();
    fireEvent.click(list);
    within(d).getByText('"item-99"');
    expect(within(d).queryByText('"item-100"')).toBeNull();
    fireEvent.click(within(d).getByRole('button', { name: 'Show more' }));
    within(d).getByText('"item-249"');
  });

  it('attributes and events tabs', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(within(detail()).getByRole('tab', { name: /Attributes/ }));
    const table = within(detail()).getByRole('table');
    within(table).getByText('temperature');
    within(table).getByText('0.5');

    fireEvent.click(row('calculator'));
    within(detail()).getByText('ZeroDivisionError: division by zero', {
      selector: 'span'
    });
    fireEvent.click(within(detail()).getByRole('tab', { name: /Events/ }));
    const ex = within(detail()).getByRole('list', { name: 'Exceptions' });
    within(ex).getByText('ZeroDivisionError');
    within(ex).getByText('division by zero');
    const pre = ex.querySelector('pre')!;
    expect(pre.textContent).toContain('Traceback (most recent call last):');
    expect(
      within(detail()).getByRole('list', { name: 'Events' }).textContent
    ).toContain('exception');
  });

  const selectedTab = () =>
    within(detail())
      .getAllByRole('tab')
      .find(t => t.getAttribute('aria-selected') === 'true')
      ?.textContent?.replace(/\d+$/, '');

  it('another span opens on its first tab, not on the last one chosen', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(row('calculator'));
    fireEvent.click(within(detail()).getByRole('tab', { name: /Events/ }));
    expect(selectedTab()).toBe('Events');
    fireEvent.click(row('parse'));
    expect(selectedTab()).toBe('Inputs / Outputs');
    expect(within(detail()).queryByText('No events.')).toBeNull();
    // A chat span opens on its chat.
    fireEvent.click(row('chat'));
    expect(selectedTab()).toBe('Chat');
    // Back on the first span, the choice made there is forgotten too.
    fireEvent.click(row('calculator'));
    expect(selectedTab()).toBe('Inputs / Outputs');
  });

  it('a pinned tab stays for every span that has it', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    const pin = () =>
      within(detail()).getByRole('button', {
        name: 'Keep this tab for other spans'
      });
    fireEvent.click(within(detail()).getByRole('tab', { name: /Attributes/ }));
    expect(pin().getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(pin());
    expect(pin().getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(row('parse'));
    expect(selectedTab()).toBe('Attributes');
    // Choosing another tab while pinned moves the pin.
    fireEvent.click(within(detail()).getByRole('tab', { name: /Events/ }));
    fireEvent.click(row('search_docs'));
    expect(selectedTab()).toBe('Events');
    // Unpinned: the next span opens on its first tab again.
    fireEvent.click(pin());
    expect(pin().getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(row('calculator'));
    expect(selectedTab()).toBe('Inputs / Outputs');
  });

  it('tabs are keyboard navigable', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    const io = within(detail()).getByRole('tab', { name: 'Inputs / Outputs' });
    fireEvent.keyDown(io, { key: 'ArrowRight' });
    expect(
      within(detail())
        .getByRole('tab', { name: /Attributes/ })
        .getAttribute('aria-selected')
    ).toBe('true');
  });
});

describe('TraceViewer: search and filters', () => {
  const typeSearch = (value: string) =>
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search spans' }), {
      target: { value }
    });

  it('counts matches and next/previous select them', async () => {
    render(<TraceViewer traces={[sampleTrace()]} defaultExpandDepth={0} />);
    typeSearch('CALC');
    await waitFor(() => {
      screen.getByText('1 of 2');
      expect(selectedName()).toBe('chat');
    });
    // First match selected, ancestors expanded, name highlighted.
    expect(selectedName()).toBe('chat');
    expect(detailName()).toBe('chat');
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    screen.getByText('2 of 2');
    expect(selectedName()).toBe('calculator');
    expect(row('calculator').querySelector('mark')?.textContent).toBe('calc');
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Enter' });
    screen.getByText('1 of 2');
    fireEvent.keyDown(screen.getByRole('searchbox'), {
      key: 'Enter',
      shiftKey: true
    });
    expect(selectedName()).toBe('calculator');
    fireEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(selectedName()).toBe('chat');
  });

  it('searches inputs and attributes, and reports no matches', async () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    typeSearch('temperature');
    await waitFor(() => screen.getByText('1 of 1'));
    expect(selectedName()).toBe('agent');
    typeSearch('zzz-nothing');
    await waitFor(() => screen.getByText('No matches'));
  });

  it('errors only keeps error spans and their ancestors (dimmed)', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Errors only/ }));
    expect(rowNames()).toEqual(['agent', 'calculator']);
    expect(row('agent').classList.contains('jp-mod-dimmed')).toBe(true);
    expect(row('calculator').classList.contains('jp-mod-dimmed')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(rowNames()).toHaveLength(6);
  });

  it('span type checkboxes list the types present and filter rows', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    const types = screen
      .getByRole('group', { name: 'Span types' })
      .querySelectorAll('input[type=checkbox]');
    expect(types).toHaveLength(6);
    for (const name of ['AGENT', 'CHAIN', 'RETRIEVER', 'TOOL', 'PARSER']) {
      fireEvent.click(
        screen.getByRole('checkbox', { name: new RegExp(`^${name}`) })
      );
    }
    // As in MLflow's UI, spans with an exception stay unless asked otherwise.
    expect(rowNames()).toEqual(['agent', 'plan', 'chat', 'calculator']);
    fireEvent.click(
      screen.getByRole('checkbox', { name: /^Spans with exceptions/ })
    );
    expect(rowNames()).toEqual(['agent', 'plan', 'chat']);
    expect(row('plan').classList.contains('jp-mod-dimmed')).toBe(true);
  });

  it('filtering reveals matches hidden in collapsed subtrees', () => {
    render(<TraceViewer traces={[sampleTrace()]} defaultExpandDepth={0} />);
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Errors only/ }));
    expect(rowNames()).toEqual(['agent', 'calculator']);
  });
});

describe('TraceViewer: keyboard navigation', () => {
  it('arrows, Home/End, left/right move the selection and expand/collapse', () => {
    render(<TraceViewer traces={[sampleTrace()]} />);
    const t = tree();
    expect(t.getAttribute('aria-activedescendant')).toBe(row('agent').id);
    fireEvent.keyDown(t, { key: 'ArrowDown' });
    expect(selectedName()).toBe('plan');
    expect(detailName()).toBe('plan');
    expect(t.getAttribute('aria-activedescendant')).toBe(row('plan').id);
    fireEvent.keyDown(t, { key: 'ArrowLeft' }); // plan is expanded: collapse
    expect(rowNames()).not.toContain('chat');
    fireEvent.keyDown(t, { key: 'ArrowRight' }); // expand
    expect(rowNames()).toContain('chat');
    fireEvent.keyDown(t, { key: 'ArrowRight' }); // first child
    expect(selectedName()).toBe('chat');
    fireEvent.keyDown(t, { key: 'ArrowLeft' }); // leaf: go to parent
    expect(selectedName()).toBe('plan');
    fireEvent.keyDown(t, { key: 'End' });
    expect(selectedName()).toBe('parse');
    fireEvent.keyDown(t, { key: 'Home' });
    expect(selectedName()).toBe('agent');
    fireEvent.keyDown(t, { key: 'ArrowUp' });
    expect(selectedName()).toBe('agent');
    fireEvent.keyDown(t, { key: ' ' }); // space toggles
    expect(rowNames()).toEqual(['agent']);
    fireEvent.keyDown(t, { key: 'Enter' });
    expect(detailName()).toBe('agent');
  });
});

describe('TraceViewer: large traces', () => {
  it('virtualizes 10,000 spans', () => {
    const t = bigTrace(10_000);
    render(<TraceViewer traces={[t]} defaultExpandDepth={10} />);
    const initial = within(tree()).getAllByRole('treeitem').length;
    expect(initial).toBeGreaterThan(5);
    expect(initial).toBeLessThan(100);
    screen.getByText('(10,000 shown)');
    // The spacer has the full height.
    expect(tree().style.height).toBe(`${10_000 * 24}px`);
    // Jump to the end with the keyboard: the last row is rendered and selected.
    fireEvent.keyDown(tree(), { key: 'End' });
    expect(selectedName()).toBe('span-9999');
    expect(within(tree()).getAllByRole('treeitem').length).toBeLessThan(100);
    // Scrolling renders the rows at the new position.
    const scroller = tree().parentElement!;
    scroller.scrollTop = 24 * 5000;
    fireEvent.scroll(scroller);
    expect(rowNames()).toContain('span-5000');
  });

  it('opens 50,000 spans and searches them', async () => {
    const t = bigTrace(50_000);
    render(<TraceViewer traces={[t]} />);
    expect(within(tree()).getAllByRole('treeitem').length).toBeLessThan(100);
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'span-49999' }
    });
    await waitFor(() => screen.getByText('1 of 1'));
    expect(selectedName()).toBe('span-49999');
  });
});

describe('TraceViewer: security', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '" onmouseover="alert(1)" x="',
    '<a href="javascript:alert(1)">click</a>'
  ];

  it('renders hostile strings as literal text everywhere', async () => {
    const renderMarkdown = vi.fn(async () => undefined);
    const t = makeTrace(
      [
        {
          name: hostile[0],
          type: '<b>evil</b> type',
          inputs: { [hostile[1]]: hostile[2], html: hostile[4] },
          outputs: hostile[3],
          attributes: { [hostile[3]]: hostile[0] },
          chat: {
            format: 'openai',
            messages: [
              { role: hostile[1], content: hostile[0], name: hostile[3] }
            ],
            tools: [{ name: hostile[4], description: hostile[1] }]
          },
          exceptions: [
            { type: hostile[0], message: hostile[1], stacktrace: hostile[4] }
          ]
        },
        { name: hostile[1], parent: 0, type: hostile[3] }
      ],
      { name: hostile[1], traceId: hostile[3], experimentId: hostile[2] }
    );
    const { container } = render(
      <TraceViewer
        traces={[t]}
        trackingUri="javascript:alert(1)"
        renderMarkdown={renderMarkdown}
      />
    );
    const check = () => {
      expect(container.querySelector('script')).toBeNull();
      expect(container.querySelector('img')).toBeNull();
      expect(container.querySelector('a')).toBeNull();
      expect(container.querySelector('b')).toBeNull();
      for (const el of Array.from(container.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          expect(attr.name.startsWith('on')).toBe(false);
          expect(attr.value.toLowerCase().startsWith('javascript:')).toBe(
            false
          );
        }
      }
    };
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      hostile[1]
    );
    row(hostile[0]); // throws when no row shows this name
    row(hostile[1]);
    // Custom/hostile span types get the generic colour class.
    expect(
      row(hostile[1]).querySelector('.jp-MlflowTrace-type-other')
    ).not.toBeNull();
    check();
    // Chat tab (default for chat spans).
    expect(within(detail()).getAllByText(hostile[0]).length).toBeGreaterThan(0);
    check();
    fireEvent.click(
      within(detail()).getByRole('tab', { name: 'Inputs / Outputs' })
    );
    within(detail()).getByText(JSON.stringify(hostile[2]));
    within(detail()).getByText(JSON.stringify(hostile[3]));
    check();
    fireEvent.click(within(detail()).getByRole('tab', { name: /Attributes/ }));
    // The hostile key, and the same text inside MLflow's own attributes
    // (mlflow.spanOutputs, mlflow.chat.messages), all as literal text.
    expect(within(detail()).getAllByText(hostile[3]).length).toBeGreaterThan(0);
    check();
    fireEvent.click(within(detail()).getByRole('tab', { name: /Events/ }));
    within(detail()).getByText(hostile[4], { selector: 'pre' });
    check();
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    expect(screen.getByLabelText('Raw trace JSON').textContent).toContain(
      '<script>alert(1)</script>'
    );
    check();
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    fireEvent.change(screen.getByRole('searchbox'), {
      target: { value: 'script' }
    });
    await waitFor(() => screen.getByText('1 of 1'));
    expect(row(hostile[0]).querySelector('mark')?.textContent).toBe('script');
    check();
  });
});

describe('TraceViewer: links, raw JSON, several traces, resize', () => {
  it('Open in MLflow UI only for http(s) tracking URIs with an experiment', () => {
    const { rerender } = render(
      <TraceViewer
        traces={[sampleTrace()]}
        trackingUri="http://127.0.0.1:5000/"
      />
    );
    const link = screen.getByRole('link', { name: /Open in MLflow UI/ });
    expect(link.getAttribute('href')).toBe(
      'http://127.0.0.1:5000/#/experiments/1?selectedTraceId=tr-0123456789abcdef0123456789abcdef'
    );
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    for (const uri of [
      'sqlite:///mlflow.db',
      'file:///tmp/mlruns',
      'javascript:alert(1)',
      'databricks',
      ''
    ]) {
      rerender(<TraceViewer traces={[sampleTrace()]} trackingUri={uri} />);
      expect(screen.queryByRole('link')).toBeNull();
    }
    rerender(
      <TraceViewer
        traces={[sampleTrace({ experimentId: null })]}
        trackingUri="https://mlflow.example.com"
      />
    );
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('raw JSON view is capped for display and copies the full JSON', () => {
    const onCopy = vi.fn();
    const payload = {
      info: { trace_id: 'tr-1' },
      data: { spans: [{ big: 'z'.repeat(5000) }] }
    };
    const rawJson = vi.fn(() => payload);
    render(
      <TraceViewer traces={[sampleTrace()]} rawJson={rawJson} onCopy={onCopy} />
    );
    expect(rawJson).not.toHaveBeenCalled(); // lazily
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    const pre = screen.getByLabelText('Raw trace JSON');
    expect(pre.textContent).toContain('"trace_id": "tr-1"');
    expect(pre.textContent).toContain('… (3,000 more characters)');
    expect(screen.queryByRole('tree')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Copy trace JSON' }));
    expect(onCopy).toHaveBeenCalledWith(JSON.stringify(payload, null, 2));
    expect(rawJson).toHaveBeenCalledWith(0);
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    screen.getByRole('tree');
  });

  it('falls back to the normalized trace for raw JSON and copy', () => {
    const onCopy = vi.fn();
    render(<TraceViewer traces={[sampleTrace()]} onCopy={onCopy} />);
    fireEvent.click(
      screen.getByRole('button', { name: 'Show raw trace JSON' })
    );
    expect(screen.getByLabelText('Raw trace JSON').textContent).toContain(
      '"traceId"'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy trace JSON' }));
    expect(JSON.parse(onCopy.mock.calls[0][0]).traceId).toBe(
      'tr-0123456789abcdef0123456789abcdef'
    );
  });

  it('switches between several traces', () => {
    const a = sampleTrace({ name: 'first trace', traceId: 'tr-a' });
    const b = makeTrace([{ name: 'solo' }], {
      name: 'second trace',
      traceId: 'tr-b',
      state: 'ERROR'
    });
    render(<TraceViewer traces={[a, b]} />);
    const nav = screen.getByRole('navigation', {
      name: 'Traces in this output'
    });
    const items = within(nav).getAllByRole('button');
    expect(items).toHaveLength(2);
    expect(items[0].getAttribute('aria-current')).toBe('true');
    within(items[1]).getByText('1 span');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      'first trace'
    );
    fireEvent.click(items[1]);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      'second trace'
    );
    expect(rowNames()).toEqual(['solo']);
    expect(items[1].getAttribute('aria-current')).toBe('true');
  });

  it('single trace: no trace list; empty trace and no traces have messages', () => {
    const { rerender } = render(<TraceViewer traces={[sampleTrace()]} />);
    expect(screen.queryByRole('navigation')).toBeNull();
    rerender(<TraceViewer traces={[makeTrace([], { name: 'empty' })]} />);
    screen.getByText('This trace has no spans.');
    rerender(<TraceViewer traces={[]} />);
    screen.getByText('No traces to display.');
  });

  it('resize handle changes the height with the keyboard', () => {
    const onHeightChange = vi.fn();
    const { container } = render(
      <TraceViewer
        traces={[sampleTrace()]}
        height={300}
        onHeightChange={onHeightChange}
      />
    );
    const root = container.firstElementChild as HTMLElement;
    expect(root.style.height).toBe('300px');
    const handle = screen.getByRole('separator', {
      name: 'Resize trace viewer'
    });
    expect(handle.tabIndex).toBe(0);
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(root.style.height).toBe('320px');
    expect(onHeightChange).toHaveBeenLastCalledWith(320);
    fireEvent.keyDown(handle, { key: 'ArrowUp', shiftKey: true });
    expect(root.style.height).toBe('220px');
    fireEvent.keyDown(handle, { key: 'ArrowUp', shiftKey: true });
    expect(root.style.height).toBe('200px'); // minimum
  });

  it('stacks the detail pane and hides the timeline when narrow', () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(340);
    const { container } = render(<TraceViewer traces={[sampleTrace()]} />);
    const root = container.firstElementChild as HTMLElement;
    expect(root.classList.contains('jp-mod-narrow')).toBe(true);
    expect(container.querySelector('.jp-MlflowTrace-bar')).toBeNull();
    expect(rowNames()).toHaveLength(6);
  });

  it('uses a fake ResizeObserver when present', () => {
    // Every observer the viewer makes (its width, the detail pane's size).
    const callbacks: Array<() => void> = [];
    class FakeRO {
      constructor(cb: () => void) {
        callbacks.push(cb);
      }
      observe() {}
      disconnect() {}
    }
    vi.stubGlobal('ResizeObserver', FakeRO);
    const spy = vi
      .spyOn(HTMLElement.prototype, 'clientWidth', 'get')
      .mockReturnValue(1000);
    const { container } = render(<TraceViewer traces={[sampleTrace()]} />);
    const root = container.firstElementChild as HTMLElement;
    expect(root.classList.contains('jp-mod-wide')).toBe(true);
    spy.mockReturnValue(500);
    act(() => callbacks.forEach(cb => cb()));
    expect(root.classList.contains('jp-mod-narrow')).toBe(true);
    vi.unstubAllGlobals();
  });
});
