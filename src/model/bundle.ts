/**
 * The one entry point for notebook outputs: a MIME bundle to ParseResult,
 * with full traces built. Heavy (it builds traces): loaded with the viewer.
 * Start-up code reads bundles through the light `references.ts` and
 * `iframe.ts`. Never throws.
 */

import {
  coerceBundleText,
  decodeBundleJson,
  describeType,
  isRecord,
  parseJson
} from './json';
import { mlflowIframeOf } from './iframe';
import {
  BARE_ID_RE,
  envelopeSpanCount,
  looksLikeFullTrace,
  referenceFrom
} from './references';
import { every, finish, finishInSlices, ISliceOptions, Steps } from './slices';
import { traceFromJsonSteps, TraceParseError } from './trace';
import { IRawSpan } from './spans';
import { structureSpansSteps } from './structure';
import {
  DATABRICKS_TRACE_MIME,
  ENVELOPE_VERSION,
  HTML_MIME,
  ITrace,
  ITraceError,
  ITraceReference,
  MLFLOW_TRACE_MIME,
  ParseResult
} from './types';

function fail(
  code: ITraceError['code'],
  message: string,
  mimeType?: string
): ParseResult {
  const result: ParseResult = { kind: 'error', error: { code, message } };
  if (mimeType !== undefined) {
    result.mimeType = mimeType;
  }
  return result;
}

function errorFrom(
  err: unknown,
  mimeType: string | undefined,
  prefix: string
): ParseResult {
  if (err instanceof TraceParseError) {
    // "trace: expected ..." reads better as "<mime>: trace #2: expected ...".
    const message = err.message.replace(/^trace: /, '');
    return fail(err.code, `${prefix}: ${message}`, mimeType);
  }
  const message = err instanceof Error ? err.message : String(err);
  return fail(
    'internal',
    `${prefix}: unexpected failure while parsing (${message})`,
    mimeType
  );
}

// ---------------------------------------------------------------------------
// application/vnd.mlflow.trace+json (our envelope)

function* parseEnvelope(value: unknown): Steps<ParseResult> {
  const mime = MLFLOW_TRACE_MIME;
  const decoded = decodeBundleJson(value);
  if (!decoded.ok) {
    return fail(
      'invalid-json',
      `${mime}: invalid JSON (${decoded.message})`,
      mime
    );
  }
  const env = decoded.value;
  if (!isRecord(env)) {
    return fail(
      'unsupported-shape',
      `${mime}: expected an envelope object {version, traces}, got ${describeType(env)}`,
      mime
    );
  }
  const version = env.version;
  if (typeof version !== 'number' || !Number.isFinite(version)) {
    return fail(
      'unsupported-shape',
      `${mime}: expected a numeric "version", got ${describeType(version)}`,
      mime
    );
  }
  if (version > ENVELOPE_VERSION) {
    return fail(
      'unsupported-version',
      `${mime}: envelope version ${version} is newer than this viewer supports (${ENVELOPE_VERSION}); update the extension`,
      mime
    );
  }
  if (!Array.isArray(env.traces)) {
    return fail(
      'unsupported-shape',
      `${mime}: expected "traces" to be a list, got ${describeType(env.traces)}`,
      mime
    );
  }
  if (env.traces.length === 0) {
    return fail('empty', `${mime}: the envelope holds no traces`, mime);
  }
  const structures: (IRawSpan[] | null)[] = [];
  for (const item of env.traces) {
    structures.push(yield* structureSpansSteps(item));
  }
  const parsed = yield* parseTraceList(env.traces, mime, structures);
  if (parsed.kind !== 'traces') {
    return parsed;
  }
  if (env.truncated === true) {
    for (const t of parsed.traces) {
      t.truncated = true;
      t.warnings.push(
        'truncated: some values were replaced by truncation markers to keep the notebook small'
      );
      if (env.structure === true) {
        t.warnings.push(
          'structure only: span inputs, outputs and attributes were left out to keep the notebook small'
        );
      }
    }
  }
  if (typeof env.tracking_uri === 'string' && env.tracking_uri !== '') {
    parsed.trackingUri = env.tracking_uri;
  }
  return parsed;
}

