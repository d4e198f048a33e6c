/**
 * The kernel hook's truncation markers (`_marker` in
 * jupyterlab_mlflow_traces/kernel_hook/envelope.py): when an output would exceed the
 * size cap, the largest values become `{TRUNCATION_KEY: true,
 * original_size, preview}` (as a JSON string where MLflow stores strings).
 */
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
