/**
 * Mistral (`mistralai` `chat.complete`): OpenAI-compatible messages and
 * choices; `image_url` may be a bare string and `thinking` parts hold text
 * chunks, which the shared content parts read.
 */

import { chatOf, IChatAdapter, inputField } from './adapter';
import { openAiInput, openAiOutput } from './openai';
import { spanTools } from './tools';

export const mistral: IChatAdapter = {
  format: 'mistral',
  declared: ['mistral'],
  // Undeclared Mistral spans look like OpenAI ones and are read as those.
  detect: () => false,
  normalize: span => {
    return chatOf(
      'mistral',
      openAiInput(span),
      openAiOutput(span.outputs),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
