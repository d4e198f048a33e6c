/**
 * The comparison glue's strings, in one place for a translation layer
 * (the views' strings are in components/compare/strings.ts).
 */
export const PICKER_STRINGS = {
  title: (other: string): string => `Compare “${other}” with…`,
  compare: 'Compare',
  filter: 'Filter traces',
  listLabel: 'Traces to compare with',
  notebookGroup: 'This notebook',
  experimentGroup: 'Current experiment',
  none: 'No other trace to compare with: run the cell again, or pick a trace of the experiment.',
  experimentUnavailable: (experimentId: string, reason: string): string =>
    `The traces of experiment ${experimentId} are not listed: ${reason}`
} as const;

export const COMPARE_STRINGS = {
  compareWith: 'Compare with…',
  compareWithCaption:
    'Compare this trace with another of this notebook or of the experiment',
  compareTraces: 'Compare MLflow Traces…',
  noTraceHere:
    'MLflow traces: this output holds no trace to compare (pick an output that shows a trace)',
  noActiveTrace:
    'MLflow traces: the active cell has no output with a trace to compare',
  failedToLoad: (message: string): string =>
    `MLflow traces: the comparison failed to load: ${message}`,
  traceUnavailable: (traceId: string, message: string): string =>
    `MLflow traces: trace ${traceId} could not be read for the comparison: ${message}`,
  tabCaption: (a: string, b: string): string =>
    `MLflow traces compared: ${a} and ${b}`
} as const;
