/**
 * AG2 (`ag2`, the `autogen` package): its `chat_completion` spans record the
 * OpenAI client's request and response. Its agent and `initiate_chat` spans
 * (`{message, sender}`, a chat history whose roles are relative to each
 * agent) are not read as chats.
 */

import { openAiCompatible } from './openai';

export const ag2 = openAiCompatible('ag2', ['ag2']);
