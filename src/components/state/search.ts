/**
 * Pure in-trace search. Each span's searchable text (name, type, status
 * message, inputs, outputs, attributes) is built lazily on the first search
 * and capped, so a 10 MB attribute never freezes typing.
 */
import type { ITrace } from '../../model/types';
import { IKeepMask, isShown } from './tree';

/** Max characters of searchable text per span. */
export const SEARCH_TEXT_CAP = 100_000;
const MAX_DEPTH = 64;

/**
 * Flatten a value to text (object keys and leaf values separated by
 * newlines), stopping once `cap` characters are collected. Strings are
 * raw (not JSON-escaped) so a query matches what the user reads.
 */
export function cappedText(value: unknown, cap: number): string {
  const parts: string[] = [];
  let len = 0;
  const push = (s: string): boolean => {
    if (len >= cap) {
      return false;
    }
    const room = cap - len;
    const piece = s.length > room ? s.slice(0, room) : s;
    parts.push(piece);
    len += piece.length + 1;
    return len < cap;
  };
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): boolean => {
    if (v === null || v === undefined) {
      return true;
    }
    switch (typeof v) {
      case 'string':
        return push(v);
      case 'number':
      case 'boolean':
      case 'bigint':
        return push(String(v));
      case 'object': {
        if (depth > MAX_DEPTH || seen.has(v)) {
          return true;
        }
        seen.add(v);
        if (Array.isArray(v)) {
          for (const item of v) {
            if (!walk(item, depth + 1)) {
              return false;
            }
          }
        } else {
          for (const key of Object.keys(v as object)) {
            if (!push(key)) {
              return false;
            }
            if (!walk((v as Record<string, unknown>)[key], depth + 1)) {
              return false;
            }
          }
        }
        seen.delete(v);
        return true;
      }
      default:
        return true;
    }
  };
  walk(value, 0);
  return parts.join('\n');
}

/** Lazily built, cached lowercase search text per span of one trace. */
export class SpanSearchIndex {
  private readonly texts: Array<string | undefined>;

  constructor(
    readonly trace: ITrace,
    readonly cap: number = SEARCH_TEXT_CAP
  ) {
    this.texts = new Array(trace.spans.length);
  }

  /** The lowercase searchable text of span `i`. */
  text(i: number): string {
    let t = this.texts[i];
    if (t === undefined) {
      const s = this.trace.spans[i];
      t = cappedText(
        [
          s.name,
          s.spanType,
          s.statusMessage,
          s.inputs,
          s.outputs,
          s.attributes
        ],
        this.cap
      ).toLowerCase();
      this.texts[i] = t;
    }
    return t;
  }

  /**
   * Indices of spans containing `query` (case-insensitive substring), in
   * trace order; restricted to kept spans when a mask is given.
   */
  find(query: string, mask?: IKeepMask | null): number[] {
    const q = query.trim().toLowerCase();
    const out: number[] = [];
    if (q.length === 0) {
      return out;
    }
    const n = this.trace.spans.length;
    for (let i = 0; i < n; i++) {
      if (!isShown(mask, i)) {
        continue;
      }
      if (this.text(i).includes(q)) {
        out.push(i);
      }
    }
    return out;
  }
}

/**
 * Split `text` into alternating [plain, match, plain, match, ...] pieces
 * for highlighting. Falls back to no highlight when lowercasing changes
 * the length (some non-ASCII letters), since offsets would not line up.
 */
export function splitMatches(text: string, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) {
    return [text];
  }
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    return [text];
  }
  const out: string[] = [];
  let from = 0;
  let at = lower.indexOf(q, from);
  while (at !== -1 && out.length < 200) {
    out.push(text.slice(from, at), text.slice(at, at + q.length));
    from = at + q.length;
    at = lower.indexOf(q, from);
  }
  out.push(text.slice(from));
  return out;
}
