// @vitest-environment jsdom
/**
 * The viewer fits its content and its width (issue #9, item 5): narrow
 * layout tabs, search that opens the matching field, height that follows
 * the content up to the setting.
 */
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';
import { TraceViewer } from '../TraceViewer';
import { makeTrace } from './helpers';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const nested = () =>
  makeTrace([
    { name: 'agent', outputs: { answer: 42 } },
    {
      name: 'lookup',
      parent: 0,
      inputs: { config: { level1: { level2: { needle: 'hidden-needle' } } } },
      attributes: { 'mlflow.spanFunctionName': 'lookup' }
    }
  ]);

const rowOf = (name: string) =>
  within(screen.getByRole('tree', { name: 'Spans' }))
    .getAllByRole('treeitem')
    .find(r => r.textContent?.includes(name))!;

describe('narrow layout', () => {
  it('shows spans or details, each with the whole height; a click on a span opens its details', () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(500);
    render(<TraceViewer traces={[nested()]} />);
    const tabs = screen.getByRole('tablist', {
      name: 'Summary, spans or details'
    });
    const details = within(tabs).getByRole('tab', { name: /^Details/ });
    screen.getByRole('tree', { name: 'Spans' });
    expect(screen.queryByLabelText('Span details')).toBeNull();
    fireEvent.click(rowOf('lookup'));
    expect(details.getAttribute('aria-selected')).toBe('true');
    expect(details.textContent).toBe('Details: lookup');
    expect(screen.queryByRole('tree', { name: 'Spans' })).toBeNull();
    screen.getByLabelText('Span details');
    fireEvent.click(within(tabs).getByRole('tab', { name: 'Spans' }));
    screen.getByRole('tree', { name: 'Spans' });
  });

  it('is not there when wide', () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
    render(<TraceViewer traces={[nested()]} />);
    expect(
      screen.queryByRole('tablist', { name: 'Summary, spans or details' })
    ).toBe(null);
  });
});

describe('search in the detail pane', () => {
  it('opens the tab and the nested field holding the match, and marks it', async () => {
    render(<TraceViewer traces={[nested()]} />);
    const detail = () => screen.getByLabelText('Span details');
    // Pinned on Attributes, which does not hold the match.
    fireEvent.click(within(detail()).getByRole('tab', { name: /Attributes/ }));
    fireEvent.click(
      within(detail()).getByRole('button', {
        name: 'Keep this tab for other spans'
      })
    );
    fireEvent.change(screen.getByPlaceholderText('Search spans'), {
      target: { value: 'NEEDLE' }
    });
    await waitFor(() =>
      expect(
        within(detail())
          .getByRole('tab', { name: 'Inputs / Outputs' })
          .getAttribute('aria-selected')
      ).toBe('true')
    );
    const marks = detail().querySelectorAll('mark.jp-MlflowTrace-mark');
    expect([...marks].map(m => m.textContent)).toEqual(['needle', 'needle']);
    // The key and the value: level1 and level2 were opened to show them.
    expect(detail().textContent).toContain('"hidden-needle"');

    // Cleared: the pin holds again.
    fireEvent.change(screen.getByPlaceholderText('Search spans'), {
      target: { value: '' }
    });
    await waitFor(() =>
      expect(
        within(detail())
          .getByRole('tab', { name: /Attributes/ })
          .getAttribute('aria-selected')
      ).toBe('true')
    );
  });

  it('a match in the attributes opens the Attributes tab', async () => {
    render(<TraceViewer traces={[nested()]} />);
    fireEvent.change(screen.getByPlaceholderText('Search spans'), {
      target: { value: 'spanFunctionName' }
    });
    const detail = screen.getByLabelText('Span details');
    await waitFor(() =>
      expect(
        within(detail)
          .getByRole('tab', { name: /Attributes/ })
          .getAttribute('aria-selected')
      ).toBe('true')
    );
  });
});

describe('height follows the content', () => {
  /**
   * Layout stand-in: the viewer as tall as its style says, 100 px of it
   * above and below the panes, the detail content `detail` px.
   */
  function layout(h: number, detail: number) {
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(
      function (this: HTMLElement) {
        if (this.classList.contains('jp-MlflowTrace-detail')) {
          return detail;
        }
        if (this.classList.contains('jp-MlflowTrace')) {
          return parseFloat(this.style.height) || h;
        }
        if (this.classList.contains('jp-MlflowTrace-main')) {
          const root = this.closest<HTMLElement>('.jp-MlflowTrace');
          return (parseFloat(root?.style.height ?? '') || h) - 100;
        }
        return h;
      }
    );
  }

  it('takes what the detail needs, up to the most the setting allows', () => {
    layout(300, 150);
    const { container } = render(
      <TraceViewer traces={[nested()]} height={300} fitMaxHeight={420} />
    );
    const root = container.firstElementChild as HTMLElement;
    // 100 px above and below the panes, plus the 150 px detail.
    expect(root.style.height).toBe('250px');
  });

  it('stops at the setting', () => {
    layout(300, 2000);
    const { container } = render(
      <TraceViewer traces={[nested()]} height={300} fitMaxHeight={420} />
    );
    expect((container.firstElementChild as HTMLElement).style.height).toBe(
      '420px'
    );
  });

  it('a height the user chose wins', () => {
    layout(300, 150);
    const { container } = render(
      <TraceViewer traces={[nested()]} height={300} fitMaxHeight={420} />
    );
    const root = container.firstElementChild as HTMLElement;
    fireEvent.keyDown(screen.getByRole('separator'), { key: 'ArrowDown' });
    expect(root.style.height).toBe('270px');
  });
});
