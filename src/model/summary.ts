/**
 * The Summary view of a trace, as data: what was asked and answered, the
 * conversation, the model and tool calls in order with short previews, the
 * errors, and the totals. Readable without knowing the span tree.
 *
 * Pure: ITrace in, plain data out; the view (SummaryView.tsx) only shows it.
 */

import { isRecord } from './json';
import { readTruncationMarker } from './truncation';
import type {
  DurationPrecision,
  IChat,
  IChatMessage,
  ICost,
  ISpan,
  ISpanException,
  ITokenUsage,
  ITrace,
  SpanStatus,
  TimeIssue
} from './types';

/** Characters of a call's input or output preview. */
export const PREVIEW_CHARS = 160;

/** Span types that are calls to a model (MLflow's `SpanType`). */
const MODEL_TYPES = new Set(['LLM', 'CHAT_MODEL']);
/** Span types that are calls to a tool or a retriever. */
const TOOL_TYPES = new Set(['TOOL', 'RETRIEVER']);

export type SummaryCallKind = 'model' | 'tool';

export interface ISummaryCall {
  /** Span index: a click selects this span in the Details view. */
  index: number;
  kind: SummaryCallKind;
  name: string;
  spanType: string;
  status: SpanStatus;
  durationMs: number | null;
  timeIssue?: TimeIssue;
  model?: string;
  tokenUsage: ITokenUsage | null;
  /** Short plain text: the last user message, or the arguments. */
  input: string;
  /** Short plain text: the answer, the tool calls asked for, or the result. */
  output: string;
  /** `output` lists the tool calls the model asked for (the view says "calls …"). */
  outputIsToolCalls?: boolean;
}

export interface ISummaryError {
  index: number;
  spanName: string;
  /** The exceptions the span recorded (may be none: status only). */
  exceptions: ISpanException[];
  statusMessage: string;
}

export interface ITraceSummaryData {
  /** The root span's inputs and outputs; undefined when it has none. */
  request: unknown;
  response: unknown;
  /** The fullest conversation a model call saw, and its span. */
  conversation: { index: number; chat: IChat } | null;
  calls: ISummaryCall[];
  errors: ISummaryError[];
  totals: {
    durationMs: number | null;
    durationPrecision: DurationPrecision;
    timeIssue?: TimeIssue;
    tokenUsage: ITokenUsage | null;
    cost: ICost | null;
    spanCount: number;
    modelCalls: number;
    toolCalls: number;
  };
}

/**
 * Plain text of a value, at most `cap` characters: strings as they are,
 * anything else as compact JSON. Walks only as far as the cap (values can
 * be megabytes) and never throws (cycles, odd objects).
 */
export function previewText(value: unknown, cap = PREVIEW_CHARS): string {
  const marker = readTruncationMarker(value);
  if (marker) {
    return clip(marker.preview, cap);
  }
  if (typeof value === 'string') {
    return clip(value, cap);
  }
  const out: string[] = [];
  let length = 0;
  const seen = new Set<unknown>();
  const push = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length <= cap;
  };
  const walk = (v: unknown): boolean => {
    if (v === null || v === undefined) {
      return push('null');
    }
    if (typeof v === 'string') {
      return push(JSON.stringify(v.length > cap ? v.slice(0, cap) : v));
    }
    if (typeof v !== 'object') {
      return push(String(v));
    }
    if (seen.has(v)) {
      return push('…');
    }
    seen.add(v);
    if (Array.isArray(v)) {
      if (!push('[')) {
        return false;
      }
      for (let i = 0; i < v.length; i++) {
        if ((i > 0 && !push(', ')) || !walk(v[i])) {
          return false;
        }
      }
      return push(']');
    }
    if (!push('{')) {
      return false;
    }
    let first = true;
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if ((!first && !push(', ')) || !push(`${k}: `) || !walk(item)) {
        return false;
      }
      first = false;
    }
    return push('}');
  };
  walk(value);
  return clip(out.join(''), cap);
}

function clip(text: string, cap: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > cap ? `${oneLine.slice(0, cap)}…` : oneLine;
}

function lastMessage(
  messages: IChatMessage[],
  role: string
): IChatMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === role) {
      return messages[i];
    }
  }
  return undefined;
}

/** What a model call answered: its text, else the tools it asked for. */
function answerOf(chat: IChat): { text: string; toolCalls?: boolean } {
  const last = chat.messages[chat.messages.length - 1];
  if (!last || last.role !== 'assistant') {
    return { text: '' };
  }
  if (last.content.trim() !== '') {
    return { text: clip(last.content, PREVIEW_CHARS) };
  }
  const calls = (last.toolCalls ?? []).map(
    c => `${c.name}(${previewText(c.arguments, 60)})`
  );
  // Prose stays out of the model: the view words it (translated).
  return calls.length > 0
    ? { text: clip(calls.join(', '), PREVIEW_CHARS), toolCalls: true }
    : { text: '' };
}

