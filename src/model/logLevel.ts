/**
 * MLflow's span log level (MLflow 3.13+): the `mlflow.spanLogLevel`
 * attribute, an integer on Python's logging scale. The SDK sets it on
 * every span it ends (by span type unless the code chose one, ERROR when an
 * exception event was recorded). Spans without it (older MLflow, other
 * producers) count as DEBUG, as in MLflow's own trace UI.
 */
import type { ISpan } from './types';

export const LOG_LEVEL_ATTRIBUTE = 'mlflow.spanLogLevel';

/** MLflow's `SpanLogLevel` values, lowest first. */
export const SPAN_LOG_LEVELS = [
  { name: 'DEBUG', value: 10 },
  { name: 'INFO', value: 20 },
  { name: 'WARNING', value: 30 },
  { name: 'ERROR', value: 40 },
  { name: 'CRITICAL', value: 50 }
] as const;

export const DEBUG_LEVEL = 10;

/**
 * The span's recorded level, or null when it carries none. A number, or a
 * string of digits (the attribute as JSON text); anything else is no level.
 */
export function recordedLogLevel(span: ISpan): number | null {
  const raw = span.attributes[LOG_LEVEL_ATTRIBUTE];
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

/** The level a filter compares: the recorded one, else DEBUG. */
export function effectiveLogLevel(span: ISpan): number {
  return recordedLogLevel(span) ?? DEBUG_LEVEL;
}
