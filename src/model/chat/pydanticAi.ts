/**
 * PydanticAI model requests (`Model.request`): `inputs.messages` is the
 * message history, `ModelRequest`/`ModelResponse` objects whose `parts` are
 * told apart by `part_kind` (system-prompt, user-prompt, tool-return,
 * retry-prompt, text, tool-call, thinking); the answer is a `ModelResponse`.
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
import { imageRef, plainText, Rec, toolCall, Turn } from './parts';
import { spanTools } from './tools';

function isModelMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    (m.kind === 'request' || m.kind === 'response') &&
    Array.isArray(m.parts)
  );
}

/** A user prompt: a string or a list of strings, `ImageUrl`s and `BinaryContent`. */
function readUserContent(content: unknown, turn: Turn): void {
  for (const item of Array.isArray(content) ? content : [content]) {
    if (typeof item === 'string') {
      turn.text(item);
    } else if (
      isRecord(item) &&
      (item.kind === 'image-url' || item.kind === 'document-url')
    ) {
      turn.image(imageRef(item.url, item.media_type));
    } else if (isRecord(item) && item.kind === 'binary') {
      turn.image(imageRef(item.data, item.media_type));
    } else if (item !== null && item !== undefined) {
      turn.text(plainText(item));
    }
  }
}

/** A request's parts become system, user and tool messages, in order. */
function requestMessages(m: Rec): IChatMessage[] {
  const out: IChatMessage[] = [];
  if (typeof m.instructions === 'string' && m.instructions !== '') {
    out.push({ role: 'system', content: m.instructions });
  }
  for (const part of m.parts as unknown[]) {
    if (!isRecord(part)) {
      continue;
    }
    const turn = new Turn();
    switch (part.part_kind) {
      case 'system-prompt':
        turn.text(part.content);
        out.push(...turn.messages('system'));
        break;
      case 'user-prompt':
        readUserContent(part.content, turn);
        out.push(...turn.messages('user'));
        break;
      case 'tool-return':
      case 'builtin-tool-return':
        turn.result(part.content, part.tool_call_id, part.tool_name);
        out.push(...turn.messages('tool'));
        break;
      case 'retry-prompt':
        if (part.tool_name) {
          turn.result(part.content, part.tool_call_id, part.tool_name);
          out.push(...turn.messages('tool'));
        } else {
          turn.text(plainText(part.content));
          out.push(...turn.messages('user'));
        }
        break;
    }
  }
  return out;
}

function responseMessages(m: Rec): IChatMessage[] {
  const turn = new Turn();
  for (const part of m.parts as unknown[]) {
    if (!isRecord(part)) {
      continue;
    }
    switch (part.part_kind) {
      case 'text':
        turn.text(part.content);
        break;
      case 'thinking':
        turn.think(part.content);
        break;
      case 'tool-call':
      case 'builtin-tool-call':
        turn.call(toolCall(part.tool_name, part.args, part.tool_call_id));
        break;
      case 'file':
        turn.image(
          imageRef(
            isRecord(part.content) ? part.content.data : undefined,
            isRecord(part.content) ? part.content.media_type : undefined
          )
        );
        break;
    }
  }
  return turn.isEmpty ? [] : turn.messages('assistant');
}

function modelMessage(m: Rec): IChatMessage[] {
  return m.kind === 'request' ? requestMessages(m) : responseMessages(m);
}

function inputMessages(span: IChatSpan): IChatMessage[] | null {
  return readMessages(
    inputField(span, 'messages'),
    isModelMessage,
    modelMessage
  );
}

function toolDefinitions(span: IChatSpan): unknown {
  const params = inputField(span, 'model_request_parameters');
  return isRecord(params)
    ? [
        ...(Array.isArray(params.function_tools) ? params.function_tools : []),
        ...(Array.isArray(params.output_tools) ? params.output_tools : [])
      ]
    : undefined;
}

export const pydanticAi: IChatAdapter = {
  format: 'pydantic-ai',
  declared: ['pydantic_ai'],
  detect: span => allMessages(inputField(span, 'messages'), isModelMessage),
  normalize: span => {
    const outs = isModelMessage(span.outputs)
      ? modelMessage(span.outputs)
      : null;
    return chatOf(
      'pydantic-ai',
      inputMessages(span),
      outs,
      spanTools(span.attributes, toolDefinitions(span))
    );
  }
};
