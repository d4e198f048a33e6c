/**
 * The normalized trace model.
 *
 * Every MLflow payload shape (MLflow 2 and 3 `Trace.to_json`, OpenTelemetry
 * proto JSON, REST trace info v2/v3, Databricks payloads, the notebook iframe)
 * is turned into these types by `parseMimeBundle` / `traceFromRest`. Views
 * only ever see these types, never raw MLflow JSON.
 *
 * Pure data: no DOM, no JupyterLab imports.
 */

/** Status of one span, after mapping `STATUS_CODE_*`, `OK`, numeric OTel codes. */
export type SpanStatus = 'OK' | 'ERROR' | 'UNSET';

/** State of a whole trace (v2 `status`, v3 `state`). */
export type TraceState = 'OK' | 'ERROR' | 'IN_PROGRESS' | 'UNSPECIFIED';

export interface ITokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
}

export interface ICost {
  inputCost?: number;
  outputCost?: number;
  totalCost?: number;
}

export interface IChatToolCall {
  id?: string;
  name: string;
  /** Decoded arguments (JSON-decoded when they were a JSON string). */
  arguments: unknown;
}

export interface IChatMessage {
  /** `system`, `user`, `assistant`, `tool`, ... (lowercase). */
  role: string;
  /** Plain text content; structured parts are flattened to text. */
  content: string;
  toolCalls?: IChatToolCall[];
  /** For `tool` messages: the id of the call this answers. */
  toolCallId?: string;
  name?: string;
  /** Images the message carries, described only: content loads nothing. */
  images?: IChatImage[];
  /** Reasoning or thinking text the model returned before its answer. */
  reasoning?: string[];
}

/** An image in a chat message, as a placeholder: what it is, never its bytes. */
export interface IChatImage {
  /** `mlflow-attachment://…` (stored by MLflow), an address, or inline data. */
  source: 'attachment' | 'url' | 'inline';
  /** The address as recorded (attachments and URLs only; never fetched). */
  url?: string;
  mimeType?: string;
  /** Size in bytes when the record says. */
  size?: number;
}

