/**
 * JSON helpers shared by every parser. None of them throws.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `out[key] = value` that keeps a `__proto__` key as plain data instead of
 * replacing the record's prototype (payloads are untrusted).
 */
export function setKey(
  out: Record<string, unknown>,
  key: string,
  value: unknown
): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    });
  } else {
    out[key] = value;
  }
}

/** Human-readable type name for error messages ("a number", "null", ...). */
export function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export type JsonParseResult =
  { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse without throwing. */
export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return {
      ok: false,
      message: err instanceof Error ? err.message : 'invalid JSON'
    };
  }
}

// Integer literals beyond 2^53 (experiment ids, run ids made of digits) would
// silently lose precision when decoded, so they stay strings.
const INTEGER_RE = /^-?\d+$/;

/**
 * Decode one attribute / metadata value.
 *
 * The MLflow SDK JSON-encodes every value (`"\"LLM\""`, `"0.5"`); OpenTelemetry
 * sources write raw strings. Decode when it parses, otherwise keep the raw
 * string. Non-strings are returned untouched (never copied).
 */
export function decodeAttribute(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const text = value;
  if (text.length === 0) {
    return text;
  }
  // Cheap pre-check: skip JSON.parse (and its exception) for obvious plain text.
  let i = 0;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) {
    i++;
  }
  if (i === text.length) {
    return text;
  }
  const c = text[i];
  if (!(
    c === '{' ||
    c === '[' ||
    c === '"' ||
    c === '-' ||
    (c >= '0' && c <= '9') ||
    c === 't' ||
    c === 'f' ||
    c === 'n'
  )) {
    return text;
  }
  if ((c === 't' || c === 'f' || c === 'n') && text.length > 6) {
    // Only `true`, `false`, `null` start with these letters in JSON.
    return text;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return text;
  }
  if (
    typeof parsed.value === 'number' &&
    !Number.isSafeInteger(parsed.value) &&
    INTEGER_RE.test(text.trim())
  ) {
    return text;
  }
  return parsed.value;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * nbformat stores a non-JSON MIME value as a string or as a list of lines;
 * JSON MIME types hold the parsed value. Return one string when the value is
 * (a list of) text, the value itself otherwise.
 *
 * A list of strings is ambiguous: lines of one JSON text, or an already
 * parsed list (e.g. a list of trace ids). It is read as lines only when the
 * joined text is a JSON object, list or string.
 */
export function coerceBundleText(value: unknown): unknown {
  if (typeof value === 'string') {
    return value;
  }
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(v => typeof v === 'string')
  ) {
    const joined = (value as string[]).join('');
    const first = joined.trimStart()[0];
    if (first === '{' || first === '[' || first === '"') {
      const parsed = parseJson(joined);
      if (parsed.ok) {
        return joined;
      }
    }
    return value;
  }
  return value;
}

/**
 * A MIME value that should hold JSON: parse strings (or nbformat lines),
 * pass objects/lists through.
 */
export function decodeBundleJson(value: unknown): JsonParseResult {
  const coerced = coerceBundleText(value);
  if (typeof coerced === 'string') {
    return parseJson(coerced);
  }
  return { ok: true, value: coerced };
}

/** A finite number from a number or a numeric string, else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string for display from any scalar; undefined for objects/absent. */
export function toStr(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** A raw value as short text for warnings (it may be huge, odd or cyclic). */
export function shownValue(value: unknown, cap = 40): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : String(JSON.stringify(value));
  } catch {
    text = typeof value;
  }
  return text.length > cap ? `${text.slice(0, cap)}…` : text;
}
