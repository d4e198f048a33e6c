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
import { ag2 } from './ag2';
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
  mistral,
  ag2
];

/**
 * Chat view of a span, or null when nothing is chat-like. Never throws on
 * any input shape (callers still guard). Adapters are asked lazily: most
 * spans of a large trace are not chats and stop at cheap shape checks.
 */
export function parseChat(
  inputs: unknown,
  outputs: unknown,
  attributes: Record<string, unknown>
): IChat | null {
  const span: IChatSpan = { inputs, outputs, attributes };
  const recorded = recordedMessages.normalize(span);
  if (recorded) {
    return recorded;
  }
  const declared = declaredFormat(span);
  const claimed = declared
    ? CHAT_ADAPTERS.filter(a => a.declared.includes(declared))
    : [];
  for (const adapter of claimed) {
    const chat = adapter.normalize(span);
    if (chat) {
      return chat;
    }
  }
  for (const adapter of CHAT_ADAPTERS) {
    if (!claimed.includes(adapter) && adapter.detect(span)) {
      const chat = adapter.normalize(span);
      if (chat) {
        return chat;
      }
    }
  }
  return null;
}
