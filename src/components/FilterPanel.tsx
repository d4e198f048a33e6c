/** Filters of the span tree: span types and errors only. */
import React from 'react';
import { useTrans } from './i18n';
import { ErrorIcon, SpanTypeIcon } from './icons';
import { EMPTY_FILTER, IFilterState, isFilterActive } from './state/filter';
import { capText, formatCount } from './state/format';

/** Span types listed in the filter panel (hostile traces may have thousands). */
const MAX_FILTER_TYPES = 40;

export function FilterPanel(props: {
  id: string;
  types: Array<{ type: string; count: number }>;
  filter: IFilterState;
  errorCount: number;
  onChange: (f: IFilterState) => void;
}): JSX.Element {
  const { filter, onChange } = props;
  const trans = useTrans();
  const shown = props.types.slice(0, MAX_FILTER_TYPES);
  const toggleType = (t: string) => {
    const hidden = new Set(filter.hiddenTypes);
    if (hidden.has(t)) {
      hidden.delete(t);
    } else {
      hidden.add(t);
    }
    onChange({ ...filter, hiddenTypes: hidden });
  };
  return (
    <div className="jp-MlflowTrace-filters" id={props.id}>
      <fieldset>
        <legend>{trans.__('Span types')}</legend>
        {shown.map(({ type, count }) => (
          <label key={type} className="jp-MlflowTrace-filterType">
            <input
              type="checkbox"
              checked={!filter.hiddenTypes.has(type)}
              onChange={() => toggleType(type)}
            />
            <SpanTypeIcon spanType={type} />
            <span>{capText(type, 60).text}</span>
            <span className="jp-MlflowTrace-note">{formatCount(count)}</span>
          </label>
        ))}
        {props.types.length > shown.length && (
          <span className="jp-MlflowTrace-note">
            {trans._n(
              'and %2 more type',
              'and %2 more types',
              props.types.length - shown.length,
              formatCount(props.types.length - shown.length)
            )}
          </span>
        )}
      </fieldset>
      <label className="jp-MlflowTrace-filterType">
        <input
          type="checkbox"
          checked={filter.errorsOnly}
          onChange={() =>
            onChange({ ...filter, errorsOnly: !filter.errorsOnly })
          }
        />
        <ErrorIcon />
        <span>{trans.__('Errors only')}</span>
        <span className="jp-MlflowTrace-note">
          {formatCount(props.errorCount)}
        </span>
      </label>
      {isFilterActive(filter) && (
        <button
          type="button"
          className="jp-MlflowTrace-miniButton"
          onClick={() => onChange(EMPTY_FILTER)}
        >
          {trans.__('Reset filters')}
        </button>
      )}
    </div>
  );
}
