/**
 * Virtualized span tree with an inline gantt bar per row on one shared
 * time axis. Rows (SpanRow) have a fixed height and are absolutely
 * positioned inside a tall spacer; only the rows in view (plus overscan)
 * are in the DOM, so 50,000 spans cost the same as 50. Keys: spanTreeKeys.
 */
import React from 'react';
import type { ITrace } from '../model/types';
import { useElementSize } from './hooks';
import { useTrans } from './i18n';
import { TimeAxis } from './TimeAxis';
import { CriticalRows } from './state/critical';
import { ANCESTOR, IKeepMask, hasVisibleChildren } from './state/tree';
import { barInWindow } from './state/zoom';
import { ROW_HEIGHT, SpanRow } from './SpanRow';
import { onTreeKey } from './spanTreeKeys';

export { ROW_HEIGHT };
export const AXIS_HEIGHT = 24;
export const OVERSCAN = 8;

export interface ISpanTreeProps {
  trace: ITrace;
  /** Visible rows: span indices in display order. */
  rows: number[];
  expanded: ReadonlySet<number>;
  mask: IKeepMask | null;
  selected: number | null;
  onSelect: (i: number) => void;
  onToggle: (i: number, open?: boolean) => void;
  /** Search query, for highlighting names. */
  query: string;
  matches: ReadonlySet<number> | null;
  currentMatch: number | null;
  /** Shared time domain [t0, t1] in epoch ms. */
  domain: [number, number];
  /** Incremented by the parent to scroll the selected row into view. */
  scrollRequest: number;
  idPrefix: string;
  showTimeline: boolean;
  positions: { pos: Int32Array; size: Int32Array };
  /** Height used until the scroll container can be measured. */
  fallbackHeight: number;
  /** Spans on the critical path, while it is shown (else null or absent). */
  critical?: CriticalRows | null;
  /** The zoomed time range [start, end] in epoch ms (absent: the whole domain). */
  timeWindow?: readonly [number, number];
}

