/**
 * Building blocks every chat adapter uses: a turn collecting text, images,
 * reasoning, tool calls and tool results; tool-call and image readers; and
 * the content-part vocabulary the OpenAI, Anthropic, Responses and LangChain
 * formats share (`text`, `image_url`, `thinking`, ...).
 */

import { isRecord, parseJson, toStr } from '../json';
import type { IChatImage, IChatMessage, IChatToolCall } from '../types';

export type Rec = Record<string, unknown>;

/** Roles as the viewer shows them: lowercase, with the frameworks' synonyms. */
const ROLE_SYNONYMS: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  model: 'assistant',
  chatbot: 'assistant'
};

export function roleName(raw: unknown, fallback = 'user'): string {
  const role = typeof raw === 'string' && raw !== '' ? raw.toLowerCase() : '';
  return ROLE_SYNONYMS[role] ?? (role || fallback);
}

/** Tool arguments, JSON-decoded when they were a JSON string. */
export function decodeArguments(args: unknown): unknown {
  if (typeof args !== 'string') {
    return args ?? {};
  }
  const parsed = parseJson(args);
  return parsed.ok ? parsed.value : args;
}

export function toolCall(
  name: unknown,
  args: unknown,
  id: unknown
): IChatToolCall | null {
  const n = toStr(name);
  if (n === undefined) {
    return null;
  }
  const call: IChatToolCall = { name: n, arguments: decodeArguments(args) };
  const i = toStr(id);
  if (i !== undefined && i !== '') {
    call.id = i;
  }
  return call;
}

/**
 * A call in the shapes that share one layout: OpenAI `{id, function: {name,
 * arguments}}`, LangChain `{name, args, id}`, Anthropic `{name, input, id}`,
 * Responses `{name, arguments, call_id}`.
 */
export function genericToolCall(raw: unknown): IChatToolCall | null {
  if (!isRecord(raw)) {
    return null;
  }
  if (isRecord(raw.function)) {
    return toolCall(raw.function.name, raw.function.arguments, raw.id);
  }
  const args =
    'args' in raw ? raw.args : 'input' in raw ? raw.input : raw.arguments;
  return toolCall(raw.name, args, raw.id ?? raw.call_id);
}

export function genericToolCalls(list: unknown): IChatToolCall[] {
  if (!Array.isArray(list)) {
    return [];
  }
  const out: IChatToolCall[] = [];
  for (const raw of list) {
    const call = genericToolCall(raw);
    if (call) {
      out.push(call);
    }
  }
  return out;
}

const ATTACHMENT = 'mlflow-attachment://';

/**
 * An image reference as a placeholder. MLflow 3 stores inline images as
 * `mlflow-attachment://<id>?content_type=…&size=…`; other strings are
 * addresses or inline data. Nothing here is ever fetched.
 */
export function imageRef(ref: unknown, mimeType?: unknown): IChatImage {
  const mime = toStr(mimeType);
  const image: IChatImage = { source: 'inline' };
  if (typeof ref === 'string' && ref.startsWith(ATTACHMENT)) {
    image.source = 'attachment';
    image.url = ref;
    const query = new URLSearchParams(ref.split('?')[1] ?? '');
    const size = Number(query.get('size'));
    if (Number.isFinite(size) && size > 0) {
      image.size = size;
    }
    image.mimeType = query.get('content_type') ?? mime;
  } else if (typeof ref === 'string' && ref.startsWith('data:')) {
    image.mimeType = /^data:([^;,]+)/.exec(ref)?.[1] ?? mime;
  } else if (typeof ref === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    image.source = 'url';
    image.url = ref;
    image.mimeType = mime;
  } else {
    image.mimeType = mime;
  }
  if (image.mimeType === undefined) {
    delete image.mimeType;
  }
  return image;
}

/** Text of a value that should be text (tool results, nested content). */
export function plainText(content: unknown): string {
  if (content === null || content === undefined) {
    return '';
  }
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    const texts = content
      .map(p =>
        typeof p === 'string'
          ? p
          : isRecord(p) && typeof p.text === 'string'
            ? p.text
            : isRecord(p) && typeof p.content === 'string'
              ? p.content
              : p === null || p === undefined
                ? ''
                : stringify(p)
      )
      .filter(t => t !== '');
    return texts.join('\n\n');
  }
  if (isRecord(content) && typeof content.text === 'string') {
    return content.text;
  }
  return typeof content === 'object' ? stringify(content) : String(content);
}

