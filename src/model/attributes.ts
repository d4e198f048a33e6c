/**
 * Attributes in any shape (plain object, OTel `[{key, value: AnyValue}]`)
 * to a plain record of values.
 *
 * Two conventions exist for strings:
 * - MLflow `to_json` (and OTLP export from the MLflow SDK) JSON-encodes every
 *   value: `"mlflow.spanType": "\"LLM\""`. These are decoded.
 * - MLflow's REST `traces/get` / `batchGet` (3.x) writes native OTel values:
 *   `string_value: "LLM"`, dicts as `kvlist_value`. Decoding those would turn
 *   a string "1" into the number 1, so they are kept as they are.
 * Values nested in `array_value` / `kvlist_value` are always native.
 */

import { base64ToBytes } from './ids';
import { decodeAttribute, isRecord, setKey } from './json';

const identity = (x: unknown): unknown => x;

/**
 * An OTel `AnyValue` (proto JSON, snake_case or camelCase) to a plain value.
 * `decodeStrings` applies to this level only; nested values stay native.
 * Unknown shapes are returned as-is so no data is lost.
 */
export function otelAnyValue(value: unknown, decodeStrings = true): unknown {
  const decode = decodeStrings ? decodeAttribute : identity;
  if (value === undefined) {
    // A KeyValue without a value is how OTel spells null.
    return null;
  }
  if (!isRecord(value)) {
    return decode(value);
  }
  const v = value;
  if ('string_value' in v || 'stringValue' in v) {
    return decode(v.string_value ?? v.stringValue);
  }
  if ('int_value' in v || 'intValue' in v) {
    return intValue(v.int_value ?? v.intValue);
  }
  if ('double_value' in v || 'doubleValue' in v) {
    const d = v.double_value ?? v.doubleValue;
    return typeof d === 'string' &&
      d.trim() !== '' &&
      Number.isFinite(Number(d))
      ? Number(d)
      : d;
  }
  if ('bool_value' in v || 'boolValue' in v) {
    const b = v.bool_value ?? v.boolValue;
    return b === 'true' ? true : b === 'false' ? false : b;
  }
  if ('array_value' in v || 'arrayValue' in v) {
    const arr = v.array_value ?? v.arrayValue;
    const values = isRecord(arr) ? arr.values : undefined;
    return Array.isArray(values) ? values.map(x => otelAnyValue(x, false)) : [];
  }
  if ('kvlist_value' in v || 'kvlistValue' in v) {
    const kv = v.kvlist_value ?? v.kvlistValue;
    const values = isRecord(kv) ? kv.values : undefined;
    return Array.isArray(values) ? keyValueListToRecord(values, false) : {};
  }
  if ('bytes_value' in v || 'bytesValue' in v) {
    const raw = v.bytes_value ?? v.bytesValue;
    if (typeof raw === 'string') {
      // Bytes are base64 in proto JSON; show text when it is ASCII text.
      const bytes = base64ToBytes(raw);
      if (bytes && bytes.every(b => b >= 0x09 && b < 0x80)) {
        let text = '';
        for (const b of bytes) {
          text += String.fromCharCode(b);
        }
        return text;
      }
    }
    return raw;
  }
  return Object.keys(v).length === 0 ? null : value;
}

function intValue(raw: unknown): unknown {
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) {
    const n = Number(raw);
    // int64 beyond 2^53 keeps its exact digits.
    return Number.isSafeInteger(n) ? n : raw;
  }
  return raw;
}

function keyValueListToRecord(
  list: unknown[],
  decodeStrings: boolean
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (isRecord(item) && typeof item.key === 'string') {
      setKey(out, item.key, otelAnyValue(item.value, decodeStrings));
    }
  }
  return out;
}

// Keys MLflow always writes; how their value is spelled tells the convention.
const PROBE_KEYS = ['mlflow.spanType', 'mlflow.traceRequestId'];

/**
 * True when a KeyValue list uses JSON-encoded strings (MLflow SDK), false
 * when it uses native values (REST traces/get). Unknown → encoded, which is
 * what MLflow's own UI assumes.
 */
function usesEncodedStrings(list: unknown[]): boolean {
  for (const item of list) {
    if (!isRecord(item) || !PROBE_KEYS.includes(item.key as string)) {
      continue;
    }
    const v = item.value;
    const s = isRecord(v) ? (v.string_value ?? v.stringValue) : undefined;
    if (typeof s === 'string') {
      return s.startsWith('"');
    }
  }
  return true;
}

/**
 * Span attributes in any container to a plain record: an object (MLflow
 * `to_json`, values decoded), an OTel KeyValue list (convention detected),
 * or garbage (→ `{}`).
 */
export function attributesToRecord(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    return keyValueListToRecord(raw, usesEncodedStrings(raw));
  }
  if (!isRecord(raw)) {
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    setKey(out, key, decodeAttribute(raw[key]));
  }
  return out;
}

/**
 * Event attributes: OTel primitives that MLflow does not JSON-encode, so
 * they are kept as they are (an exception message "404" stays a string).
 */
export function eventAttributesToRecord(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    return keyValueListToRecord(raw, false);
  }
  return isRecord(raw) ? { ...raw } : {};
}

/**
 * Metadata/tags: an object, or REST `[{key, value}]` with plain string
 * values (not OTel AnyValues). Values are left raw here.
 */
export function keyValuesToRawRecord(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    const out: Record<string, unknown> = {};
    for (const item of raw) {
      if (isRecord(item) && typeof item.key === 'string') {
        setKey(
          out,
          item.key,
          isRecord(item.value) ? otelAnyValue(item.value, false) : item.value
        );
      }
    }
    return out;
  }
  return isRecord(raw) ? raw : {};
}
