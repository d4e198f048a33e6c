/**
 * Anthropic Messages API: `inputs.messages` whose content is a string or
 * blocks (`text`, `image`, `tool_use`, `tool_result`, `thinking`), a
 * top-level `system`, tools with `input_schema`; the output is one message.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import {
  allMessages,
  chatOf,
  IChatAdapter,
  IChatSpan,
  inputField,
  readMessages,
  withSystem
} from './adapter';
import { Rec, roleName, sharedPart, toolCall, Turn } from './parts';
import { spanTools } from './tools';

const ANTHROPIC_BLOCKS = new Set([
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
  'document'
]);

function isMessage(m: unknown): m is Rec {
  return isRecord(m) && typeof m.role === 'string' && 'content' in m;
}

function hasAnthropicBlock(m: unknown): boolean {
  return (
    isMessage(m) &&
    Array.isArray(m.content) &&
    m.content.some(
      b =>
        isRecord(b) &&
        (ANTHROPIC_BLOCKS.has(b.type as string) ||
          (b.type === 'image' && isRecord(b.source)))
    )
  );
}

/** An Anthropic `Message` answer (not a Responses output message). */
function isAnthropicAnswer(outputs: unknown): outputs is Rec {
  return (
    isRecord(outputs) &&
    outputs.type === 'message' &&
    outputs.role === 'assistant' &&
    Array.isArray(outputs.content) &&
    !outputs.content.some(b => isRecord(b) && b.type === 'output_text')
  );
}

function anthropicMessage(m: Rec): IChatMessage[] {
  const turn = new Turn();
  const blocks = Array.isArray(m.content) ? m.content : [m.content];
  for (const block of blocks) {
    if (
      isRecord(block) &&
      (block.type === 'tool_use' || block.type === 'server_tool_use')
    ) {
      turn.call(toolCall(block.name, block.input, block.id));
    } else if (isRecord(block) && block.type === 'tool_result') {
      turn.result(block.content, block.tool_use_id);
    } else if (isRecord(block) && block.type === 'document') {
      turn.text(
        `[document${typeof block.title === 'string' ? `: ${block.title}` : ''}]`
      );
    } else {
      sharedPart(block, turn);
    }
  }
  return turn.messages(roleName(m.role));
}

function inputMessages(span: IChatSpan): IChatMessage[] | null {
  return withSystem(
    readMessages(inputField(span, 'messages'), isMessage, anthropicMessage),
    inputField(span, 'system')
  );
}

export const anthropic: IChatAdapter = {
  format: 'anthropic',
  declared: ['anthropic'],
  detect: span => {
    const list = inputField(span, 'messages');
    if (!allMessages(list, isMessage)) {
      return false;
    }
    const system = inputField(span, 'system');
    const tools = inputField(span, 'tools');
    return (
      typeof system === 'string' ||
      Array.isArray(system) ||
      list.some(hasAnthropicBlock) ||
      isAnthropicAnswer(span.outputs) ||
      (Array.isArray(tools) &&
        tools.some(t => isRecord(t) && 'input_schema' in t))
    );
  },
  normalize: span => {
    const outs = isAnthropicAnswer(span.outputs)
      ? anthropicMessage(span.outputs)
      : null;
    return chatOf(
      'anthropic',
      inputMessages(span),
      outs,
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
