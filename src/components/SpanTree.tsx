/**
 * Virtualized span tree with an inline gantt bar per row on one shared
 * time axis. Rows have a fixed height and are absolutely positioned inside
 * a tall spacer; only the rows in view (plus overscan) are in the DOM, so
 * 50,000 spans cost the same as 50.
 *
 * Keyboard (WAI-ARIA tree): the tree element holds focus and points at the
 * selected row with aria-activedescendant; selection follows focus. Keys
 * with a modifier, and keys the tree does not use, reach the notebook.
 */
import React from 'react';
import type { ICriticalSegment } from '../model/criticalPath';
import type { ISpan, ITrace } from '../model/types';
import { useElementSize } from './hooks';
import { hasModifier, keepKey } from './keys';
import { typeClass } from './icons';
import { useTrans } from './i18n';
import { TimeAxis } from './TimeAxis';
import { TimeIssueMark } from './TimeIssueMark';
import { CriticalRows, segmentsInBar } from './state/critical';
import { spanTypeKey } from './state/filter';
import { capText, formatDuration, revealInvisibleText } from './state/format';
import { Highlighted } from './Highlighted';
import { ANCESTOR, IKeepMask, hasVisibleChildren } from './state/tree';
import { barInWindow } from './state/zoom';

export const ROW_HEIGHT = 24;
export const AXIS_HEIGHT = 24;
export const OVERSCAN = 8;
/** Names longer than this are cut in rows (the detail pane has the rest). */
const NAME_CAP = 300;
/** Indentation stops growing after this depth (10k-deep chains exist). */
const MAX_INDENT_DEPTH = 30;
const INDENT = 14;

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

interface IRowProps {
  span: ISpan;
  id: string;
  top: number;
  hasKids: boolean;
  open: boolean;
  selected: boolean;
  dimmed: boolean;
  match: boolean;
  currentMatch: boolean;
  /** The toggle is on (bars off the path are dimmed). */
  criticalShown: boolean;
  /** This span's parts of the critical path (the toggle is on). */
  pathSegments: readonly ICriticalSegment[] | undefined;
  query: string;
  /** False when the span lies outside the zoomed range: no bar. */
  inRange: boolean;
  left: number;
  width: number;
  /** The bar's start and end as drawn (clipped to the zoomed range). */
  barStartMs: number;
  barEndMs: number;
  showTimeline: boolean;
  posInSet: number;
  setSize: number;
  onSelect: (i: number) => void;
  onToggle: (i: number, open?: boolean) => void;
}

function RowImpl(props: IRowProps): JSX.Element {
  const { span } = props;
  const trans = useTrans();
  const type = spanTypeKey(span.spanType);
  const name = capText(span.name || trans.__('(unnamed span)'), NAME_CAP).text;
  const depth = Math.min(span.depth, MAX_INDENT_DEPTH);
  const isError = span.status === 'ERROR';
  const cls = [
    'jp-MlflowTrace-row',
    props.selected ? 'jp-mod-selected' : '',
    props.dimmed ? 'jp-mod-dimmed' : '',
    props.match ? 'jp-mod-match' : '',
    props.currentMatch ? 'jp-mod-currentMatch' : '',
    isError ? 'jp-mod-error' : '',
    props.pathSegments ? 'jp-mod-critical' : ''
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="treeitem"
      id={props.id}
      className={cls}
      style={{
        top: props.top,
        height: ROW_HEIGHT,
        paddingLeft: depth * INDENT
      }}
      aria-level={span.depth + 1}
      aria-expanded={props.hasKids ? props.open : undefined}
      aria-selected={props.selected}
      aria-posinset={props.posInSet || undefined}
      aria-setsize={props.setSize || undefined}
      data-span-index={span.index}
      title={props.pathSegments ? trans.__('On the critical path') : undefined}
      onClick={() => props.onSelect(span.index)}
      onDoubleClick={() => props.hasKids && props.onToggle(span.index)}
    >
      {props.hasKids && (
        <span
          className={`jp-MlflowTrace-chevron jp-MlflowTrace-icon-chevron${
            props.open ? ' jp-mod-open' : ''
          }`}
          onClick={e => {
            e.stopPropagation();
            props.onToggle(span.index);
          }}
        />
      )}
      {/* The type class gives the label its icon (drawn before the name). */}
      <span
        className={`jp-MlflowTrace-rowLabel ${typeClass(type)}`}
        title={revealInvisibleText(name)}
      >
        <Highlighted text={name} query={props.query} />
      </span>
      {props.pathSegments && (
        <span className="jp-MlflowTrace-srOnly">
          {trans.__('on the critical path')}
        </span>
      )}
      {isError && (
        <span
          className="jp-MlflowTrace-rowError jp-MlflowTrace-icon-error"
          title={trans.__('Error')}
        >
          <span className="jp-MlflowTrace-srOnly">{trans.__('error')}</span>
        </span>
      )}
      <span className="jp-MlflowTrace-rowDuration">
        {span.timeIssue ? (
          <TimeIssueMark issue={span.timeIssue} subject="span" />
        ) : (
          formatDuration(span.durationMs)
        )}
      </span>
      {props.showTimeline && (
        <span className="jp-MlflowTrace-rowTimeline" aria-hidden="true">
          {props.inRange && (
            <span
              className={`jp-MlflowTrace-bar ${typeClass(type)}${
                span.endMs === null ? ' jp-mod-open' : ''
              }${isError ? ' jp-mod-error' : ''}${
                props.criticalShown ? ' jp-mod-pathShown' : ''
              }`}
              style={{ left: `${props.left}%`, width: `${props.width}%` }}
            >
              {props.pathSegments &&
                segmentsInBar(
                  props.barStartMs,
                  props.barEndMs,
                  props.pathSegments
                ).map(([left, width], k) => (
                  <span
                    key={k}
                    className="jp-MlflowTrace-pathSegment"
                    style={{ left: `${left}%`, width: `${width}%` }}
                  />
                ))}
            </span>
          )}
        </span>
      )}
    </div>
  );
}

/** Rows re-render only when their own props change (scrolling reuses them). */
const Row = React.memo(RowImpl);

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

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (rows.length === 0 || hasModifier(e)) {
      return; // Shift+Enter, Ctrl+S... are the notebook's
    }
    const pos = selected === null ? -1 : rows.indexOf(selected);
    const page = Math.max(
      1,
      Math.floor((viewport.height - AXIS_HEIGHT) / ROW_HEIGHT) - 1
    );
    const goto = (p: number) => {
      const q = Math.max(0, Math.min(rows.length - 1, p));
      select(rows[q], q);
    };
    let handled = true;
    if (pos < 0 && e.key !== 'Tab') {
      // Nothing selected in view yet: any navigation key starts at the top.
      if (
        [
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
        ].includes(e.key)
      ) {
        keepKey(e);
        goto(e.key === 'End' ? rows.length - 1 : 0);
      }
      return;
    }
    const i = rows[pos];
    const kids = hasVisibleChildren(trace, i, mask);
    const open = expanded.has(i);
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
        goto(pos + page);
        break;
      case 'PageUp':
        goto(pos - page);
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
          const parent = trace.spans[i].parentIndex;
          const pp = parent >= 0 ? rows.indexOf(parent) : -1;
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
  };

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
      <Row
        key={i}
        span={span}
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
