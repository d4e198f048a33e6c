/**
 * Small shared pieces of the sidebar views: a debounced search box, a
 * ticking clock, messages with an action.
 */
import { InputGroup, searchIcon } from '@jupyterlab/ui-components';
import React from 'react';

import { useDebounced } from '../hooks';

export const SEARCH_DEBOUNCE_MS = 300;

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

  // JupyterLab's InputGroup; not FilterBox, which filters a list in the
  // browser on each key, while this asks the server once typing pauses.
  return (
    <InputGroup
      className={`jp-MlflowSidebar-search ${props.className ?? ''}`.trim()}
      type="search"
      rightIcon={searchIcon}
      value={text}
      placeholder={props.placeholder}
      aria-label={props.label}
      title={props.title}
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
