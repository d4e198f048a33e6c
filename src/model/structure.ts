/**
 * A trace whose spans the kernel hook embedded as a structure only
 * (`span_structure` in kernel_hook/envelope.py: `data.structure` with rows
 * `[span_id, parent index, name, type, status, start offset ns, duration ns]`
 * and lookup tables), read straight into raw spans: ids, parents, names,
 * types, status and exact times, with inputs and outputs as truncation
 * markers so the viewer says they were cut and can fetch them.
 *
 * Read directly, not through MLflow-shaped span objects and `parseSpan`: a
 * 50,000-span structure is the largest thing an output holds, and the detour
 * cost more than half of its parse (decimal strings of every time, parsed
 * back). The result is what `parseSpan` gives for those spans.
 */

import { isShowableTimeMs, normalizeSpanId } from './ids';
import { decodeAttribute } from './json';
import { every, Steps } from './slices';
import { IRawSpan, mapSpanStatus } from './spans';
import { TRUNCATION_KEY } from './truncation';

/** A marker for a value the envelope left out entirely (size unknown). */
function leftOut(): Record<string, unknown> {
  return { [TRUNCATION_KEY]: true, original_size: null, preview: '' };
}

function isStructureRow(row: unknown): row is unknown[] {
  return Array.isArray(row) && row.length >= 7;
}

const NS_PER_MS = 1e6;
const BIG_NS_PER_MS = 1_000_000n;
/** Below this, a nanosecond count converts to milliseconds exactly enough in one division. */
const SMALL_NS = 1_000_000_000_000_000n;

/** Milliseconds of exact nanoseconds, as `nanosToMs` reads their decimal text. */
function nsToMs(ns: bigint): number {
  if (ns < 0n || ns < SMALL_NS) {
    return Number(ns) / NS_PER_MS;
  }
  return Number(ns / BIG_NS_PER_MS) + Number(ns % BIG_NS_PER_MS) / NS_PER_MS;
}

/** `base + offset` when the offset is an exact integer, else null. */
function offsetNs(base: bigint, offset: unknown): bigint | null {
  return typeof offset === 'number' && Number.isSafeInteger(offset)
    ? base + BigInt(offset)
    : null;
}

/** One span time as `parseSpan` reads it (an end of 0 is "not ended"). */
function timeOf(
  ns: bigint | null,
  which: 'start' | 'end'
): { ms: number | null; ns: bigint | null; bad?: string } {
  if (ns === null) {
    return { ms: null, ns: null };
  }
  const ms = nsToMs(ns);
  if (which === 'end' && ms === 0) {
    return { ms: null, ns: null };
  }
  if (!isShowableTimeMs(ms)) {
    return { ms: null, ns: null, bad: ns.toString() };
  }
  return { ms, ns };
}

/**
 * The raw spans of a structure trace, or null when `trace` is not one (it
 * has spans, or no readable structure).
 */
export function* structureSpansSteps(trace: unknown): Steps<IRawSpan[] | null> {
  if (trace === null || typeof trace !== 'object' || Array.isArray(trace)) {
    return null;
  }
  const data = (trace as Record<string, unknown>).data as
    Record<string, unknown> | undefined;
  const structure = data?.structure as Record<string, unknown> | undefined;
  if (
    !structure ||
    typeof structure !== 'object' ||
    !Array.isArray(structure.spans) ||
    (Array.isArray(data?.spans) && data.spans.length > 0)
  ) {
    return null;
  }
  let base: bigint;
  try {
    base = BigInt(String(structure.start));
  } catch {
    return null;
  }
  const table = (name: string): unknown[] =>
    Array.isArray(structure[name]) ? (structure[name] as unknown[]) : [];
  const [names, types, statuses] = [
    table('names'),
    table('types'),
    table('statuses')
  ];
  const rows = (structure.spans as unknown[]).filter(isStructureRow);
  const ids: (string | null)[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    ids[i] = normalizeSpanId(rows[i][0]);
    if (every(i)) {
      yield;
    }
  }
  const raws: IRawSpan[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [, parent, name, type, status, offset, duration] = rows[i];
    const parentRow = typeof parent === 'number' ? rows[parent] : undefined;
    const startNs = offsetNs(base, offset);
    const start = timeOf(startNs, 'start');
    const end = timeOf(
      startNs !== null ? offsetNs(startNs, duration) : null,
      'end'
    );
    const attributes: Record<string, unknown> = {
      'mlflow.spanInputs': leftOut(),
      'mlflow.spanOutputs': leftOut()
    };
    const typeText = types[type as number];
    let spanType = 'UNKNOWN';
    if (typeof typeText === 'string') {
      const decoded = decodeAttribute(typeText);
      attributes['mlflow.spanType'] = decoded;
      if (typeof decoded === 'string' && decoded !== '') {
        spanType = decoded;
      }
    }
    const spanName = names[name as number];
    const span: IRawSpan = {
      id: ids[i],
      parentId: parentRow ? ids[parent as number] : null,
      traceId: null,
      name:
        typeof spanName === 'string'
          ? spanName
          : typeof spanName === 'number' || typeof spanName === 'boolean'
            ? String(spanName)
            : '',
      spanType,
      status: mapSpanStatus(statuses[status as number] ?? undefined),
      statusMessage: '',
      startMs: start.ms,
      endMs: end.ms,
      startNs: start.ns,
      endNs: end.ns,
      attributes,
      events: [],
      exceptions: [],
      inputs: attributes['mlflow.spanInputs'],
      outputs: attributes['mlflow.spanOutputs']
    };
    if (start.bad !== undefined) {
      span.badStart = start.bad;
    }
    if (end.bad !== undefined) {
      span.badEnd = end.bad;
    }
    raws[i] = span;
    if (every(i)) {
      yield;
    }
  }
  return raws;
}