/** Full traces; keeps the good ones and notes the bad ones on the first trace. */
function* parseTraceList(
  items: unknown[],
  mime: string,
  structures: (IRawSpan[] | null)[] = []
): Steps<ParseResult> {
  const traces: ITrace[] = [];
  const problems: string[] = [];
  let firstError: ParseResult | null = null;
  for (let i = 0; i < items.length; i++) {
    try {
      traces.push(
        yield* traceFromJsonSteps(items[i], structures[i] ?? undefined)
      );
    } catch (err) {
      const e = errorFrom(err, mime, `${mime}: trace #${i + 1}`);
      firstError ??= e;
      if (e.kind === 'error') {
        problems.push(`skipped: ${e.error.message}`);
      }
    }
    if (every(i)) {
      yield;
    }
  }
  if (traces.length === 0) {
    return firstError ?? fail('empty', `${mime}: no traces`, mime);
  }
  traces[0].warnings.push(...problems);
  return { kind: 'traces', traces, mimeType: mime };
}

// ---------------------------------------------------------------------------
// application/databricks.mlflow.trace

const EXPECTED_DATABRICKS = 'expected a trace, a trace id or a list of them';

function* parseDatabricks(value: unknown): Steps<ParseResult> {
  const mime = DATABRICKS_TRACE_MIME;
  const coerced = coerceBundleText(value);
  let payload: unknown = coerced;
  if (typeof coerced === 'string') {
    const text = coerced.trim();
    if (text === '') {
      return fail('empty', `${mime}: the value is an empty string`, mime);
    }
    const parsed = parseJson(text);
    if (parsed.ok) {
      payload = parsed.value;
    } else if (BARE_ID_RE.test(text)) {
      payload = text;
    } else {
      return fail(
        'invalid-json',
        `${mime}: invalid JSON (${parsed.message})`,
        mime
      );
    }
  }

  if (typeof payload === 'string') {
    const ref = referenceFrom(payload);
    return ref
      ? { kind: 'references', references: [ref], mimeType: mime }
      : fail('empty', `${mime}: the trace id is empty`, mime);
  }
  if (Array.isArray(payload)) {
    if (payload.length === 0) {
      return fail('empty', `${mime}: the list of traces is empty`, mime);
    }
    if (payload.some(looksLikeFullTrace)) {
      const result = yield* parseTraceList(
        payload.filter(looksLikeFullTrace),
        mime
      );
      const dropped =
        payload.length - payload.filter(looksLikeFullTrace).length;
      if (result.kind === 'traces' && dropped > 0) {
        result.traces[0].warnings.push(
          `skipped: ${dropped} item(s) of the list were not full traces`
        );
      }
      return result;
    }
    const refs: ITraceReference[] = [];
    for (const item of payload) {
      const ref = referenceFrom(item);
      if (!ref) {
        return fail(
          'unsupported-shape',
          `${mime}: ${EXPECTED_DATABRICKS}, got a list containing ${describeType(item)}`,
          mime
        );
      }
      refs.push(ref);
    }
    return { kind: 'references', references: refs, mimeType: mime };
  }
  if (isRecord(payload)) {
    if (looksLikeFullTrace(payload)) {
      return yield* parseTraceList([payload], mime);
    }
    const ref = referenceFrom(payload);
    if (ref) {
      return { kind: 'references', references: [ref], mimeType: mime };
    }
    const keys = Object.keys(payload).slice(0, 5).join(', ');
    return fail(
      'unsupported-shape',
      `${mime}: ${EXPECTED_DATABRICKS}, got an object with ${keys ? `keys ${keys}` : 'no keys'}`,
      mime
    );
  }
  return fail(
    'unsupported-shape',
    `${mime}: ${EXPECTED_DATABRICKS}, got ${describeType(payload)}`,
    mime
  );
}

// ---------------------------------------------------------------------------
// text/html: MLflow's notebook iframe

