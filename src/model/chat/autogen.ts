/**
 * AutoGen AgentChat model clients (`ChatCompletionClient.create`): messages
 * typed `SystemMessage`, `UserMessage`, `AssistantMessage` (text or a list of
 * `FunctionCall`s, with a `thought`) and `FunctionExecutionResultMessage`;
 * the answer is a `CreateResult` `{content, thought}`.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import {
  allMessages,
  chatOf,
  IChatAdapter,
  inputField,
  readMessages
} from './adapter';
import { plainText, Rec, toolCall, Turn } from './parts';
import { spanTools } from './tools';

const ROLES: Record<string, string> = {
  SystemMessage: 'system',
  UserMessage: 'user',
  AssistantMessage: 'assistant',
  FunctionExecutionResultMessage: 'tool'
};

function isMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    typeof m.type === 'string' &&
    m.type in ROLES &&
    'content' in m
  );
}

/** Text, images and function calls of a message's or result's `content`. */
function readContent(content: unknown, turn: Turn): void {
  const items = Array.isArray(content) ? content : [content];
  for (const item of items) {
    if (typeof item === 'string') {
      turn.text(item);
    } else if (
      isRecord(item) &&
      typeof item.name === 'string' &&
      'arguments' in item
    ) {
      turn.call(toolCall(item.name, item.arguments, item.id));
    } else if (isRecord(item) && 'call_id' in item) {
      turn.result(item.content, item.call_id, item.name);
    } else if (item !== null && item !== undefined) {
      turn.text(plainText(item));
    }
  }
}

function autogenMessage(m: Rec): IChatMessage[] {
  const turn = new Turn();
  turn.think(m.thought);
  readContent(m.content, turn);
  return turn.messages(ROLES[m.type as string], {
    name: m.type === 'UserMessage' ? m.source : undefined
  });
}

function outputMessages(outputs: unknown): IChatMessage[] | null {
  if (
    !isRecord(outputs) ||
    !('finish_reason' in outputs) ||
    !('content' in outputs)
  ) {
    return null;
  }
  const turn = new Turn();
  turn.think(outputs.thought);
  readContent(outputs.content, turn);
  return turn.messages('assistant');
}

export const autogen: IChatAdapter = {
  format: 'autogen',
  declared: ['autogen'],
  detect: span => allMessages(inputField(span, 'messages'), isMessage),
  normalize: span => {
    return chatOf(
      'autogen',
      readMessages(inputField(span, 'messages'), isMessage, autogenMessage),
      outputMessages(span.outputs),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
