/**
 * Pure formatting helpers and the only place that builds links.
 */
import type { DurationPrecision, ICost, ITokenUsage } from '../../model/types';

/**
 * A duration for display, as precise as its source and no more:
 * - `ns` (span timestamps): three significant digits, down to nanoseconds
 *   ("413 µs", "64.6 ms", "1.00 ms" for a duration measured as 1.000 ms);
 * - `ms` (trace info, search results: whole milliseconds): integer
 *   milliseconds, "< 1 ms" for a trace that took less ("64 ms", never
 *   "64.0 ms" nor "0 µs").
 * From a second up both read "1.50 s", then "2 m 5 s". The model never
 * gives a negative duration (it flags the span instead); should one arrive
 * anyway it is shown as negative with a warning sign, never as "0 ms".
 */
export function formatDuration(
  ms: number | null | undefined,
  precision: DurationPrecision = 'ns'
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  if (ms < 0) {
    return `⚠ −${formatDuration(-ms, precision)}`;
  }
  if (precision === 'ms') {
    const whole = Math.round(ms);
    if (whole < 1) {
      return '< 1 ms';
    }
    if (whole < 1000) {
      return `${whole} ms`;
    }
  } else if (ms < 1000) {
    const text = subSecond(ms);
    if (text !== null) {
      return text;
    }
  }
  if (ms < 60_000) {
    const s = threeDigits(ms / 1000);
    // 59.96 s rounds to "60.0 s": show it as a minute instead.
    if (Number(s) < 60) {
      return `${s} s`;
    }
  }
  const total = Math.round(ms / 1000);
  if (total < 3600) {
    return `${Math.floor(total / 60)} m ${total % 60} s`;
  }
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} m`;
}

/** `x` with three significant digits (x ≥ 0), e.g. "413", "64.6", "1.00". */
function threeDigits(x: number): string {
  if (x === 0) {
    return '0';
  }
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3);
}

/**
 * Below one second at nanosecond precision, in the largest unit that fits;
 * null when it rounds up to a whole second.
 */
function subSecond(ms: number): string | null {
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) {
    // Nanoseconds are whole: "1 ns", never "1.00 ns".
    return `${ns} ns`;
  }
  const us = threeDigits(ms * 1000);
  if (Number(us) < 1000) {
    return `${us} µs`;
  }
  const inMs = threeDigits(ms);
  return Number(inMs) < 1000 ? `${inMs} ms` : null;
}

/** Short tick label for offsets on the time axis. */
export function formatOffset(ms: number): string {
  if (ms === 0) {
    return '0';
  }
  if (Math.abs(ms) < 1) {
    return `${+(ms * 1000).toPrecision(3)}µs`;
  }
  if (Math.abs(ms) < 1000) {
    return `${+ms.toPrecision(3)}ms`;
  }
  if (Math.abs(ms) < 60_000) {
    return `${+(ms / 1000).toPrecision(3)}s`;
  }
  return `${+(ms / 60_000).toPrecision(3)}m`;
}

export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '—';
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) {
    return '—';
  }
  return d.toLocaleString();
}

export function formatCount(n: number | undefined | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '—';
  }
  return n.toLocaleString('en-US');
}

export function formatCost(n: number | undefined | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) {
    return '—';
  }
  if (n === 0) {
    return '$0';
  }
  if (Math.abs(n) < 0.01) {
    return `$${+n.toPrecision(2)}`;
  }
  return `$${n.toFixed(n < 1 ? 4 : 2)}`;
}

export function hasTokens(u: ITokenUsage | null | undefined): u is ITokenUsage {
  return (
    !!u &&
    [u.inputTokens, u.outputTokens, u.totalTokens].some(
      v => typeof v === 'number' && Number.isFinite(v)
    )
  );
}

export function hasCost(c: ICost | null | undefined): c is ICost {
  return (
    !!c &&
    [c.inputCost, c.outputCost, c.totalCost].some(
      v => typeof v === 'number' && Number.isFinite(v)
    )
  );
}

/** A parsed http(s) URL, or null for anything else (javascript:, data:, junk). */
export function safeHttpUrl(value: string | undefined | null): URL | null {
  if (typeof value !== 'string' || value.length === 0) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  return url;
}

/**
 * `{uri}/#/experiments/{experiment_id}?selectedTraceId={trace_id}`, or null
 * when the tracking URI is not http(s) or the experiment is unknown. Ids
 * come from trace content, so they are URI-encoded; credentials, query and
 * hash of the tracking URI are dropped.
 */
