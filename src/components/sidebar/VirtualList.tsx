/**
 * A fixed-row-height virtualized list box: only the rows in view (plus a
 * few) are in the DOM, so 100,000 rows scroll like 100. Keyboard: arrows,
 * Page Up/Down, Home/End move the active row, Enter opens it; with
 * `onToggle`, Space and Ctrl/Cmd+click toggle a row's check (aria-checked).
 */
import React from 'react';

import { useElementSize } from '../hooks';
import {
  END_THRESHOLD_ROWS,
  nextActiveIndex,
  scrollToShow,
  visibleRange
} from './state';

export interface IVirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey: (item: T, index: number) => string;
  renderRow: (item: T, index: number) => React.ReactNode;
  /** -1: none. */
  activeIndex: number;
  onActiveChange: (index: number) => void;
  /** Click or Enter on a row. */
  onActivate: (index: number) => void;
  /** Space or Ctrl/Cmd+click on a row: check or uncheck it (else Space opens it). */
  onToggle?: (index: number) => void;
  /** A row's check (aria-checked); undefined: the row has none. */
  isChecked?: (item: T, index: number) => boolean | undefined;
  /** The rendered rows came close to the end: time to load the next page. */
  onEndReached?: () => void;
  /**
   * Whether a next page can be loaded now. When it turns true while the end is
   * in view, `onEndReached` is called again: an end reached during another
   * load (a refresh, the first page) is not lost.
   */
  canLoadMore?: boolean;
  /** Below the rows, inside the scroll area (loading more, errors). */
  footer?: React.ReactNode;
  ariaLabel: string;
  /** Prefix of the row element ids (aria-activedescendant). */
  idPrefix: string;
  className?: string;
  rowClassName?: (item: T, index: number) => string;
  /** Viewport height where nothing is laid out (jsdom). */
  fallbackHeight?: number;
}

export function VirtualList<T>(props: IVirtualListProps<T>): JSX.Element {
  const {
    items,
    rowHeight,
    activeIndex,
    onActiveChange,
    onActivate,
    onToggle,
    onEndReached,
    canLoadMore = true
  } = props;
  const [el, setEl] = React.useState<HTMLDivElement | null>(null);
  const size = useElementSize(el, {
    width: 300,
    height: props.fallbackHeight ?? 400
  });
  const [scrollTop, setScrollTop] = React.useState(0);
  const { start, end } = visibleRange(
    scrollTop,
    size.height,
    rowHeight,
    items.length
  );

  // A new (shorter) list: keep scrollTop inside it.
  React.useEffect(() => {
    if (el && scrollTop > items.length * rowHeight) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [el, items.length, rowHeight, scrollTop]);

  React.useEffect(() => {
    if (
      onEndReached &&
      canLoadMore &&
      items.length > 0 &&
      end >= items.length - END_THRESHOLD_ROWS
    ) {
      onEndReached();
    }
  }, [end, items.length, onEndReached, canLoadMore]);

  const keyboardMove = React.useRef(false);
  React.useEffect(() => {
    if (!keyboardMove.current || !el || activeIndex < 0) {
      return;
    }
    keyboardMove.current = false;
    const top = scrollToShow(activeIndex, el.scrollTop, size.height, rowHeight);
    if (top !== null) {
      el.scrollTop = top;
      setScrollTop(top);
    }
  }, [activeIndex, el, size.height, rowHeight]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      if (activeIndex >= 0 && activeIndex < items.length) {
        event.preventDefault();
        if (event.key === ' ' && onToggle) {
          onToggle(activeIndex);
        } else {
          onActivate(activeIndex);
        }
      }
      return;
    }
    const pageRows = Math.max(1, Math.floor(size.height / rowHeight));
    const next = nextActiveIndex(
      event.key,
      activeIndex,
      items.length,
      pageRows
    );
    if (next !== null) {
      event.preventDefault();
      keyboardMove.current = true;
      onActiveChange(next);
    }
  };

  const rows: JSX.Element[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i];
    const active = i === activeIndex;
    rows.push(
      <div
        key={props.getKey(item, i)}
        id={`${props.idPrefix}-row-${i}`}
        role="option"
        aria-selected={active}
        aria-checked={props.isChecked?.(item, i)}
        aria-posinset={i + 1}
        aria-setsize={items.length}
        className={
          'jp-MlflowSidebar-row' +
          (active ? ' jp-mod-active' : '') +
          (props.rowClassName ? ` ${props.rowClassName(item, i)}` : '')
        }
        style={{ top: i * rowHeight, height: rowHeight }}
        onClick={event => {
          onActiveChange(i);
          if (onToggle && (event.ctrlKey || event.metaKey)) {
            onToggle(i);
          } else {
            onActivate(i);
          }
        }}
      >
        {props.renderRow(item, i)}
      </div>
    );
  }

  return (
    <div
      ref={setEl}
      className={`jp-MlflowSidebar-virtualList ${props.className ?? ''}`}
      role="listbox"
      tabIndex={0}
      aria-label={props.ariaLabel}
      aria-activedescendant={
        activeIndex >= start && activeIndex < end
          ? `${props.idPrefix}-row-${activeIndex}`
          : undefined
      }
      // Arrow keys and Enter belong to the list, not to JupyterLab's shortcuts.
      data-lm-suppress-shortcuts=""
      onKeyDown={onKeyDown}
      onScroll={event =>
        setScrollTop((event.target as HTMLDivElement).scrollTop)
      }
    >
      <div
        className="jp-MlflowSidebar-virtualSpacer"
        style={{ height: items.length * rowHeight }}
      >
        {rows}
      </div>
      {props.footer}
    </div>
  );
}
