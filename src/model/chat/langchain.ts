/**
 * LangChain chat models and LangGraph states. MLflow 3 records chat model
 * calls as OpenAI-shaped `{messages}` and `{choices}`; earlier versions (and
 * LangGraph) dump messages with a `type` (`human`, `ai`, `tool`, …), a batch
 * of message lists as inputs, and an `LLMResult` with `generations`.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import {
  allMessages,
  chatOf,
  IChatAdapter,
  IChatSpan,
  inputField,
  readMessages
} from './adapter';
import { isOpenAiMessage, openAiMessage, openAiOutput } from './openai';
import { Rec } from './parts';
import { spanTools } from './tools';

const TYPE_ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool',
  function: 'function',
  developer: 'developer',
  chat: 'user',
  // Streaming chunks dump with their class names.
  HumanMessageChunk: 'user',
  AIMessageChunk: 'assistant',
  SystemMessageChunk: 'system',
  ToolMessageChunk: 'tool'
};

function isTypedMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    typeof m.type === 'string' &&
    m.type in TYPE_ROLES &&
    'content' in m
  );
}

function isMessage(m: unknown): boolean {
  return isTypedMessage(m) || isOpenAiMessage(m);
}

function langchainMessage(m: Rec): IChatMessage[] {
  // A `chat` message and OpenAI-shaped dumps carry their own role.
  const role =
    typeof m.role === 'string' ? m.role : TYPE_ROLES[m.type as string];
  return openAiMessage({ ...m, role });
}

function messages(list: unknown): IChatMessage[] | null {
  return readMessages(list, isMessage, langchainMessage);
}

/** A batch (list of message lists) reads as its first conversation. */
function inputList(span: IChatSpan): unknown {
  const inputs = span.inputs;
  if (Array.isArray(inputs)) {
    return Array.isArray(inputs[0]) ? inputs[0] : inputs;
  }
  return inputField(span, 'messages');
}

/** `LLMResult.generations`: per prompt, a list of generations. */
function generationMessages(gens: unknown): IChatMessage[] | null {
  if (!Array.isArray(gens) || gens.length === 0) {
    return null;
  }
  const first = Array.isArray(gens[0]) ? gens[0] : gens;
  if (!Array.isArray(first) || first.length === 0) {
    return null;
  }
  const out: IChatMessage[] = [];
  for (const g of first) {
    if (!isRecord(g)) {
      return null;
    }
    if (isMessage(g.message)) {
      out.push(...langchainMessage(g.message as Rec));
    } else if (
      typeof g.text === 'string' &&
      (g.type === 'Generation' ||
        g.type === 'ChatGeneration' ||
        'generation_info' in g)
    ) {
      out.push({ role: 'assistant', content: g.text });
    } else {
      return null;
    }
  }
  return out;
}

function outputMessages(outputs: unknown): IChatMessage[] | null {
  if (isRecord(outputs) && 'generations' in outputs) {
    return generationMessages(outputs.generations);
  }
  if (Array.isArray(outputs)) {
    return generationMessages(outputs) ?? messages(outputs);
  }
  if (isRecord(outputs) && Array.isArray(outputs.messages)) {
    return messages(outputs.messages);
  }
  if (isTypedMessage(outputs)) {
    return langchainMessage(outputs);
  }
  if (isRecord(outputs) && isTypedMessage(outputs.message)) {
    return langchainMessage(outputs.message);
  }
  return openAiOutput(outputs);
}

export const langchain: IChatAdapter = {
  format: 'langchain',
  declared: ['langchain'],
  // Undeclared: only LangChain's own dumps; OpenAI-shaped ones go to the OpenAI adapter.
  detect: span => {
    const list = inputList(span);
    return allMessages(list, isMessage) && list.some(isTypedMessage);
  },
  normalize: span => {
    return chatOf(
      'langchain',
      messages(inputList(span)),
      outputMessages(span.outputs),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
