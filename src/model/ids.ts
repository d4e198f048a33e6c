/**
 * Span/trace id normalization and time parsing.
 */

const HEX_RE = /^[0-9a-f]+$/i;
const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ZERO_RE = /^0+$/;

const B64_INDEX: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) {
    table[alphabet.charCodeAt(i)] = i;
  }
  // URL-safe variants.
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Decode base64 (standard or URL-safe, padding optional) to bytes; null when invalid. */
export function base64ToBytes(text: string): number[] | null {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) {
    return null;
  }
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? B64_INDEX[code] : -1;
    if (v < 0) {
      return null;
    }
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

const HEX_BYTE: string[] = Array.from(
  { length: 256 },
  (_, i) => (i < 16 ? '0' : '') + i.toString(16)
);

function bytesToHex(bytes: number[]): string {
  let out = '';
  for (const b of bytes) {
    out += HEX_BYTE[b];
  }
  return out;
}

/**
 * Normalize a span id: strip `0x`, lowercase hex, decode base64 of 8 or 16
 * bytes to hex. Anything else (`<redacted>`, custom ids) is kept verbatim.
 * Returns null for absent ids, empty strings and the all-zero OTel invalid id,
 * which all mean "no parent".
 */
export function normalizeSpanId(raw: unknown): string | null {
  if (typeof raw === 'string') {
    return normalizeSpanIdText(raw.trim());
  }
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // Some producers write small integer ids; hex keeps them comparable.
    return normalizeSpanIdText(Math.trunc(raw).toString(16));
  }
  return null;
}

function normalizeSpanIdText(text: string): string | null {
  if (text === '') {
    return null;
  }
  // Only before hex: base64 ids can start with `0x` too (`0XWPE4J5PXQ=`).
  if (
    text.length > 2 &&
    (text.startsWith('0x') || text.startsWith('0X')) &&
    HEX_RE.test(text.slice(2))
  ) {
    text = text.slice(2);
  }
  // Hex first: a 16-char hex string is also valid base64.
  if (HEX_RE.test(text) && (text.length === 16 || text.length === 32)) {
    return ZERO_RE.test(text) ? null : text.toLowerCase();
  }
  if (text.length <= 24 && BASE64_RE.test(text)) {
    const bytes = base64ToBytes(text);
    if (bytes && (bytes.length === 8 || bytes.length === 16)) {
      const hex = bytesToHex(bytes);
      return ZERO_RE.test(hex) ? null : hex;
    }
  }
  if (HEX_RE.test(text)) {
    return ZERO_RE.test(text) ? null : text.toLowerCase();
  }
  return text;
}

/**
 * Normalize a trace id. `tr-...` and `trace:/...` ids are kept verbatim (they
 * are what the tracking server is asked for); a raw OTel trace id (base64 of
 * 16 bytes or `0x` hex) becomes 32 lowercase hex.
 */
export function normalizeTraceId(raw: unknown): string | null {
  if (typeof raw !== 'string') {
    return typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
  }
  const text = raw.trim();
  if (text === '') {
    return null;
  }
  if (text.startsWith('tr-') || text.startsWith('trace:/')) {
    return text;
  }
  const stripped =
    (text.startsWith('0x') || text.startsWith('0X')) &&
    HEX_RE.test(text.slice(2))
      ? text.slice(2)
      : text;
  if (HEX_RE.test(stripped) && stripped.length === 32) {
    return stripped.toLowerCase();
  }
  if (stripped.length === 24 && BASE64_RE.test(stripped)) {
    const bytes = base64ToBytes(stripped);
    if (bytes && bytes.length === 16) {
      return bytesToHex(bytes);
    }
  }
  return text;
}

/** The 32-hex part of a trace id (`tr-<hex>`, `trace:/loc/<hex>`, bare hex), lowercase. */
export function traceIdHex(traceId: string): string | null {
  const m = /([0-9a-f]{32})$/i.exec(traceId);
  return m ? m[1].toLowerCase() : null;
}

// ---------------------------------------------------------------------------
// Time

const NS_PER_MS = 1e6;

