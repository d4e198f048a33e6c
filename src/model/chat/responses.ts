/**
 * OpenAI Responses API: `inputs.input` (a string or a list of items) with
 * `instructions`; outputs `{object: 'response', output: [items]}`. Items are
 * messages, `function_call`, `function_call_output` and `reasoning`.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import {
  allMessages,
  chatOf,
  IChatAdapter,
  IChatSpan,
  inputField
} from './adapter';
import {
  genericToolCall,
  Rec,
  roleName,
  sharedContent,
  toolCall,
  Turn
} from './parts';
import { spanTools } from './tools';

/** Item types that carry no message and are shown as nothing. */
const SILENT_ITEMS = new Set(['item_reference', 'compaction']);

export function isResponseItem(item: unknown): boolean {
  if (!isRecord(item)) {
    return false;
  }
  if (typeof item.role === 'string') {
    return 'content' in item;
  }
  return typeof item.type === 'string' && item.type !== 'message';
}

/** An assistant piece joins the previous assistant message while that one has no text yet. */
function pushAssistant(out: IChatMessage[], message: IChatMessage): void {
  const last = out[out.length - 1];
  if (
    last &&
    last.role === 'assistant' &&
    last.content === '' &&
    !last.toolCallId
  ) {
    if (message.content !== '') {
      last.content = message.content;
    }
    for (const key of ['toolCalls', 'images', 'reasoning'] as const) {
      const more = message[key];
      if (more && more.length > 0) {
        (last[key] as unknown[]) = [...(last[key] ?? []), ...more];
      }
    }
    return;
  }
  out.push(message);
}

function readItem(item: Rec, out: IChatMessage[]): void {
  const turn = new Turn();
  switch (item.type) {
    case 'function_call':
    case 'custom_tool_call':
      // Outputs answer `call_id`; `id` is the item's own id.
      turn.call(
        toolCall(
          item.name,
          item.arguments ?? item.input,
          item.call_id ?? item.id
        )
      );
      break;
    case 'function_call_output':
    case 'custom_tool_call_output':
      turn.result(item.output, item.call_id);
      out.push(...turn.messages('tool'));
      return;
    case 'reasoning':
      turn.think(item.summary);
      turn.think(item.content);
      break;
    default:
      if (typeof item.role === 'string') {
        sharedContent(item.content, turn);
        const messages = turn.messages(roleName(item.role));
        if (messages[0]?.role === 'assistant') {
          messages.forEach(m => pushAssistant(out, m));
        } else {
          out.push(...messages);
        }
        return;
      }
      if (
        typeof item.type === 'string' &&
        item.type.endsWith('_call') &&
        !SILENT_ITEMS.has(item.type)
      ) {
        // Built-in tools (web_search_call, file_search_call, …): the call and what it did.
        turn.call(
          genericToolCall({
            name: item.type.slice(0, -5),
            arguments: item.action ?? item.queries ?? {},
            id: item.id
          })
        );
        break;
      }
      return;
  }
  if (!turn.isEmpty) {
    turn.messages('assistant').forEach(m => pushAssistant(out, m));
  }
}

/** Items in order, or null when any element is not an item. */
export function responseItems(list: unknown): IChatMessage[] | null {
  if (!allMessages(list, isResponseItem)) {
    return null;
  }
  const out: IChatMessage[] = [];
  for (const item of list) {
    readItem(item as Rec, out);
  }
  return out;
}

function request(span: IChatSpan): Rec | null {
  if (!isRecord(span.inputs)) {
    return null;
  }
  // Some wrappers record `{request: {...}}`.
  return isRecord(span.inputs.request) && !('input' in span.inputs)
    ? span.inputs.request
    : span.inputs;
}

function inputMessages(span: IChatSpan): IChatMessage[] | null {
  const req = request(span);
  if (!req) {
    return null;
  }
  let messages: IChatMessage[] | null = null;
  if (
    typeof req.input === 'string' &&
    ('model' in req || 'instructions' in req)
  ) {
    messages = [{ role: 'user', content: req.input }];
  } else {
    messages = responseItems(req.input);
  }
  if (
    messages &&
    typeof req.instructions === 'string' &&
    req.instructions !== ''
  ) {
    messages.unshift({ role: 'system', content: req.instructions });
  }
  return messages;
}

function outputMessages(outputs: unknown): IChatMessage[] | null {
  if (!isRecord(outputs) || !Array.isArray(outputs.output)) {
    return null;
  }
  if (outputs.output.length === 0) {
    return [];
  }
  return responseItems(outputs.output);
}

export const openAiResponses: IChatAdapter = {
  format: 'openai-responses',
  declared: ['openai'],
  detect: span => {
    const req = request(span);
    return (
      !!req &&
      ((typeof req.input === 'string' &&
        ('model' in req || 'instructions' in req)) ||
        allMessages(req.input, isResponseItem))
    );
  },
  normalize: span => {
    return chatOf(
      'openai-responses',
      inputMessages(span),
      outputMessages(span.outputs),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};

/**
 * OpenAI Agents SDK (`mlflow.openai.autolog()` with `openai-agents`): its
 * `Response` spans record the input items and the output items as bare lists.
 */
export const openAiAgents: IChatAdapter = {
  format: 'openai-agents',
  declared: ['openai-agent'],
  detect: span =>
    allMessages(span.inputs, isResponseItem) &&
    allMessages(span.outputs, isResponseItem),
  normalize: span => {
    return chatOf(
      'openai-agents',
      typeof span.inputs === 'string'
        ? [{ role: 'user', content: span.inputs }]
        : responseItems(span.inputs),
      Array.isArray(span.outputs) ? responseItems(span.outputs) : null,
      spanTools(span.attributes)
    );
  }
};