export function SpanTree(props: ISpanTreeProps): JSX.Element {
  const {
    trace,
    rows,
    expanded,
    mask,
    selected,
    onSelect,
    onToggle,
    domain,
    idPrefix
  } = props;
  const scrollRef = React.useRef<HTMLDivElement | null>(null);
  const [scrollEl, setScrollEl] = React.useState<HTMLDivElement | null>(null);
  // Stable callback ref: a new function per render would re-run it.
  const setScrollRef = React.useCallback((el: HTMLDivElement | null) => {
    scrollRef.current = el;
    setScrollEl(el);
  }, []);
  const [axisCell, setAxisCell] = React.useState<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const viewport = useElementSize(scrollEl, {
    width: 600,
    height: props.fallbackHeight
  });
  const axisSize = useElementSize(axisCell, { width: 240, height: 0 });

  const trans = useTrans();
  const rowId = (i: number) => `${idPrefix}-span-${i}`;

  /** Scroll so row position `pos` is fully visible below the sticky axis. */
  const ensureVisible = React.useCallback(
    (pos: number) => {
      const el = scrollRef.current;
      if (!el || pos < 0) {
        return;
      }
      const current = el.scrollTop;
      const minTop = AXIS_HEIGHT + (pos + 1) * ROW_HEIGHT - viewport.height;
      const maxTop = pos * ROW_HEIGHT;
      let next = current;
      if (current > maxTop) {
        next = maxTop;
      } else if (current < minTop) {
        next = minTop;
      }
      if (next !== current) {
        el.scrollTop = next;
        // Also set state: jsdom (and some hosts) fire no scroll event.
        setScrollTop(next);
      }
    },
    [viewport.height]
  );

  // Parent asked to reveal the selection (search next/prev, filters).
  React.useLayoutEffect(() => {
    if (props.scrollRequest > 0 && selected !== null) {
      ensureVisible(rows.indexOf(selected));
    }
    // Only on explicit requests: expanding a node must not jump back.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on purpose (above)
  }, [props.scrollRequest]);

  const select = (i: number, pos: number) => {
    onSelect(i);
    ensureVisible(pos);
  };

  const onKeyDown = (e: React.KeyboardEvent) =>
    onTreeKey(e, {
      trace,
      rows,
      selected,
      expanded,
      mask,
      pageRows: Math.max(
        1,
        Math.floor((viewport.height - AXIS_HEIGHT) / ROW_HEIGHT) - 1
      ),
      select,
      onSelect,
      onToggle
    });

  // Visible window.
  const bodyHeight = rows.length * ROW_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + viewport.height) / ROW_HEIGHT) + OVERSCAN
  );
  const [t0, t1] = domain;
  const [w0, w1] = props.timeWindow ?? domain;
  const rendered: JSX.Element[] = [];
  for (let r = first; r < last; r++) {
    const i = rows[r];
    const span = trace.spans[i];
    const start = Number.isFinite(span.startMs) ? span.startMs : t0;
    const end =
      span.endMs !== null && Number.isFinite(span.endMs) ? span.endMs : t1;
    const bar = barInWindow(start, end, w0, w1);
    const isMatch = props.matches?.has(i) ?? false;
    rendered.push(
      <SpanRow
        key={i}
        span={span}
        depth={mask?.depth ? mask.depth[i] : span.depth}
        id={rowId(i)}
        top={r * ROW_HEIGHT}
        hasKids={hasVisibleChildren(trace, i, mask)}
        open={expanded.has(i)}
        selected={selected === i}
        dimmed={mask ? mask.keep[i] === ANCESTOR : false}
        match={isMatch}
        currentMatch={props.currentMatch === i}
        criticalShown={!!props.critical}
        pathSegments={props.critical?.get(i)}
        query={isMatch ? props.query : ''}
        inRange={bar !== null}
        left={bar?.[0] ?? 0}
        width={bar?.[1] ?? 0}
        barStartMs={Math.max(start, w0)}
        barEndMs={Math.min(end, w1)}
        showTimeline={props.showTimeline}
        posInSet={props.positions.pos[i]}
        setSize={props.positions.size[i]}
        onSelect={onSelect}
        onToggle={onToggle}
      />
    );
  }
  const activeId =
    selected !== null && rows.indexOf(selected) >= 0
      ? rowId(selected)
      : undefined;

  // The axis sticks to the top only when the rows scroll: a sticky header
  // costs the page's compositing on every frame of a notebook scroll.
  const scrolls = AXIS_HEIGHT + bodyHeight > viewport.height + 1;
  return (
    <div
      className={`jp-MlflowTrace-treeScroll${scrolls ? ' jp-mod-scrolls' : ''}`}
      ref={setScrollRef}
      onScroll={e => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div
        className="jp-MlflowTrace-treeHeader"
        style={{ height: AXIS_HEIGHT }}
      >
        <div className="jp-MlflowTrace-treeHeaderName">
          {trans.__('Span')}{' '}
          <span className="jp-MlflowTrace-note">
            {trans.__('(%1 shown)', rows.length.toLocaleString('en-US'))}
          </span>
        </div>
        {props.showTimeline && (
          <div className="jp-MlflowTrace-treeHeaderTimeline" ref={setAxisCell}>
            <TimeAxis
              extentMs={w1 - w0}
              startMs={w0 - t0}
              width={axisSize.width}
              height={AXIS_HEIGHT}
            />
          </div>
        )}
      </div>
      <div
        role="tree"
        aria-label={trans.__('Spans')}
        aria-activedescendant={activeId}
        tabIndex={0}
        className="jp-MlflowTrace-treeBody"
        style={{ height: bodyHeight }}
        onKeyDown={onKeyDown}
      >
        {rendered}
      </div>
    </div>
  );
}