export function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** One message's parts as they are read, then turned into chat messages. */
export class Turn {
  readonly texts: string[] = [];
  readonly images: IChatImage[] = [];
  readonly reasoning: string[] = [];
  readonly toolCalls: IChatToolCall[] = [];
  /** Tool results carried inside this message; each becomes a `tool` message. */
  readonly results: IChatMessage[] = [];

  text(value: unknown): void {
    if (typeof value === 'string' && value !== '') {
      this.texts.push(value);
    }
  }

  think(value: unknown): void {
    const text = plainText(value);
    if (text.trim() !== '') {
      this.reasoning.push(text);
    }
  }

  image(image: IChatImage): void {
    this.images.push(image);
  }

  call(call: IChatToolCall | null): void {
    if (call) {
      this.toolCalls.push(call);
    }
  }

  result(content: unknown, callId: unknown, name?: unknown): void {
    const message: IChatMessage = { role: 'tool', content: plainText(content) };
    const id = toStr(callId);
    if (id !== undefined && id !== '') {
      message.toolCallId = id;
    }
    const n = toStr(name);
    if (n !== undefined && n !== '') {
      message.name = n;
    }
    this.results.push(message);
  }

  /** True when the turn says anything besides its tool results. */
  get isEmpty(): boolean {
    return (
      this.texts.length === 0 &&
      this.images.length === 0 &&
      this.reasoning.length === 0 &&
      this.toolCalls.length === 0
    );
  }

  /** The message (unless it is only tool results), then its tool results. */
  messages(
    role: string,
    extra: { name?: unknown; toolCallId?: unknown } = {}
  ): IChatMessage[] {
    if (this.isEmpty && this.results.length > 0) {
      return [...this.results];
    }
    const message: IChatMessage = { role, content: this.texts.join('\n\n') };
    if (this.toolCalls.length > 0) {
      message.toolCalls = [...this.toolCalls];
    }
    if (this.images.length > 0) {
      message.images = [...this.images];
    }
    if (this.reasoning.length > 0) {
      message.reasoning = [...this.reasoning];
    }
    const callId = toStr(extra.toolCallId);
    if (callId !== undefined && callId !== '') {
      message.toolCallId = callId;
    }
    const name = toStr(extra.name);
    if (name !== undefined && name !== '') {
      message.name = name;
    }
    return [message, ...this.results];
  }
}

/**
 * Content parts that OpenAI chat, Responses, Anthropic, Mistral and
 * LangChain share. Returns false for parts it does not know, so an adapter
 * can read its own.
 */
export function sharedPart(part: unknown, turn: Turn): boolean {
  if (typeof part === 'string') {
    turn.text(part);
    return true;
  }
  if (!isRecord(part) || typeof part.type !== 'string') {
    return false;
  }
  switch (part.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      turn.text(toStr(part.text) ?? toStr(part.content));
      return true;
    case 'refusal':
      turn.text(toStr(part.refusal));
      return true;
    case 'image_url': {
      // OpenAI `{url}`; Mistral a bare string.
      const ref = isRecord(part.image_url)
        ? part.image_url.url
        : part.image_url;
      turn.image(imageRef(ref));
      return true;
    }
    case 'input_image':
      turn.image(imageRef(part.image_url ?? part.file_id));
      return true;
    case 'image': {
      // Anthropic `{source: {type: base64|url, data|url, media_type}}`;
      // LangChain v1 `{url | base64, mime_type}`.
      const source = isRecord(part.source) ? part.source : part;
      turn.image(
        imageRef(
          source.url ?? source.data ?? source.base64,
          source.media_type ?? source.mime_type
        )
      );
      return true;
    }
    case 'thinking':
      // Anthropic `thinking: str`; Mistral `thinking: [{type: text, text}]`.
      turn.think(part.thinking);
      return true;
    case 'redacted_thinking':
      turn.think('[redacted thinking]');
      return true;
    case 'reasoning':
      // LangChain `{reasoning}`; Responses `{summary: [{text}]}`.
      turn.think(part.reasoning ?? part.summary ?? part.text);
      return true;
    default:
      if (typeof part.text === 'string') {
        turn.text(part.text);
        return true;
      }
      return false;
  }
}

/** A content value (string or list of parts) read with the shared parts. */
export function sharedContent(content: unknown, turn: Turn): void {
  if (Array.isArray(content)) {
    for (const part of content) {
      sharedPart(part, turn);
    }
  } else if (typeof content === 'string') {
    turn.text(content);
  } else if (content !== null && content !== undefined) {
    turn.text(plainText(content));
  }
}