export interface IChatTool {
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface IChat {
  messages: IChatMessage[];
  tools: IChatTool[];
  /** Which parser recognized it: `openai`, `anthropic`, `langchain`, ... */
  format: string;
}

export interface ISpanEvent {
  name: string;
  /** Epoch milliseconds (microsecond event times are detected and converted). */
  timeMs: number | null;
  attributes: Record<string, unknown>;
}

/** An OTel span link (MLflow `Span.links`, model/links.ts). */
export interface ISpanLink {
  /** `tr-…` (bare OTel ids get MLflow's prefix), `trace:/…`; '' when absent. */
  traceId: string;
  /** Normalized like `ISpan.id`; '' when absent. */
  spanId: string;
  attributes: Record<string, unknown>;
}

export interface ISpanException {
  type: string;
  message: string;
  stacktrace?: string;
}

/** How finely a duration is known: to the nanosecond or to the millisecond. */
export type DurationPrecision = 'ns' | 'ms';

/**
 * Why a time cannot be shown as a duration. The model never clamps or drops
 * such values: it keeps what the payload said, sets `durationMs` to null and
 * flags the span (and counts it on the trace) so views can warn.
 * - `end-before-start`: the end time is earlier than the start time.
 * - `non-finite-time`: a time is present but is not a finite point in time
 *   (NaN, Infinity, not a number, or outside what a clock can show: more than
 *   8.64e15 ms from 1970, the range of a JavaScript Date).
 */
export type TimeIssue = 'end-before-start' | 'non-finite-time';

export interface ISpan {
  /** Position in `ITrace.spans` (depth-first pre-order). */
  index: number;
  /** Span id as lowercase hex when decodable (0x stripped, base64 decoded). Unique within a trace. */
  id: string;
  /** Index of the parent span, or -1 for roots (true roots, orphans and cycle breakers). */
  parentIndex: number;
  /** Parent id as given by the payload (normalized like `id`), null when none. */
  parentId: string | null;
  childIndices: number[];
  /** 0 for roots. */
  depth: number;
  name: string;
  /** `LLM`, `CHAIN`, ... or any custom string; `UNKNOWN` when absent. */
  spanType: string;
  status: SpanStatus;
  statusMessage: string;
  /** Epoch milliseconds (fractional). */
  startMs: number;
  /** null when the span never ended (or its end time is not a finite time). */
  endMs: number | null;
  /**
   * End minus start, exact to the nanosecond when both times were integers
   * (strings or safe numbers); null when not ended or when `timeIssue` is set.
   */
  durationMs: number | null;
  /** Set when the times are impossible; `durationMs` is then null. */
  timeIssue?: TimeIssue;
  /** `undefined` when the span has no inputs / outputs. */
  inputs?: unknown;
  outputs?: unknown;
  /** All attributes, JSON-decoded with the raw value as fallback. */
  attributes: Record<string, unknown>;
  events: ISpanEvent[];
  exceptions: ISpanException[];
  chat: IChat | null;
  tokenUsage: ITokenUsage | null;
  cost: ICost | null;
  /** `mlflow.llm.model` / `gen_ai.request.model` when present. */
  model?: string;
  /** OTel links to other spans; absent when the span has none. */
  links?: ISpanLink[];
}

export interface IAssessment {
  id: string;
  name: string;
  spanId?: string;
  sourceType?: string;
  value: unknown;
  rationale?: string;
  kind: 'feedback' | 'expectation' | 'unknown';
}

export interface ITrace {
  traceId: string;
  experimentId: string | null;
  /** `mlflow.traceName` tag, else the first root span's name. */
  name: string;
  state: TraceState;
  /** Epoch milliseconds; the earliest span start, else the trace info's. */
  startMs: number | null;
  endMs: number | null;
  /** null when unknown or when `timeIssue` is set (never negative). */
  durationMs: number | null;
  /**
   * Where `durationMs` comes from: `ns` from span timestamps (latest end
   * minus earliest start), `ms` from the trace info, which has whole
   * milliseconds only (used when no span has ended, or a root still runs).
   */
  durationPrecision: DurationPrecision;
  /** Set when the trace's own start or duration is impossible. */
  timeIssue?: TimeIssue;
  /** Number of spans with a `timeIssue`. */
  timeIssueCount: number;
  /** Depth-first pre-order; children sorted by start time. */
  spans: ISpan[];
  /** Indices of root spans in `spans`. */
  rootIndices: number[];
  errorSpanCount: number;
  maxDepth: number;
  tokenUsage: ITokenUsage | null;
  cost: ICost | null;
  /** Trace metadata (`request_metadata` / `trace_metadata`), values decoded. */
  metadata: Record<string, unknown>;
  tags: Record<string, string>;
  requestPreview?: string;
  responsePreview?: string;
  assessments: IAssessment[];
  /** Non-fatal repairs the model made (cycles broken, orphans, duplicate ids...). */
  warnings: string[];
  /**
   * The kernel's size cap replaced some values with truncation markers
   * (`readTruncationMarker`); the tracking server may hold them in full.
   */
  truncated?: boolean;
}

/** A trace known only by id: it must be fetched from a tracking server. */
export interface ITraceReference {
  traceId: string;
  experimentId?: string;
  /** Databricks SQL warehouse id (Unity Catalog traces). */
  sqlWarehouseId?: string | null;
}

/** Short trace info as listed by search endpoints (no spans). */
export interface ITraceSummary {
  traceId: string;
  experimentId: string | null;
  name: string;
  state: TraceState;
  startMs: number | null;
  /** null when unknown or impossible (then `timeIssue` says why). */
  durationMs: number | null;
  timeIssue?: TimeIssue;
  requestPreview?: string;
  responsePreview?: string;
  tokenUsage: ITokenUsage | null;
  tags: Record<string, string>;
  metadata: Record<string, unknown>;
}

export interface ITraceError {
  /** Machine-readable reason. */
  code:
    | 'invalid-json'
    | 'unsupported-shape'
    | 'empty'
    | 'unsupported-version'
    | 'internal';
  /** Human-readable, specific message. */
  message: string;
}

/**
 * Result of parsing one notebook output's MIME bundle.
 * `not-a-trace` means the bundle holds nothing MLflow-related (plain HTML).
 */
export type ParseResult =
  | {
      kind: 'traces';
      traces: ITrace[];
      /** From the embedded envelope or the iframe src, when known. */
      trackingUri?: string;
      /** Which MIME type the traces came from. */
      mimeType: string;
    }
  | {
      kind: 'references';
      references: ITraceReference[];
      /** Base URL from an iframe src (never contacted without a host check). */
      trackingUri?: string;
      mimeType: string;
    }
  | {
      /**
       * Left for `parseMimeBundleAsync`: an envelope of more spans than the
       * caller builds in one task (`parseMimeBundle`'s `deferAboveSpans`).
       */
      kind: 'deferred';
      spanCount: number;
      mimeType: string;
    }
  | { kind: 'not-a-trace' }
  | { kind: 'error'; error: ITraceError; mimeType?: string };

/** MIME types. */
export const MLFLOW_TRACE_MIME = 'application/vnd.mlflow.trace+json';
export const DATABRICKS_TRACE_MIME = 'application/databricks.mlflow.trace';
export const HTML_MIME = 'text/html';

/**
 * The highest envelope version this reader understands. Version 2 only adds
 * an encoding (integers beyond 2^53 − 1 as decimal strings, see
 * `IEmbeddedTraceEnvelope`) that the span parser reads anyway, so versions 1
 * and 2 share one reader.
 */
export const ENVELOPE_VERSION = 2;

/**
 * The project's own envelope for embedded full traces, carried under
 * `MLFLOW_TRACE_MIME` and emitted by the kernel hook
 * (`jupyterlab_mlflow_traces/kernel_hook/envelope.py`, `build_envelope`).
 * Its schema is `Envelope` in contract/openapi.json, which both test suites
 * validate real envelopes against.
 *
 * Version 2 encoding: every integer whose magnitude exceeds 2^53 − 1
 * (`Number.MAX_SAFE_INTEGER`) is written as a decimal string, e.g.
 * `"start_time_unix_nano": "1764000000123456789"`; nothing else changes.
 * Nanosecond timestamps are ~1.7e18: as JSON numbers the browser's
 * `JSON.parse` rounds them to 256 ns steps and JupyterLab saves the rounded
 * value, so version 1 lost data on the first save. The model reads such
 * strings exactly (as it reads OpenTelemetry's int64-as-string proto JSON).
 * Version 1 (numbers) is still read.
 */
export interface IEmbeddedTraceEnvelope {
  /** Envelope version; readers accept versions <= their own. */
  version: 1 | 2;
  /**
   * Each item is what MLflow's `Trace.to_json()` returns (parsed); in
   * version 2 with unsafe integers as decimal strings.
   */
  traces: unknown[];
  /** The kernel's tracking URI, credentials stripped; absent for none. */
  tracking_uri?: string;
  experiment_ids?: string[];
  /** Set when values were replaced by truncation markers by the size cap. */
  truncated?: boolean;
}
