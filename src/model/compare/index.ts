/**
 * Trace comparison (issue 12, item 1): span matching by path, deltas, text
 * diff. Pure data; loaded with the comparison's lazy chunk only.
 */
export { alignByName, matchSpans } from './match';
export type { ISpanPair, PairKind } from './match';
export { compareTraces, metricDelta } from './deltas';
export type { IMetricDelta, ISpanComparison, ITraceComparison } from './deltas';
export {
  diffLines,
  diffText,
  diffWords,
  diffTokens,
  diffableText,
  splitLines,
  splitWords
} from './textDiff';
export type { DiffOpKind, IDiffOp } from './textDiff';
