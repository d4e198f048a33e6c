/**
 * OpenTelemetry GenAI semantic conventions: `gen_ai.input.messages`,
 * `gen_ai.output.messages` and `gen_ai.system_instructions`, messages of
 * `{role, parts}` with parts typed `text`, `reasoning`, `tool_call`,
 * `tool_call_response`, `blob`, `uri`, `file`. MLflow's OTLP ingest also
 * copies the messages into the span's inputs and outputs.
 */

import { isRecord, parseJson } from '../json';
import type { IChatMessage } from '../types';
import {
  chatOf,
  IChatAdapter,
  IChatSpan,
  readMessages,
  withSystem
} from './adapter';
import { imageRef, Rec, roleName, toolCall, Turn } from './parts';
import { spanTools } from './tools';

function isMessage(m: unknown): m is Rec {
  return isRecord(m) && typeof m.role === 'string' && Array.isArray(m.parts);
}

/** Attribute values may still be JSON text when a wrapper encoded them twice. */
function decoded(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const parsed = parseJson(value);
  return parsed.ok ? parsed.value : value;
}

function readPart(part: unknown, turn: Turn): void {
  if (!isRecord(part)) {
    return;
  }
  switch (part.type) {
    case 'text':
      turn.text(part.content);
      break;
    case 'reasoning':
      turn.think(part.content);
      break;
    case 'tool_call':
      turn.call(toolCall(part.name, part.arguments, part.id));
      break;
    case 'tool_call_response':
      turn.result(part.response ?? part.result, part.id);
      break;
    case 'blob':
    case 'uri':
    case 'file':
      if (
        part.modality === 'image' ||
        (typeof part.mime_type === 'string' &&
          part.mime_type.startsWith('image/'))
      ) {
        turn.image(imageRef(part.uri ?? part.file_id, part.mime_type));
      } else {
        turn.text(
          `[${typeof part.modality === 'string' ? part.modality : part.type}]`
        );
      }
      break;
    default:
      if (typeof part.content === 'string') {
        turn.text(part.content);
      }
  }
}

function messages(list: unknown): IChatMessage[] | null {
  return readMessages(decoded(list), isMessage, m => {
    const turn = new Turn();
    (m.parts as unknown[]).forEach(p => readPart(p, turn));
    return turn.messages(roleName(m.role));
  });
}

function source(
  span: IChatSpan,
  attribute: string,
  fallback: unknown
): unknown {
  return span.attributes[attribute] ?? fallback;
}

export const otelGenAi: IChatAdapter = {
  format: 'otel-genai',
  declared: [],
  detect: span =>
    messages(source(span, 'gen_ai.input.messages', span.inputs)) !== null,
  normalize: span => {
    const system = decoded(span.attributes['gen_ai.system_instructions']);
    return chatOf(
      'otel-genai',
      withSystem(
        messages(source(span, 'gen_ai.input.messages', span.inputs)),
        Array.isArray(system)
          ? system.map(p => (isRecord(p) ? p.content : p))
          : undefined
      ),
      messages(source(span, 'gen_ai.output.messages', span.outputs)),
      spanTools(
        span.attributes,
        decoded(span.attributes['gen_ai.tool.definitions'])
      )
    );
  }
};