function parseHtml(value: unknown): ParseResult {
  const mime = HTML_MIME;
  const parsed = mlflowIframeOf(value);
  if (!parsed) {
    return { kind: 'not-a-trace' };
  }
  if (parsed.references.length === 0) {
    return fail(
      'empty',
      `${mime}: MLflow's trace iframe names no trace_id`,
      mime
    );
  }
  const result: ParseResult = {
    kind: 'references',
    references: parsed.references,
    mimeType: mime
  };
  if (parsed.trackingUri !== undefined) {
    result.trackingUri = parsed.trackingUri;
  }
  return result;
}

// ---------------------------------------------------------------------------

/**
 * Parse one MIME type's value. `not-a-trace` for MIME types the model does
 * not read. Never throws.
 */
export function parseTracePayload(
  mimeType: string,
  value: unknown
): ParseResult {
  return finish(parseTracePayloadSteps(mimeType, value));
}

function* parseTracePayloadSteps(
  mimeType: string,
  value: unknown
): Steps<ParseResult> {
  try {
    if (value === undefined || value === null) {
      if (mimeType === HTML_MIME) {
        return { kind: 'not-a-trace' };
      }
      if (
        mimeType === MLFLOW_TRACE_MIME ||
        mimeType === DATABRICKS_TRACE_MIME
      ) {
        return fail(
          'empty',
          `${mimeType}: expected a value, got ${describeType(value)}`,
          mimeType
        );
      }
    }
    switch (mimeType) {
      case MLFLOW_TRACE_MIME:
        return yield* parseEnvelope(value);
      case DATABRICKS_TRACE_MIME:
        return yield* parseDatabricks(value);
      case HTML_MIME:
        return parseHtml(value);
      default:
        return { kind: 'not-a-trace' };
    }
  } catch (err) {
    return errorFrom(err, mimeType, mimeType);
  }
}

const PREFERENCE = [MLFLOW_TRACE_MIME, DATABRICKS_TRACE_MIME, HTML_MIME];

export interface IParseOptions {
  /**
   * An envelope of more spans than this is not built here: the result is
   * `deferred`, for `parseMimeBundleAsync` (the same result, in slices).
   */
  deferAboveSpans?: number;
}

/**
 * Parse a notebook output's MIME bundle. Tries our envelope, then the
 * Databricks payload, then MLflow's iframe HTML; the first that yields
 * traces or references wins. When every MLflow MIME type present fails, the
 * first error is returned (so a too-new envelope still falls back to the
 * iframe references next to it). Never throws.
 */
export function parseMimeBundle(
  data: Record<string, unknown>,
  options: IParseOptions = {}
): ParseResult {
  const limit = options.deferAboveSpans;
  if (limit !== undefined && isRecord(data)) {
    const spanCount = envelopeSpanCount(data[MLFLOW_TRACE_MIME]);
    if (spanCount > limit) {
      return { kind: 'deferred', spanCount, mimeType: MLFLOW_TRACE_MIME };
    }
  }
  return finish(parseMimeBundleSteps(data));
}

/**
 * `parseMimeBundle` in slices that yield through `options.yieldFn`, so a
 * large trace never holds the caller's thread for long. Rejects only when
 * `options.signal` aborts.
 */
export function parseMimeBundleAsync(
  data: Record<string, unknown>,
  options: ISliceOptions
): Promise<ParseResult> {
  return finishInSlices(parseMimeBundleSteps(data), options);
}

function* parseMimeBundleSteps(
  data: Record<string, unknown>
): Steps<ParseResult> {
  try {
    if (!isRecord(data)) {
      return fail(
        'unsupported-shape',
        `MIME bundle: expected an object, got ${describeType(data)}`
      );
    }
    let firstError: ParseResult | null = null;
    for (const mime of PREFERENCE) {
      if (!(mime in data)) {
        continue;
      }
      const result = yield* parseTracePayloadSteps(mime, data[mime]);
      if (result.kind === 'traces' || result.kind === 'references') {
        return result;
      }
      if (result.kind === 'error') {
        firstError ??= result;
      }
    }
    return firstError ?? { kind: 'not-a-trace' };
  } catch (err) {
    return errorFrom(err, undefined, 'MIME bundle');
  }
}
