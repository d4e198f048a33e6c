/**
 * The comparison glue's words, in one place, each through the translation
 * bundle (the views' words are in components/compare).
 */
import type { TranslationBundle } from '../components/i18n';

export type PickerStrings = ReturnType<typeof pickerStrings>;

export function pickerStrings(trans: TranslationBundle) {
  return {
    title: (other: string): string => trans.__('Compare “%1” with…', other),
    compare: trans.__('Compare'),
    filter: trans.__('Filter traces'),
    listLabel: trans.__('Traces to compare with'),
    notebookGroup: trans.__('This notebook'),
    experimentGroup: trans.__('Current experiment'),
    none: trans.__(
      'No other trace to compare with: run the cell again, or pick a trace of the experiment.'
    ),
    experimentUnavailable: (experimentId: string, reason: string): string =>
      trans.__(
        'The traces of experiment %1 are not listed: %2',
        experimentId,
        reason
      )
  };
}

export function compareStrings(trans: TranslationBundle) {
  return {
    compareWith: trans.__('Compare with…'),
    compareWithCaption: trans.__(
      'Compare this trace with another of this notebook or of the experiment'
    ),
    compareTraces: trans.__('Compare MLflow Traces…'),
    compareTracesCaption: trans.__('Compare two MLflow traces side by side'),
    category: trans.__('MLflow Traces'),
    noTraceHere: trans.__(
      'MLflow traces: this output holds no trace to compare (pick an output that shows a trace)'
    ),
    noActiveTrace: trans.__(
      'MLflow traces: the active cell has no output with a trace to compare'
    ),
    failedToLoad: (message: string): string =>
      trans.__('MLflow traces: the comparison failed to load: %1', message),
    traceUnavailable: (traceId: string, message: string): string =>
      trans.__(
        'MLflow traces: trace %1 could not be read for the comparison: %2',
        traceId,
        message
      ),
    tabLabel: (a: string, b: string): string =>
      a === b ? trans.__('Compare: %1', a) : trans.__('Compare: %1 ↔ %2', a, b),
    tabCaption: (a: string, b: string): string =>
      trans.__('MLflow traces compared: %1 and %2', a, b)
  };
}

/** Where a candidate trace was found, as the picker and the view name it. */
export function sourceNames(trans: TranslationBundle) {
  return {
    thisOutput: trans.__('this output'),
    activeCell: trans.__('active cell'),
    /** A cell by its execution count, "cell [3]", else its position, "cell #4". */
    cell: (count: unknown, index: number): string =>
      typeof count === 'number'
        ? trans.__('cell [%1]', count)
        : trans.__('cell #%1', index + 1),
    experiment: (experimentId: string): string =>
      trans.__('experiment %1', experimentId),
    trackingServer: trans.__('tracking server'),
    noSuchTrace: (traceId: string): string =>
      trans.__('the tracking server returned no trace %1', traceId)
  };
}
