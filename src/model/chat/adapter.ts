/**
 * The contract of a chat adapter: one per format MLflow records. `detect` is
 * a cheap look at the shape for spans that do not declare their format;
 * `normalize` reads the messages and may still answer null.
 */

import { isRecord } from '../json';
import type { IChat, IChatMessage, IChatTool } from '../types';
import { plainText, Rec } from './parts';

export interface IChatSpan {
  inputs: unknown;
  outputs: unknown;
  attributes: Record<string, unknown>;
}

export interface IChatAdapter {
  /** Shown as `IChat.format`. */
  readonly format: string;
  /** `mlflow.message.format` values MLflow's autolog writes for this format. */
  readonly declared: readonly string[];
  detect(span: IChatSpan): boolean;
  normalize(span: IChatSpan): IChat | null;
}

/** The `mlflow.message.format` a span declares, if any. */
export function declaredFormat(span: IChatSpan): string | undefined {
  const value = span.attributes['mlflow.message.format'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `inputs[key]` when inputs is an object. */
export function inputField(span: IChatSpan, key: string): unknown {
  return isRecord(span.inputs) ? span.inputs[key] : undefined;
}

/**
 * Input messages then output messages. Agent states (LangGraph, …) return
 * the whole conversation again: then the output alone is the conversation.
 */
export function conversation(
  ins: IChatMessage[],
  outs: IChatMessage[] | null
): IChatMessage[] {
  if (!outs) {
    return ins;
  }
  const repeats =
    outs.length >= ins.length &&
    ins.every(
      (m, i) => m.role === outs[i].role && m.content === outs[i].content
    );
  return repeats ? outs : ins.concat(outs);
}

/**
 * The chat of a span: its input messages (null: not this format after all)
 * followed by the answer.
 */
export function chatOf(
  format: string,
  ins: IChatMessage[] | null,
  outs: IChatMessage[] | null,
  tools: IChatTool[]
): IChat | null {
  const messages = ins ? conversation(ins, outs) : [];
  return messages.length > 0 ? { messages, tools, format } : null;
}

/** Messages with a leading system message when `system` says anything. */
export function withSystem(
  messages: IChatMessage[] | null,
  system: unknown
): IChatMessage[] | null {
  const text =
    typeof system === 'string' || Array.isArray(system)
      ? plainText(system)
      : '';
  if (messages && text !== '') {
    messages.unshift({ role: 'system', content: text });
  }
  return messages;
}

/**
 * Every element passes `isMessage` (and there is one): the strictness that
 * keeps ordinary inputs from being shown as chats.
 */
export function allMessages(
  list: unknown,
  isMessage: (m: unknown) => boolean
): list is unknown[] {
  return Array.isArray(list) && list.length > 0 && list.every(isMessage);
}

/** Each element read as a message, when every element is one; else null. */
export function readMessages(
  list: unknown,
  isMessage: (m: unknown) => boolean,
  read: (m: Rec) => IChatMessage[]
): IChatMessage[] | null {
  return allMessages(list, isMessage)
    ? list.flatMap(m => read(m as Rec))
    : null;
}
