/**
 * Filters of the span tree, as in MLflow's trace UI: span types, a minimum
 * MLflow log level, errors only, and two settings (show the parents of
 * kept spans, always show spans with an exception).
 */
import { HTMLSelect } from '@jupyterlab/ui-components';
import React from 'react';
import { DEBUG_LEVEL } from '../model/logLevel';
import type { ITrace } from '../model/types';
import { TranslationBundle, useTrans } from './i18n';
import { ErrorIcon, SpanTypeIcon } from './icons';
import { hasModifier } from './keys';
import {
  EMPTY_FILTER,
  IFilterState,
  isFilterChanged,
  logLevelCounts
} from './state/filter';
import { capText, formatCount } from './state/format';

/** Span types listed in the filter panel (hostile traces may have thousands). */
const MAX_FILTER_TYPES = 40;

/** MLflow's levels, with what each minimum keeps (as MLflow's UI says it). */
function levelChoices(trans: TranslationBundle) {
  return [
    { value: 10, label: trans.__('Debug'), note: trans.__('all spans') },
    {
      value: 20,
      label: trans.__('Info'),
      note: trans.__('model, tool, retriever, agent and embedding spans')
    },
    {
      value: 30,
      label: trans.__('Warning'),
      note: trans.__('spans set to Warning or above')
    },
    {
      value: 40,
      label: trans.__('Error'),
      note: trans.__('spans with an exception, or set to Error or above')
    },
    {
      value: 50,
      label: trans.__('Critical'),
      note: trans.__('spans set to Critical')
    }
  ];
}

/**
 * A select's own keys (arrows, paging, type-ahead letters, Space, Enter):
 * kept from the notebook, whose command mode would act on them.
 */
function keepSelectKeys(e: React.KeyboardEvent): void {
  if (hasModifier(e) || e.key === 'Escape' || e.key === 'Tab') {
    return;
  }
  if (e.key.length === 1 || /^(Arrow|Page|Home|End|Enter)/.test(e.key)) {
    e.stopPropagation();
  }
}

/**
 * One checkbox of the panel: icon, words, and how many spans it concerns.
 * A native checkbox: ui-components offers none (only a Switch). The span
 * type icons stay CSS masks (icons.css): ui-components has no such icons,
 * and the tree rows draw the same ones in one element each.
 */
function FilterCheckbox(props: {
  checked: boolean;
  onChange: () => void;
  label: string;
  icon?: JSX.Element;
  count?: number;
  title?: string;
}): JSX.Element {
  return (
    <label className="jp-MlflowTrace-filterType" title={props.title}>
      <input
        type="checkbox"
        checked={props.checked}
        onChange={props.onChange}
      />
      {props.icon}
      <span>{props.label}</span>
      {props.count !== undefined && (
        <span className="jp-MlflowTrace-note">{formatCount(props.count)}</span>
      )}
    </label>
  );
}

export function FilterPanel(props: {
  id: string;
  trace: ITrace;
  types: Array<{ type: string; count: number }>;
  filter: IFilterState;
  errorCount: number;
  onChange: (f: IFilterState) => void;
}): JSX.Element {
  const { filter, onChange, trace } = props;
  const trans = useTrans();
  const levels = React.useMemo(() => logLevelCounts(trace), [trace]);
  const shown = props.types.slice(0, MAX_FILTER_TYPES);
  const choices = levelChoices(trans);
  const current =
    choices.find(c => c.value === filter.minLogLevel) ?? choices[0];
  const toggleType = (t: string) => {
    const hidden = new Set(filter.hiddenTypes);
    if (hidden.has(t)) {
      hidden.delete(t);
    } else {
      hidden.add(t);
    }
    onChange({ ...filter, hiddenTypes: hidden });
  };
  const levelId = `${props.id}-level`;
  return (
    <div className="jp-MlflowTrace-filters" id={props.id}>
      <fieldset>
        <legend>{trans.__('Span types')}</legend>
        {shown.map(({ type, count }) => (
          <FilterCheckbox
            key={type}
            checked={!filter.hiddenTypes.has(type)}
            onChange={() => toggleType(type)}
            icon={<SpanTypeIcon spanType={type} />}
            label={capText(type, 60).text}
            count={count}
          />
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
      <div className="jp-MlflowTrace-filterLevel">
        <label htmlFor={levelId}>{trans.__('Minimum log level')}</label>
        <HTMLSelect
          id={levelId}
          className="jp-MlflowTrace-levelSelect"
          value={current.value}
          options={choices.map(c => ({ value: c.value, label: c.label }))}
          onChange={e =>
            onChange({ ...filter, minLogLevel: Number(e.target.value) })
          }
          onKeyDown={keepSelectKeys}
          aria-describedby={`${levelId}-note`}
        />
        <span className="jp-MlflowTrace-note" id={`${levelId}-note`}>
          {levels.recorded === 0 && filter.minLogLevel > DEBUG_LEVEL
            ? trans.__(
                'No span of this trace has a log level (MLflow before 3.13): all count as Debug.'
              )
            : trans.__(
                '%1: %2 of %3 spans',
                current.note,
                formatCount(levels.atOrAbove(current.value)),
                formatCount(trace.spans.length)
              )}
        </span>
      </div>
      <fieldset>
        <legend>{trans.__('Show')}</legend>
        <FilterCheckbox
          checked={filter.errorsOnly}
          onChange={() =>
            onChange({ ...filter, errorsOnly: !filter.errorsOnly })
          }
          icon={<ErrorIcon />}
          label={trans.__('Errors only')}
          count={props.errorCount}
        />
        <FilterCheckbox
          checked={filter.showParents}
          onChange={() =>
            onChange({ ...filter, showParents: !filter.showParents })
          }
          label={trans.__('Parents of matches')}
          title={trans.__(
            'Keep the parents of the spans the filters keep (dimmed); off, the spans move up under their nearest kept parent'
          )}
        />
        <FilterCheckbox
          checked={filter.showExceptions}
          onChange={() =>
            onChange({ ...filter, showExceptions: !filter.showExceptions })
          }
          label={trans.__('Spans with exceptions')}
          count={levels.exceptions}
          title={trans.__(
            'Always show spans with an exception event, whatever the other filters'
          )}
        />
      </fieldset>
      {isFilterChanged(filter) && (
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
