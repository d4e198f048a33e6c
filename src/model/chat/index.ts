/**
 * Chat view of a span: messages, tool calls and results, images (as
 * placeholders), reasoning and tool definitions, from whichever format MLflow
 * recorded. One adapter per format (see `adapter.ts`); this file only
 * chooses among them:
 *
 * 1. a conversation MLflow recorded as an attribute (MLflow 2.x);
 * 2. the adapters for the `mlflow.message.format` the span declares;
 * 3. every adapter whose `detect` recognises the shape, most specific first.
 *
 * Detection is strict (every element must look like a message) so that
 * ordinary inputs are not shown as chats.
 */

import type { IChat } from '../types';
import { declaredFormat, IChatAdapter, IChatSpan } from './adapter';
import { anthropic } from './anthropic';
import { autogen } from './autogen';
import { bedrock } from './bedrock';
import { dspy } from './dspy';
import { gemini } from './gemini';
import { langchain } from './langchain';
import { llamaIndex } from './llamaIndex';
import { mistral } from './mistral';
import { openAiChat } from './openai';
import { pydanticAi } from './pydanticAi';
import { recordedMessages } from './recorded';
import { openAiAgents, openAiResponses } from './responses';
import { otelGenAi } from './otelGenAi';

/** Most specific shapes first: OpenAI chat, the loosest, comes late. */
export const CHAT_ADAPTERS: readonly IChatAdapter[] = [
  otelGenAi,
  pydanticAi,
  autogen,
  llamaIndex,
  bedrock,
  gemini,
  anthropic,
  openAiResponses,
  langchain,
  dspy,
  openAiChat,
  openAiAgents,
  mistral
];

function candidates(span: IChatSpan): IChatAdapter[] {
  const declared = declaredFormat(span);
  const first = declared
    ? CHAT_ADAPTERS.filter(a => a.declared.includes(declared))
    : [];
  const rest = CHAT_ADAPTERS.filter(a => !first.includes(a) && a.detect(span));
  return [recordedMessages, ...first, ...rest];
}

/**
 * Chat view of a span, or null when nothing is chat-like. Never throws on
 * any input shape (callers still guard).
 */
export function parseChat(
  inputs: unknown,
  outputs: unknown,
  attributes: Record<string, unknown>
): IChat | null {
  const span: IChatSpan = { inputs, outputs, attributes };
  for (const adapter of candidates(span)) {
    if (adapter === recordedMessages && !adapter.detect(span)) {
      continue;
    }
    const chat = adapter.normalize(span);
    if (chat) {
      return chat;
    }
  }
  return null;
}
