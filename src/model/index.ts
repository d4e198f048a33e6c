/**
 * Public API of the trace model: pure data, no DOM.
 */

export * from './types';
export {
  parseMimeBundle,
  parseTracePayload,
  parseRendererSrc,
  ENVELOPE_VERSION
} from './bundle';
export { referencesOf } from './references';
export type { IBundleReferences } from './references';
export {
  traceFromJson,
  traceFromRest,
  summaryFromInfo,
  summariesFromSearch,
  parseTraceInfo,
  parseAssessment,
  mapTraceState,
  TraceParseError
} from './trace';
export type { ITraceInfo } from './trace';
export { parseChat } from './chat';
export { spanTokenUsage, spanCost, usageFromDict, costFromDict } from './usage';
export { decodeAttribute, decodeBundleJson } from './json';
export {
  normalizeSpanId,
  normalizeTraceId,
  traceIdHex,
  nanosToMs,
  parseTimestampMs,
  parseDurationMs
} from './ids';
export { attributesToRecord, otelAnyValue } from './attributes';
export { experimentsFromSearch, parseExperiment } from './experiments';
export type { IExperimentSummary, IExperimentPage } from './experiments';
