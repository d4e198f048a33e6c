/**
 * Mistral (`mistralai` `chat.complete`): OpenAI-compatible messages and
 * choices; `image_url` may be a bare string and `thinking` parts hold text
 * chunks, which the shared content parts read.
 */

import { openAiCompatible } from './openai';

export const mistral = openAiCompatible('mistral', ['mistral']);
