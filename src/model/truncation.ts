/**
 * The kernel hook's truncation markers (`_marker` in
 * jupyterlab_mlflow_traces/kernel_hook/envelope.py): when an output would exceed the
 * size cap, the largest values become `{TRUNCATION_KEY: true,
 * original_size, preview}` (as a JSON string where MLflow stores strings).
 */
import { every, finish, Steps } from './slices';

export const TRUNCATION_KEY = 'mlflow_traces_truncated';

export interface ITruncationMarker {
  /** Size in bytes of the value's JSON before it was cut. */
  originalSize: number | null;
  /** Its first characters. */
  preview: string;
}

const MARKER_PREFIX = `{"${TRUNCATION_KEY}"`;

/** The marker `value` is, or null for any other value. */
export function readTruncationMarker(value: unknown): ITruncationMarker | null {
  let v = value;
  if (typeof v === 'string') {
    if (!v.startsWith(MARKER_PREFIX) || v.length > 100_000) {
      return null;
    }
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (
    v === null ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    (v as Record<string, unknown>)[TRUNCATION_KEY] !== true
  ) {
    return null;
  }
  const { original_size: size, preview } = v as Record<string, unknown>;
  return {
    originalSize:
      typeof size === 'number' && Number.isFinite(size) && size >= 0
        ? size
        : null,
    preview: typeof preview === 'string' ? preview : ''
  };
}

/**
 * A marker for a value the envelope left out entirely (size unknown): the
 * object the attribute's JSON text decodes to, made directly (one per value,
 * no JSON parse per span).
 */
function leftOut(): Record<string, unknown> {
  return { [TRUNCATION_KEY]: true, original_size: null, preview: '' };
}

function isStructureRow(row: unknown): row is unknown[] {
  return Array.isArray(row) && row.length >= 7;
}

function nanos(base: bigint, offset: unknown): string | null {
  return typeof offset === 'number' && Number.isSafeInteger(offset)
    ? (base + BigInt(offset)).toString()
    : null;
}

/**
 * A trace whose spans the kernel hook embedded as a structure only
 * (`span_structure` in kernel_hook/envelope.py: `data.structure` with rows
 * `[span_id, parent index, name, type, status, start offset ns, duration ns]`
 * and lookup tables), given back MLflow 3 spans: ids, parents, names, types,
 * status and exact times, with inputs and outputs as truncation markers so
 * the viewer says they were cut and can fetch them. Other traces unchanged.
 */
export function expandSpanStructure(trace: unknown): unknown {
  return finish(expandSpanStructureSteps(trace));
}

/** `expandSpanStructure` in steps (slices.ts). */
export function* expandSpanStructureSteps(trace: unknown): Steps<unknown> {
  if (trace === null || typeof trace !== 'object' || Array.isArray(trace)) {
    return trace;
  }
  const t = trace as Record<string, unknown>;
  const data = t.data as Record<string, unknown> | undefined;
  const structure = data?.structure as Record<string, unknown> | undefined;
  if (
    !structure ||
    typeof structure !== 'object' ||
    !Array.isArray(structure.spans) ||
    (Array.isArray(data?.spans) && data.spans.length > 0)
  ) {
    return trace;
  }
  let base: bigint;
  try {
    base = BigInt(String(structure.start));
  } catch {
    return trace;
  }
  const table = (name: string): unknown[] =>
    Array.isArray(structure[name]) ? (structure[name] as unknown[]) : [];
  const [names, types, statuses] = [
    table('names'),
    table('types'),
    table('statuses')
  ];
  const rows = (structure.spans as unknown[]).filter(isStructureRow);
  const spans: unknown[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [id, parent, name, type, status, offset, duration] = rows[i];
    const parentRow = typeof parent === 'number' ? rows[parent] : undefined;
    const start = nanos(base, offset);
    const attributes: Record<string, unknown> = {
      'mlflow.spanInputs': leftOut(),
      'mlflow.spanOutputs': leftOut()
    };
    const spanType = types[type as number];
    if (typeof spanType === 'string') {
      attributes['mlflow.spanType'] = spanType;
    }
    spans[i] = {
      span_id: id,
      parent_span_id: parentRow ? parentRow[0] : null,
      name: names[name as number] ?? '',
      start_time_unix_nano: start,
      end_time_unix_nano:
        start !== null && typeof duration === 'number'
          ? nanos(BigInt(start), duration)
          : null,
      status: { code: statuses[status as number] ?? null, message: '' },
      attributes
    };
    if (every(i)) {
      yield;
    }
  }
  return { ...t, data: { ...data, spans } };
}
