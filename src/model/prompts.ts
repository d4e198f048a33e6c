/**
 * Prompts of MLflow's prompt registry that a trace used: `load_prompt`
 * inside a traced function writes the trace tag `mlflow.linkedPrompts` and
 * the span attribute of the same name, each a JSON list of
 * `{name, version}` (mlflow/tracing/utils/prompt.py). Names are hostile
 * text, shown as text only.
 */

import { isRecord } from './json';
import type { ITrace } from './types';

export const LINKED_PROMPTS_KEY = 'mlflow.linkedPrompts';

export interface ILinkedPrompt {
  name: string;
  /** As MLflow wrote it (a decimal string); '' when absent. */
  version: string;
}

/** The prompts of one tag or attribute value (JSON text, or already decoded); [] for garbage. */
export function parseLinkedPrompts(value: unknown): ILinkedPrompt[] {
  let list = value;
  // Span attributes are JSON-encoded strings of the tag's JSON text.
  for (let i = 0; i < 2 && typeof list === 'string'; i++) {
    try {
      list = JSON.parse(list);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) {
    return [];
  }
  const out: ILinkedPrompt[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string' || !item.name) {
      continue;
    }
    const v = item.version;
    out.push({
      name: item.name,
      version: typeof v === 'string' || typeof v === 'number' ? String(v) : ''
    });
  }
  return out;
}

/**
 * The prompts a trace used, each once, in the order MLflow recorded them:
 * the trace tag first, then any its spans name that the tag does not (a tag
 * lost on the way, or a trace still being written).
 */
export function tracePrompts(trace: ITrace): ILinkedPrompt[] {
  const out: ILinkedPrompt[] = [];
  const seen = new Set<string>();
  const add = (prompts: ILinkedPrompt[]) => {
    for (const p of prompts) {
      const key = `${p.name}\u0000${p.version}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  };
  add(parseLinkedPrompts(trace.tags[LINKED_PROMPTS_KEY]));
  for (const span of trace.spans) {
    const attr = span.attributes[LINKED_PROMPTS_KEY];
    if (attr !== undefined) {
      add(parseLinkedPrompts(attr));
    }
  }
  return out;
}