/**
 * Epoch nanoseconds (number or decimal string) to epoch milliseconds.
 * Strings are split so that 19-digit values keep sub-millisecond precision
 * that `Number()` would round away.
 */
export function nanosToMs(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw / NS_PER_MS : null;
  }
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^\d+$/.test(text)) {
      if (text.length <= 15) {
        return Number(text) / NS_PER_MS;
      }
      return Number(text.slice(0, -6)) + Number(text.slice(-6)) / NS_PER_MS;
    }
    const n = Number(text);
    return text !== '' && Number.isFinite(n) ? n / NS_PER_MS : null;
  }
  return null;
}

/**
 * Exact epoch nanoseconds from an integer: a decimal string (OTel proto JSON,
 * envelope version 2) or a safe integer number. Null for anything else,
 * including numbers beyond 2^53, which JSON.parse has already rounded.
 */
export function nanosToBigInt(raw: unknown): bigint | null {
  if (typeof raw === 'string') {
    const text = raw.trim();
    return /^-?\d{1,40}$/.test(text) ? BigInt(text) : null;
  }
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) {
    return BigInt(raw);
  }
  return null;
}

/** The range of a JavaScript Date: times beyond it cannot be shown on a clock. */
export const MAX_TIME_MS = 8.64e15;

/** True for a finite time within `MAX_TIME_MS` of the epoch. */
export function isShowableTimeMs(ms: number | null): ms is number {
  return ms !== null && Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;
}

/** Any plain number (or numeric string) as a finite number. */
function numeric(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * An event timestamp. Spans use nanoseconds, but real stores also hold
 * events in microseconds (16 digits). Pick the reading closest to the span
 * start when it is known, else go by magnitude.
 */
export function eventTimeToMs(
  raw: unknown,
  spanStartMs: number | null
): number | null {
  const asNs = nanosToMs(raw);
  if (asNs === null) {
    return null;
  }
  const asUs = asNs * 1000;
  if (spanStartMs !== null && spanStartMs > 0) {
    return Math.abs(asUs - spanStartMs) < Math.abs(asNs - spanStartMs)
      ? asUs
      : asNs;
  }
  // Epoch "now" is ~1.7e18 ns / ~1.7e15 us: 16-digit values are microseconds.
  const n = numeric(raw);
  if (n !== null && n >= 1e14 && n < 1e17) {
    return asUs;
  }
  return asNs;
}

/**
 * Epoch milliseconds from an RFC 3339 string (any fraction length), an
 * epoch-ms number, or a numeric string. Null when unparseable.
 */
export function parseTimestampMs(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw !== 'string') {
    return null;
  }
  const text = raw.trim();
  if (text === '') {
    return null;
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    return Number(text);
  }
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text
    );
  if (m) {
    // Date.parse only guarantees millisecond fractions; add the rest by hand.
    const zone = m[4]
      ? m[4].toUpperCase() === 'Z'
        ? 'Z'
        : normalizeZone(m[4])
      : 'Z';
    const base = Date.parse(
      `${m[1]}T${m[2].length === 5 ? m[2] + ':00' : m[2]}${zone}`
    );
    if (Number.isNaN(base)) {
      return null;
    }
    const fraction = m[3] ? Number(`0.${m[3]}`) * 1000 : 0;
    return base + fraction;
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : parsed;
}

function normalizeZone(zone: string): string {
  return zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}

/**
 * A duration in milliseconds: protobuf JSON durations (`"32.583s"`), strings
 * with `ms`/`us`/`ns` suffixes, or plain numbers (taken as milliseconds).
 */
export function parseDurationMs(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw !== 'string') {
    return null;
  }
  const m =
    /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(s|ms|us|µs|ns|m|h)?\s*$/i.exec(raw);
  if (!m) {
    return null;
  }
  const value = Number(m[1]);
  if (!Number.isFinite(value)) {
    return null;
  }
  switch ((m[2] ?? '').toLowerCase()) {
    case 's':
      return value * 1000;
    case 'us':
    case 'µs':
      return value / 1000;
    case 'ns':
      return value / NS_PER_MS;
    case 'm':
      return value * 60000;
    case 'h':
      return value * 3600000;
    default:
      return value;
  }
}
