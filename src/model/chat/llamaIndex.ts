/**
 * LlamaIndex LLMs (`llm.chat`): `ChatMessage` dumps with `role`, `blocks`
 * (`block_type`: text, image, thinking, tool_call, …) or legacy `content`,
 * and OpenAI-style calls in `additional_kwargs`; the answer is a
 * `ChatResponse` `{message}`.
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
  genericToolCalls,
  imageRef,
  Rec,
  roleName,
  toolCall,
  Turn
} from './parts';
import { spanTools } from './tools';

function isMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    typeof m.role === 'string' &&
    (Array.isArray(m.blocks) || 'content' in m)
  );
}

function readBlock(block: unknown, turn: Turn): void {
  if (!isRecord(block)) {
    return;
  }
  switch (block.block_type) {
    case 'text':
      turn.text(block.text);
      break;
    case 'image':
      // `image` holds the bytes' repr: only an address or attachment is shown.
      turn.image(
        imageRef(
          typeof block.url === 'string' ? block.url : block.image,
          block.image_mimetype
        )
      );
      break;
    case 'thinking':
      turn.think(block.content);
      break;
    case 'tool_call':
      turn.call(
        toolCall(block.tool_name, block.tool_kwargs, block.tool_call_id)
      );
      break;
    case 'audio':
    case 'video':
    case 'document':
      turn.text(`[${block.block_type}]`);
      break;
  }
}

function llamaMessage(m: Rec): IChatMessage[] {
  const turn = new Turn();
  if (Array.isArray(m.blocks)) {
    m.blocks.forEach(b => readBlock(b, turn));
  } else {
    turn.text(m.content);
  }
  const extra = isRecord(m.additional_kwargs) ? m.additional_kwargs : {};
  if (turn.toolCalls.length === 0) {
    genericToolCalls(extra.tool_calls).forEach(c => turn.call(c));
  }
  return turn.messages(roleName(m.role), {
    toolCallId: extra.tool_call_id,
    name: extra.name
  });
}

function messages(list: unknown): IChatMessage[] | null {
  return readMessages(list, isMessage, llamaMessage);
}

function outputMessages(span: IChatSpan): IChatMessage[] | null {
  const outputs = span.outputs;
  return isRecord(outputs) && isMessage(outputs.message)
    ? llamaMessage(outputs.message)
    : null;
}

export const llamaIndex: IChatAdapter = {
  format: 'llamaindex',
  declared: ['llamaindex'],
  detect: span => {
    const list = inputField(span, 'messages');
    return (
      allMessages(list, isMessage) &&
      list.some(m => Array.isArray((m as Rec).blocks))
    );
  },
  normalize: span => {
    return chatOf(
      'llamaindex',
      messages(inputField(span, 'messages')),
      outputMessages(span),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