export function mlflowTraceUrl(
  trackingUri: string | undefined | null,
  experimentId: string | null | undefined,
  traceId: string
): string | null {
  const url = safeHttpUrl(trackingUri);
  if (!url || !experimentId) {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return (
    `${url.protocol}//${url.host}${path}/#/experiments/` +
    `${encodeURIComponent(experimentId)}?selectedTraceId=${encodeURIComponent(traceId)}`
  );
}

/** Host (with port) of a URL string for labels, or the string itself. */
export function hostOf(value: string): string {
  try {
    return new URL(value).host || value;
  } catch {
    return value;
  }
}

/** `text` cut to `cap` characters plus how many were cut. */
export function capText(
  text: string,
  cap: number
): { text: string; rest: number } {
  if (text.length <= cap) {
    return { text, rest: 0 };
  }
  return { text: text.slice(0, cap), rest: text.length - cap };
}

// Characters that change how text is displayed without being seen:
// C0/C1 controls and DEL, soft hyphen, Arabic letter mark, Mongolian vowel
// separator, zero-width and directional marks (U+200B-200F), line and
// paragraph separators, bidi embeddings and overrides (U+202A-202E), word
// joiner and invisible operators (U+2060-2064), bidi isolates and deprecated
// format characters (U+2066-206F), BOM, interlinear annotation marks, and
// tag characters (U+E0000-E007F, used to hide text from readers).
const INVISIBLE_RE =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;
const INVISIBLE_GLOBAL_RE = new RegExp(INVISIBLE_RE.source, 'gu');
const PICTOGRAPH_RE = /\p{Extended_Pictographic}/u;
const ZWJ = '\u200d';

/** One piece of revealed text: as is, or the visible code of an invisible character. */
export interface IRevealedPart {
  text: string;
  /** True when `text` is a code such as `⟨U+202E⟩` standing for an invisible character. */
  invisible: boolean;
}

/** `⟨U+202E⟩` for a code point. */
export function invisibleCode(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * Split text so that bidi controls, zero-width and other invisible format
 * characters, and control characters are shown as codes (`⟨U+202E⟩`)
 * instead of being applied. Trace content is untrusted: a U+202E in a span
 * name would otherwise reorder what is displayed. A zero-width joiner
 * between two pictographs (emoji sequences) is kept. The raw text stays in
 * the model and in raw JSON; this is for display only.
 */
export function revealInvisible(text: string): IRevealedPart[] {
  if (!INVISIBLE_RE.test(text)) {
    return [{ text, invisible: false }];
  }
  const parts: IRevealedPart[] = [];
  let plain = '';
  let last = 0;
  INVISIBLE_GLOBAL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INVISIBLE_GLOBAL_RE.exec(text)) !== null) {
    const at = m.index;
    const char = m[0];
    if (char === ZWJ && joinsPictographs(text, at)) {
      continue;
    }
    plain += text.slice(last, at);
    if (plain !== '') {
      parts.push({ text: plain, invisible: false });
      plain = '';
    }
    parts.push({ text: invisibleCode(char), invisible: true });
    last = at + char.length;
  }
  plain += text.slice(last);
  if (plain !== '') {
    parts.push({ text: plain, invisible: false });
  }
  return parts;
}

function joinsPictographs(text: string, at: number): boolean {
  const before = text.codePointAt(at - 1);
  const lowSurrogate =
    before !== undefined && before >= 0xdc00 && before <= 0xdfff;
  const prev = lowSurrogate ? text.codePointAt(at - 2) : before;
  const next = text.codePointAt(at + 1);
  return (
    prev !== undefined &&
    next !== undefined &&
    PICTOGRAPH_RE.test(String.fromCodePoint(prev)) &&
    PICTOGRAPH_RE.test(String.fromCodePoint(next))
  );
}

/** `revealInvisible` as one plain string, for tooltips and labels. */
export function revealInvisibleText(text: string): string {
  const parts = revealInvisible(text);
  return parts.length === 1 ? parts[0].text : parts.map(p => p.text).join('');
}

/**
 * JSON text with its invisible characters written as `\uXXXX` escapes: the
 * same JSON value, but a U+202E inside a string no longer reorders the line
 * it is shown on. Tab, newline and carriage return are left alone (they are
 * the pretty-printer's own whitespace; inside strings JSON.stringify has
 * already escaped them and every other C0 control).
 */
export function escapeInvisibleInJson(json: string): string {
  if (!INVISIBLE_RE.test(json)) {
    return json;
  }
  return json.replace(INVISIBLE_GLOBAL_RE, char => {
    if (char === '\t' || char === '\n' || char === '\r') {
      return char;
    }
    let out = '';
    for (let i = 0; i < char.length; i++) {
      out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    return out;
  });
}
