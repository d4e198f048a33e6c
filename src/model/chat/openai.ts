/**
 * OpenAI chat completions: `inputs.messages` with roles, content parts and
 * `tool_calls`; outputs `{choices: [{message}]}`. The message reader is also
 * what Mistral, DSPy and MLflow 3's LangChain records use, since they write
 * OpenAI-shaped messages.
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
import {
  genericToolCall,
  genericToolCalls,
  Rec,
  roleName,
  sharedContent,
  Turn
} from './parts';
import { spanTools } from './tools';

export function isOpenAiMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    typeof m.role === 'string' &&
    ('content' in m || 'tool_calls' in m || 'function_call' in m)
  );
}

/** One OpenAI-shaped message (LangChain's `additional_kwargs.tool_calls` too). */
export function openAiMessage(m: Rec): IChatMessage[] {
  const turn = new Turn();
  sharedContent(m.content, turn);
  if (typeof m.reasoning_content === 'string') {
    // DeepSeek and other OpenAI-compatible servers.
    turn.think(m.reasoning_content);
  }
  for (const call of genericToolCalls(m.tool_calls)) {
    turn.call(call);
  }
  if (turn.toolCalls.length === 0 && isRecord(m.additional_kwargs)) {
    for (const call of genericToolCalls(m.additional_kwargs.tool_calls)) {
      turn.call(call);
    }
  }
  if (turn.toolCalls.length === 0 && isRecord(m.function_call)) {
    turn.call(genericToolCall(m.function_call));
  }
  return turn.messages(roleName(m.role), {
    name: m.name,
    toolCallId: m.tool_call_id
  });
}

/** A list of OpenAI messages, or null when any element is not one. */
export function openAiMessages(list: unknown): IChatMessage[] | null {
  return readMessages(list, isOpenAiMessage, openAiMessage);
}

/** `{choices: [{message | delta}]}`, a bare list of choices, or one message. */
export function openAiOutput(outputs: unknown): IChatMessage[] | null {
  const choices = isRecord(outputs) ? outputs.choices : outputs;
  if (Array.isArray(choices)) {
    const out: IChatMessage[] = [];
    for (const c of choices) {
      const message = isRecord(c) ? (c.message ?? c.delta) : undefined;
      if (isOpenAiMessage(message)) {
        out.push(...openAiMessage(message));
      }
    }
    return out.length > 0 ? out : null;
  }
  if (isOpenAiMessage(outputs)) {
    return openAiMessage(outputs);
  }
  if (isRecord(outputs) && isOpenAiMessage(outputs.message)) {
    // Ollama and other `{message: {...}}` answers.
    return openAiMessage(outputs.message);
  }
  return null;
}

/** Messages under `inputs.messages`, or inputs that are themselves the list. */
export function openAiInput(span: IChatSpan): IChatMessage[] | null {
  return openAiMessages(
    Array.isArray(span.inputs) ? span.inputs : inputField(span, 'messages')
  );
}

export const openAiChat: IChatAdapter = {
  format: 'openai',
  declared: ['openai', 'groq'],
  detect: span =>
    allMessages(
      Array.isArray(span.inputs) ? span.inputs : inputField(span, 'messages'),
      isOpenAiMessage
    ),
  normalize: span => {
    return chatOf(
      'openai',
      openAiInput(span),
      openAiOutput(span.outputs),
      spanTools(
        span.attributes,
        inputField(span, 'tools'),
        inputField(span, 'functions')
      )
    );
  }
};

/**
 * An OpenAI-compatible API under its own name (Mistral, AG2): read as OpenAI
 * chat when the span declares that format; undeclared, such spans look like
 * OpenAI ones and are read as those.
 */
export function openAiCompatible(
  format: string,
  declared: string[]
): IChatAdapter {
  return {
    format,
    declared,
    detect: () => false,
    normalize: span =>
      chatOf(
        format,
        openAiInput(span),
        openAiOutput(span.outputs),
        spanTools(span.attributes, inputField(span, 'tools'))
      )
  };
}
