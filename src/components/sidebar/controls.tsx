/**
 * Small shared pieces of the sidebar views: icons, a debounced search box,
 * a ticking clock, messages with an action.
 */
import React from 'react';

import { useDebounced } from '../hooks';

export const SEARCH_DEBOUNCE_MS = 300;

function Svg(props: { children: React.ReactNode; size?: number }): JSX.Element {
  const size = props.size ?? 14;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      className="jp-MlflowSidebar-icon"
    >
      {props.children}
    </svg>
  );
}

export function RefreshIcon(): JSX.Element {
  return (
    <Svg>
      <path
        d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2v3.5H10"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </Svg>
  );
}

export function SearchIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <circle
        cx="7"
        cy="7"
        r="4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
      <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.6" />
    </Svg>
  );
}

export function NotebookIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <rect
        x="3"
        y="1.5"
        width="10"
        height="13"
        rx="1.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
      />
      <path
        d="M5.5 5h5M5.5 8h5M5.5 11h3"
        stroke="currentColor"
        strokeWidth="1.2"
      />
    </Svg>
  );
}

/**
 * A search input that reports its value after typing pauses (Enter: at
 * once; Escape: clears). Follows `value` when it changes from outside.
 */
export function SearchBox(props: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  className?: string;
  title?: string;
}): JSX.Element {
  const { value, onChange } = props;
  const [text, setText] = React.useState(value);
  const debounced = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const reported = React.useRef(value);

  React.useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(value);
    }
  }, [value]);

  // Parents pass a new onChange on every render: keep `report` stable, or
  // the effect below would re-report a stale debounced value.
  const onChangeRef = React.useRef(onChange);
  onChangeRef.current = onChange;
  const report = React.useCallback((next: string) => {
    if (next !== reported.current) {
      reported.current = next;
      onChangeRef.current(next);
    }
  }, []);

  React.useEffect(() => {
    report(debounced);
  }, [debounced, report]);

  return (
    <label
      className={`jp-MlflowSidebar-search ${props.className ?? ''}`}
      title={props.title}
    >
      <SearchIcon />
      <input
        type="search"
        className="jp-MlflowSidebar-searchInput"
        value={text}
        placeholder={props.placeholder}
        aria-label={props.label}
        spellCheck={false}
        onChange={event => setText(event.target.value)}
        onKeyDown={event => {
          if (event.key === 'Enter') {
            report(text);
          } else if (event.key === 'Escape' && text) {
            event.stopPropagation();
            setText('');
            report('');
          }
        }}
      />
    </label>
  );
}

/** Current time, updated every `intervalMs` (relative times stay right). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** An empty, loading or error state: what happened and what to do next. */
export function PaneMessage(props: {
  kind: 'empty' | 'loading' | 'error' | 'info';
  title: string;
  detail?: React.ReactNode;
  action?: { label: string; onClick: () => void };
  secondaryAction?: { label: string; onClick: () => void };
}): JSX.Element {
  return (
    <div
      className={`jp-MlflowSidebar-message jp-mod-${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
    >
      {props.kind === 'loading' && (
        <span className="jp-MlflowSidebar-spinner" aria-hidden="true" />
      )}
      <div className="jp-MlflowSidebar-messageTitle">{props.title}</div>
      {props.detail && (
        <div className="jp-MlflowSidebar-messageDetail">{props.detail}</div>
      )}
      {(props.action || props.secondaryAction) && (
        <div className="jp-MlflowSidebar-messageActions">
          {props.action && (
            <button
              type="button"
              className="jp-MlflowSidebar-button jp-mod-accept"
              onClick={props.action.onClick}
            >
              {props.action.label}
            </button>
          )}
          {props.secondaryAction && (
            <button
              type="button"
              className="jp-MlflowSidebar-button"
              onClick={props.secondaryAction.onClick}
            >
              {props.secondaryAction.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
