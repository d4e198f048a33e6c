/**
 * MLflow 2.x `mlflow.chat.messages`: autolog and `set_span_chat_messages`
 * wrote the whole conversation, in OpenAI's format, as a span attribute.
 */

import { declaredFormat, IChatAdapter, inputField } from './adapter';
import { openAiMessages } from './openai';
import { spanTools } from './tools';

export const recordedMessages: IChatAdapter = {
  format: 'openai',
  declared: [],
  detect: span =>
    openAiMessages(span.attributes['mlflow.chat.messages']) !== null,
  normalize: span => {
    const messages = openAiMessages(span.attributes['mlflow.chat.messages']);
    if (!messages) {
      return null;
    }
    return {
      messages,
      tools: spanTools(
        span.attributes,
        inputField(span, 'tools'),
        inputField(span, 'functions')
      ),
      // The attribute is OpenAI-shaped whichever provider made the span.
      format: declaredFormat(span) ?? 'openai'
    };
  }
};
