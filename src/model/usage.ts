/**
 * Token usage and cost, per span and per trace.
 */

import { decodeAttribute, isRecord, toNumber } from './json';
import { ICost, ISpan, ITokenUsage } from './types';

type Rec = Record<string, unknown>;

function setIf<T extends object>(
  target: T,
  key: keyof T,
  value: unknown
): void {
  const n = toNumber(value);
  if (n !== undefined) {
    (target as Record<keyof T, number>)[key] = n;
  }
}

function isEmpty(obj: object): boolean {
  return Object.keys(obj).length === 0;
}

/**
 * MLflow's usage dict (`input_tokens`...), also accepting OpenAI's
 * `prompt_tokens`/`completion_tokens` spellings. Null when no numbers.
 */
export function usageFromDict(raw: unknown): ITokenUsage | null {
  const value = decodeAttribute(raw);
  if (!isRecord(value)) {
    return null;
  }
  const u: ITokenUsage = {};
  setIf(
    u,
    'inputTokens',
    value.input_tokens ?? value.prompt_tokens ?? value.inputTokens
  );
  setIf(
    u,
    'outputTokens',
    value.output_tokens ?? value.completion_tokens ?? value.outputTokens
  );
  setIf(u, 'totalTokens', value.total_tokens ?? value.totalTokens);
  setIf(u, 'cacheReadInputTokens', value.cache_read_input_tokens);
  setIf(u, 'cacheCreationInputTokens', value.cache_creation_input_tokens);
  if (isEmpty(u)) {
    return null;
  }
  return withTotal(u);
}

function withTotal(u: ITokenUsage): ITokenUsage {
  if (
    u.totalTokens === undefined &&
    (u.inputTokens !== undefined || u.outputTokens !== undefined)
  ) {
    u.totalTokens = (u.inputTokens ?? 0) + (u.outputTokens ?? 0);
  }
  return u;
}

/** Cost dict (`input_cost`, `output_cost`, `total_cost`). */
export function costFromDict(raw: unknown): ICost | null {
  const value = decodeAttribute(raw);
  if (!isRecord(value)) {
    return null;
  }
  const c: ICost = {};
  setIf(c, 'inputCost', value.input_cost);
  setIf(c, 'outputCost', value.output_cost);
  setIf(c, 'totalCost', value.total_cost);
  if (isEmpty(c)) {
    return null;
  }
  if (c.totalCost === undefined) {
    c.totalCost = (c.inputCost ?? 0) + (c.outputCost ?? 0);
  }
  return c;
}

/**
 * Token usage of one span: `mlflow.chat.tokenUsage`, then OTel GenAI
 * `gen_ai.usage.*`, then OpenInference `llm.token_count.*`, then an OpenAI
 * or Anthropic `usage` object in the outputs.
 */
export function spanTokenUsage(
  attributes: Rec,
  outputs: unknown
): ITokenUsage | null {
  const mlflowUsage = usageFromDict(attributes['mlflow.chat.tokenUsage']);
  if (mlflowUsage) {
    return mlflowUsage;
  }

  const g: ITokenUsage = {};
  setIf(
    g,
    'inputTokens',
    attributes['gen_ai.usage.input_tokens'] ??
      attributes['gen_ai.usage.prompt_tokens']
  );
  setIf(
    g,
    'outputTokens',
    attributes['gen_ai.usage.output_tokens'] ??
      attributes['gen_ai.usage.completion_tokens']
  );
  setIf(g, 'totalTokens', attributes['gen_ai.usage.total_tokens']);
  setIf(
    g,
    'cacheReadInputTokens',
    attributes['gen_ai.usage.cache_read_input_tokens'] ??
      attributes['gen_ai.usage.cache_read.input_tokens']
  );
  setIf(
    g,
    'cacheCreationInputTokens',
    attributes['gen_ai.usage.cache_creation_input_tokens'] ??
      attributes['gen_ai.usage.cache_creation.input_tokens']
  );
  if (!isEmpty(g)) {
    return withTotal(g);
  }

  const oi: ITokenUsage = {};
  setIf(oi, 'inputTokens', attributes['llm.token_count.prompt']);
  setIf(oi, 'outputTokens', attributes['llm.token_count.completion']);
  setIf(oi, 'totalTokens', attributes['llm.token_count.total']);
  if (!isEmpty(oi)) {
    return withTotal(oi);
  }

  if (isRecord(outputs) && isRecord(outputs.usage)) {
    return usageFromDict(outputs.usage);
  }
  return null;
}

export function spanCost(attributes: Rec): ICost | null {
  return costFromDict(attributes['mlflow.llm.cost']);
}

export function spanModel(attributes: Rec): string | undefined {
  for (const key of [
    'mlflow.llm.model',
    'gen_ai.response.model',
    'gen_ai.request.model',
    'llm.model_name'
  ]) {
    const v = attributes[key];
    if (typeof v === 'string' && v !== '') {
      return v;
    }
  }
  return undefined;
}

/**
 * Sum usage over the spans that have some and whose ancestors have none,
 * so a wrapper span that already reports its children's usage is not
 * counted twice. `spans` must be in pre-order (parents before children).
 */
export function sumSpanUsage(spans: ISpan[]): ITokenUsage | null {
  const covered = new Uint8Array(spans.length);
  const total: ITokenUsage = {};
  let any = false;
  for (const s of spans) {
    const parentCovered = s.parentIndex >= 0 && covered[s.parentIndex] === 1;
    if (parentCovered) {
      covered[s.index] = 1;
      continue;
    }
    if (s.tokenUsage) {
      covered[s.index] = 1;
      any = true;
      addUsage(total, s.tokenUsage);
    }
  }
  return any ? total : null;
}

function addUsage(total: ITokenUsage, u: ITokenUsage): void {
  for (const key of [
    'inputTokens',
    'outputTokens',
    'totalTokens',
    'cacheReadInputTokens',
    'cacheCreationInputTokens'
  ] as const) {
    const v = u[key];
    if (v !== undefined) {
      total[key] = (total[key] ?? 0) + v;
    }
  }
}

/** Same rule as sumSpanUsage, for cost. */
export function sumSpanCost(spans: ISpan[]): ICost | null {
  const covered = new Uint8Array(spans.length);
  const total: ICost = {};
  let any = false;
  for (const s of spans) {
    if (s.parentIndex >= 0 && covered[s.parentIndex] === 1) {
      covered[s.index] = 1;
      continue;
    }
    if (s.cost) {
      covered[s.index] = 1;
      any = true;
      for (const key of ['inputCost', 'outputCost', 'totalCost'] as const) {
        const v = s.cost[key];
        if (v !== undefined) {
          total[key] = (total[key] ?? 0) + v;
        }
      }
    }
  }
  return any ? total : null;
}