function modelCall(
  span: ISpan
): Pick<ISummaryCall, 'input' | 'output' | 'outputIsToolCalls'> {
  const chat = span.chat;
  if (chat) {
    const asked =
      lastMessage(chat.messages, 'user') ?? lastMessage(chat.messages, 'tool');
    const answer = answerOf(chat);
    return {
      input: asked ? clip(asked.content, PREVIEW_CHARS) : '',
      output: answer.text || previewText(span.outputs),
      ...(answer.toolCalls ? { outputIsToolCalls: true } : {})
    };
  }
  return { input: previewText(span.inputs), output: previewText(span.outputs) };
}

/** Tool results often arrive wrapped (`{content: …}`, LangChain's ToolMessage). */
function toolResult(outputs: unknown): unknown {
  if (isRecord(outputs) && typeof outputs.content === 'string') {
    return outputs.content;
  }
  return outputs;
}

function kindOf(span: ISpan): SummaryCallKind | null {
  const type = span.spanType.toUpperCase();
  if (MODEL_TYPES.has(type)) {
    return 'model';
  }
  if (TOOL_TYPES.has(type)) {
    return 'tool';
  }
  return null;
}

/**
 * The calls in start order. A model call inside another model call (a
 * client span under an SDK's own span) is the same call: only the outer one
 * is listed; likewise for tools.
 */
function callsOf(trace: ITrace): ISummaryCall[] {
  const kinds = trace.spans.map(kindOf);
  const calls: ISummaryCall[] = [];
  for (const span of trace.spans) {
    const kind = kinds[span.index];
    if (!kind || insideSameKind(trace, span, kind, kinds)) {
      continue;
    }
    const io =
      kind === 'model'
        ? modelCall(span)
        : {
            input: previewText(span.inputs),
            output: previewText(toolResult(span.outputs))
          };
    calls.push({
      index: span.index,
      kind,
      name: span.name,
      spanType: span.spanType,
      status: span.status,
      durationMs: span.durationMs,
      timeIssue: span.timeIssue,
      model: span.model,
      tokenUsage: span.tokenUsage,
      ...io
    });
  }
  // Pre-order already sorts siblings by start; across branches, by start.
  return calls.sort(
    (a, b) =>
      trace.spans[a.index].startMs - trace.spans[b.index].startMs ||
      a.index - b.index
  );
}

function insideSameKind(
  trace: ITrace,
  span: ISpan,
  kind: SummaryCallKind,
  kinds: (SummaryCallKind | null)[]
): boolean {
  const seen = new Set<number>();
  for (let p = span.parentIndex; p >= 0 && !seen.has(p);) {
    if (kinds[p] === kind) {
      return true;
    }
    seen.add(p);
    p = trace.spans[p].parentIndex;
  }
  return false;
}

/** The chat with the most messages; on a tie the later one (it has the answer). */
function conversationOf(trace: ITrace): ITraceSummaryData['conversation'] {
  let best: ITraceSummaryData['conversation'] = null;
  for (const span of trace.spans) {
    if (
      span.chat &&
      span.chat.messages.length > 0 &&
      (!best || span.chat.messages.length >= best.chat.messages.length)
    ) {
      best = { index: span.index, chat: span.chat };
    }
  }
  return best;
}

function errorsOf(trace: ITrace): ISummaryError[] {
  return trace.spans
    .filter(s => s.status === 'ERROR' || s.exceptions.length > 0)
    .map(s => ({
      index: s.index,
      spanName: s.name,
      exceptions: s.exceptions,
      statusMessage: s.statusMessage
    }));
}

export function summarizeTrace(trace: ITrace): ITraceSummaryData {
  const root =
    trace.rootIndices.length > 0 ? trace.spans[trace.rootIndices[0]] : null;
  const calls = callsOf(trace);
  return {
    request: root?.inputs ?? trace.requestPreview,
    response: root?.outputs ?? trace.responsePreview,
    conversation: conversationOf(trace),
    calls,
    errors: errorsOf(trace),
    totals: {
      durationMs: trace.durationMs,
      durationPrecision: trace.durationPrecision,
      timeIssue: trace.timeIssue,
      tokenUsage: trace.tokenUsage,
      cost: trace.cost,
      spanCount: trace.spans.length,
      modelCalls: calls.filter(c => c.kind === 'model').length,
      toolCalls: calls.filter(c => c.kind === 'tool').length
    }
  };
}
