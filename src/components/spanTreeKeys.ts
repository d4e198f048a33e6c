/**
 * Keyboard of the span tree (WAI-ARIA tree): the tree element holds focus
 * and points at the selected row with aria-activedescendant; selection
 * follows focus. Keys with a modifier, and keys the tree does not use,
 * reach the notebook.
 */
import type React from 'react';
import type { ITrace } from '../model/types';
import { hasModifier, keepKey } from './keys';
import { hasVisibleChildren, IKeepMask } from './state/tree';

/** Keys that start at the top when no row is selected in view yet. */
const NAVIGATION_KEYS = [
  'ArrowDown',
  'ArrowUp',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Enter',
  ' '
];

export interface ITreeKeyContext {
  trace: ITrace;
  /** Visible rows: span indices in display order. */
  rows: number[];
  selected: number | null;
  expanded: ReadonlySet<number>;
  mask: IKeepMask | null;
  /** Rows that fit in one page of the viewport. */
  pageRows: number;
  /** Select the span at row position `pos` and scroll it into view. */
  select: (i: number, pos: number) => void;
  onSelect: (i: number) => void;
  onToggle: (i: number, open?: boolean) => void;
}

/** Row position of the nearest ancestor of `i` that is a row, or -1. */
function shownParentRow(ctx: ITreeKeyContext, i: number): number {
  const { trace, rows } = ctx;
  const n = trace.spans.length;
  let p = trace.spans[i].parentIndex;
  let guard = 0;
  // Filters may lift ancestors out of the tree: the row's parent is then
  // the nearest ancestor still shown.
  while (p >= 0 && p < n && guard++ < n) {
    const pos = rows.indexOf(p);
    if (pos >= 0) {
      return pos;
    }
    p = trace.spans[p].parentIndex;
  }
  return -1;
}

export function onTreeKey(e: React.KeyboardEvent, ctx: ITreeKeyContext): void {
  const { rows, selected, trace, mask, expanded, onToggle, onSelect } = ctx;
  if (rows.length === 0 || hasModifier(e)) {
    return; // Shift+Enter, Ctrl+S... are the notebook's
  }
  const pos = selected === null ? -1 : rows.indexOf(selected);
  const goto = (p: number) => {
    const q = Math.max(0, Math.min(rows.length - 1, p));
    ctx.select(rows[q], q);
  };
  if (pos < 0) {
    // Nothing selected in view yet: any navigation key starts at the top.
    if (NAVIGATION_KEYS.includes(e.key)) {
      keepKey(e);
      goto(e.key === 'End' ? rows.length - 1 : 0);
    }
    return;
  }
  const i = rows[pos];
  const kids = hasVisibleChildren(trace, i, mask);
  const open = expanded.has(i);
  let handled = true;
  switch (e.key) {
    case 'ArrowDown':
      goto(pos + 1);
      break;
    case 'ArrowUp':
      goto(pos - 1);
      break;
    case 'Home':
      goto(0);
      break;
    case 'End':
      goto(rows.length - 1);
      break;
    case 'PageDown':
      goto(pos + ctx.pageRows);
      break;
    case 'PageUp':
      goto(pos - ctx.pageRows);
      break;
    case 'ArrowRight':
      if (kids && !open) {
        onToggle(i, true);
      } else if (kids && open) {
        goto(pos + 1); // first child
      }
      break;
    case 'ArrowLeft':
      if (kids && open) {
        onToggle(i, false);
      } else {
        const pp = shownParentRow(ctx, i);
        if (pp >= 0) {
          goto(pp);
        }
      }
      break;
    case 'Enter':
      onSelect(i);
      break;
    case ' ':
      if (kids) {
        onToggle(i);
      }
      break;
    default:
      handled = false;
  }
  if (handled) {
    keepKey(e);
  }
}
