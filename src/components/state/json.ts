/**
 * Pure JSON helpers: value classification for the JSON tree, retriever
 * document detection, and a capped pretty-printer for the raw view.
 */

export const LONG_STRING = 200;

export type JsonKind =
  | 'null'
  | 'undefined'
  | 'string'
  | 'number'
  | 'boolean'
  | 'array'
  | 'object'
  | 'other';

export function kindOf(v: unknown): JsonKind {
  if (v === null) {
    return 'null';
  }
  if (v === undefined) {
    return 'undefined';
  }
  if (Array.isArray(v)) {
    return 'array';
  }
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

/** Strings shown as a text block instead of inline. */
export function isLongText(s: string): boolean {
  return s.length > LONG_STRING || s.includes('\n');
}

/** Inline rendering of a primitive (strings quoted, JSON-escaped). */
export function primitiveText(v: unknown): string {
  switch (kindOf(v)) {
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      return 'undefined';
    case 'null':
      return 'null';
    case 'other':
      return String(v);
    default:
      return String(v);
  }
}

export interface IRetrieverDocument {
  id?: unknown;
  page_content: string;
  metadata?: unknown;
}

/** A non-empty list of `{page_content, metadata?, id?}` (retriever outputs). */
export function asDocumentList(v: unknown): IRetrieverDocument[] | null {
  if (!Array.isArray(v) || v.length === 0) {
    return null;
  }
  for (const d of v) {
    if (
      d === null ||
      typeof d !== 'object' ||
      Array.isArray(d) ||
      typeof (d as IRetrieverDocument).page_content !== 'string'
    ) {
      return null;
    }
  }
  return v as IRetrieverDocument[];
}

export interface ICappedJson {
  text: string;
  /** True when output stopped at `totalCap`. */
  truncated: boolean;
}

/**
 * Pretty-print `value` as JSON (2-space indent), with every string longer
 * than `stringCap` cut and marked `… (N more characters)` (`moreText`: the
 * view's translated words), and the whole output stopped after `totalCap`
 * characters. Never throws (cycles, bigint, deep nesting are rendered as
 * markers).
 */
export function cappedPrettyJson(
  value: unknown,
  stringCap = 10_000,
  totalCap = 2_000_000,
  moreText: (rest: number) => string = rest =>
    `… (${rest.toLocaleString('en-US')} more characters)`
): ICappedJson {
  const out: string[] = [];
  let len = 0;
  let stopped = false;
  const emit = (s: string) => {
    if (stopped) {
      return;
    }
    if (len + s.length > totalCap) {
      out.push(s.slice(0, Math.max(0, totalCap - len)));
      stopped = true;
      len = totalCap;
      return;
    }
    out.push(s);
    len += s.length;
  };
  const str = (s: string) => {
    if (s.length > stringCap) {
      emit(
        JSON.stringify(s.slice(0, stringCap)) + moreText(s.length - stringCap)
      );
    } else {
      emit(JSON.stringify(s));
    }
  };
  const path = new Set<unknown>();
  const walk = (v: unknown, indent: string, depth: number) => {
    if (stopped) {
      return;
    }
    if (v === null || v === undefined) {
      emit('null');
      return;
    }
    switch (typeof v) {
      case 'string':
        str(v);
        return;
      case 'number':
        emit(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'boolean':
        emit(String(v));
        return;
      case 'bigint':
        emit(String(v));
        return;
      case 'object':
        break;
      default:
        emit('null');
        return;
    }
    if (path.has(v)) {
      emit('"[circular]"');
      return;
    }
    if (depth > 200) {
      emit('"[too deep]"');
      return;
    }
    const inner = indent + '  ';
    path.add(v);
    if (Array.isArray(v)) {
      if (v.length === 0) {
        emit('[]');
      } else {
        emit('[\n');
        for (let k = 0; k < v.length && !stopped; k++) {
          emit(inner);
          walk(v[k], inner, depth + 1);
          emit(k < v.length - 1 ? ',\n' : '\n');
        }
        emit(indent + ']');
      }
    } else {
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec).filter(
        k => rec[k] !== undefined && typeof rec[k] !== 'function'
      );
      if (keys.length === 0) {
        emit('{}');
      } else {
        emit('{\n');
        for (let k = 0; k < keys.length && !stopped; k++) {
          emit(inner);
          str(keys[k]);
          emit(': ');
          walk(rec[keys[k]], inner, depth + 1);
          emit(k < keys.length - 1 ? ',\n' : '\n');
        }
        emit(indent + '}');
      }
    }
    path.delete(v);
  };
  walk(value, '', 0);
  return { text: out.join(''), truncated: stopped };
}

/** Full JSON for copying; falls back to the capped form if it cannot stringify. */
export function fullJson(value: unknown): string {
  try {
    const s = JSON.stringify(
      value,
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
      2
    );
    return s ?? 'null';
  } catch {
    return cappedPrettyJson(value, Infinity, Infinity).text;
  }
}
