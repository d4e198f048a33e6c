/**
 * Public API of the trace model: pure data, no DOM.
 *
 * Light modules, safe for code that loads at start-up: `types` (types, MIME
 * types, `ENVELOPE_VERSION`), `references` (`referencesOf`: trace ids of a
 * bundle), `iframe` (MLflow's notebook iframe), `info` (trace info and the
 * sidebar's summaries), `experiments`, `json`, `ids`, `attributes`, `usage`.
 * Heavy modules, loaded with the viewer: `bundle` (`parseMimeBundle`),
 * `trace` (whole traces), `spans`, `tree`, `chat`. Start-up code imports the
 * light modules by path, not this index, so the build's chunks stay split.
 */

export * from './types';
export {
  parseMimeBundle,
  parseMimeBundleAsync,
  parseTracePayload
} from './bundle';
export type { IParseOptions } from './bundle';
export type { ISliceOptions } from './slices';
export { parseRendererSrc, mlflowIframeOf } from './iframe';
export type { IRendererSrc } from './iframe';
export { envelopeSpanCount, referencesOf } from './references';
export type { IBundleReferences } from './references';
export {
  summaryFromInfo,
  summariesFromSearch,
  parseTraceInfo,
  parseAssessment,
  mapTraceState
} from './info';
export type { ITraceInfo } from './info';
export { traceFromJson, traceFromRest, TraceParseError } from './trace';
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
