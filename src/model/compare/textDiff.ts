/**
 * A small line and word diff for the inputs and outputs of two compared spans.
 * Written here rather than taken from a package: what is needed is one
 * longest-common-subsequence over tokens (about 60 lines), while the usual
 * packages (`diff`: ~50 kB, `diff-match-patch`: ~20 kB) bring far more than
 * the comparison shows. Common prefix and suffix are trimmed first, so the
 * usual case (a few changed lines in a long prompt) stays cheap; past
 * `MAX_CELLS` the middle is shown as removed-then-added instead of aligned.
 */

import { lcsAlign } from './lcs';

export type DiffOpKind = 'same' | 'removed' | 'added';

export interface IDiffOp {
  kind: DiffOpKind;
  /** The text of the run, tokens joined (lines keep their `\n`). */
  text: string;
}

/** The LCS table may hold this many cells (a 2,000 × 2,000-line middle). */
export const MAX_CELLS = 4_000_000;

/** Runs of same / removed / added tokens turning `a` into `b`. */
export function diffTokens(a: string[], b: string[]): IDiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: IDiffOp[] = [];
  const push = (kind: DiffOpKind, token: string) => {
    const last = ops[ops.length - 1];
    if (last && last.kind === kind) {
      last.text += token;
    } else {
      ops.push({ kind, text: token });
    }
  };
  a.slice(0, start).forEach(t => push('same', t));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach(t => push('removed', t));
    midB.forEach(t => push('added', t));
  } else {
    for (const [i, j] of lcsAlign(midA, midB)) {
      if (i !== null && j !== null) {
        push('same', midA[i]);
      } else if (i !== null) {
        push('removed', midA[i]);
      } else if (j !== null) {
        push('added', midB[j]);
      }
    }
  }
  a.slice(endA).forEach(t => push('same', t));
  return ops;
}

/** Lines, each keeping its line break, so joined runs give the text back. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Words and the spaces between them, as separate tokens. */
export function splitWords(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

export function diffLines(a: string, b: string): IDiffOp[] {
  return diffTokens(splitLines(a), splitLines(b));
}

export function diffWords(a: string, b: string): IDiffOp[] {
  return diffTokens(splitWords(a), splitWords(b));
}

/**
 * A value as text to diff: strings as they are, anything else as indented
 * JSON (keys in their recorded order), `undefined` as the empty text.
 */
export function diffableText(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The diff a reader wants: by word (a changed word in a long prompt shows as
 * that word), by line when the texts are too long for a word table.
 */
export function diffText(a: string, b: string): IDiffOp[] {
  const wa = splitWords(a);
  const wb = splitWords(b);
  return wa.length * wb.length <= MAX_CELLS
    ? diffTokens(wa, wb)
    : diffLines(a, b);
}
