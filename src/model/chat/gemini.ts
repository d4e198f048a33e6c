/**
 * Google Gen AI SDK (`google-genai`, `generate_content`): `inputs.contents`
 * (a string, parts, or `{role, parts}` contents), `config.system_instruction`
 * and `config.tools`; the answer is `candidates[0].content`. Parts are
 * recorded in the SDK's snake_case (`function_call`, `inline_data`,
 * `thought`); the REST camelCase is read too.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import { chatOf, IChatAdapter, IChatSpan, inputField } from './adapter';
import { imageRef, plainText, Rec, roleName, toolCall, Turn } from './parts';
import { spanTools } from './tools';

function field(part: Rec, snake: string, camel: string): unknown {
  return part[snake] ?? part[camel];
}

function readPart(part: unknown, turn: Turn): void {
  if (typeof part === 'string') {
    turn.text(part);
    return;
  }
  if (!isRecord(part)) {
    return;
  }
  const call = field(part, 'function_call', 'functionCall');
  const response = field(part, 'function_response', 'functionResponse');
  const inline = field(part, 'inline_data', 'inlineData');
  const file = field(part, 'file_data', 'fileData');
  const code = field(part, 'executable_code', 'executableCode');
  const codeResult = field(
    part,
    'code_execution_result',
    'codeExecutionResult'
  );
  if (typeof part.text === 'string') {
    if (part.thought === true) {
      turn.think(part.text);
    } else {
      turn.text(part.text);
    }
  } else if (isRecord(call)) {
    turn.call(toolCall(call.name, call.args, call.id));
  } else if (isRecord(response)) {
    const body = response.response;
    const shown =
      isRecord(body) && typeof (body.result ?? body.output) === 'string'
        ? (body.result ?? body.output)
        : body;
    turn.result(plainText(shown), response.id, response.name);
  } else if (isRecord(inline)) {
    turn.image(imageRef(inline.data, field(inline, 'mime_type', 'mimeType')));
  } else if (isRecord(file)) {
    turn.image(
      imageRef(
        field(file, 'file_uri', 'fileUri'),
        field(file, 'mime_type', 'mimeType')
      )
    );
  } else if (isRecord(code)) {
    turn.text(
      '```' +
        (typeof code.language === 'string' ? code.language.toLowerCase() : '') +
        '\n' +
        plainText(code.code) +
        '\n```'
    );
  } else if (isRecord(codeResult)) {
    turn.text(plainText(codeResult.output));
  }
}

function isContent(c: unknown): c is Rec {
  return isRecord(c) && Array.isArray(c.parts);
}

function contentMessages(content: Rec, fallbackRole: string): IChatMessage[] {
  const turn = new Turn();
  for (const part of content.parts as unknown[]) {
    readPart(part, turn);
  }
  return turn.messages(roleName(content.role, fallbackRole));
}

/** `contents` in any of the SDK's accepted forms. */
function contentsMessages(contents: unknown): IChatMessage[] | null {
  if (typeof contents === 'string') {
    return [{ role: 'user', content: contents }];
  }
  if (isContent(contents)) {
    return contentMessages(contents, 'user');
  }
  if (!Array.isArray(contents) || contents.length === 0) {
    return null;
  }
  if (contents.every(isContent)) {
    return contents.flatMap(c => contentMessages(c as Rec, 'user'));
  }
  // A list of parts (strings or Part dicts) is one user turn.
  if (
    contents.every(
      p => typeof p === 'string' || (isRecord(p) && !('role' in p))
    )
  ) {
    return contentMessages({ role: 'user', parts: contents }, 'user');
  }
  return null;
}

function systemMessage(config: unknown): IChatMessage | null {
  if (!isRecord(config)) {
    return null;
  }
  const system = field(config, 'system_instruction', 'systemInstruction');
  if (typeof system === 'string' && system !== '') {
    return { role: 'system', content: system };
  }
  if (isContent(system)) {
    return {
      role: 'system',
      content: contentMessages(system, 'system')
        .map(m => m.content)
        .join('\n\n')
    };
  }
  return null;
}

function outputMessages(outputs: unknown): IChatMessage[] | null {
  if (!isRecord(outputs) || !Array.isArray(outputs.candidates)) {
    return null;
  }
  const first = outputs.candidates[0];
  return isRecord(first) && isContent(first.content)
    ? contentMessages(first.content, 'assistant')
    : null;
}

function inputMessages(span: IChatSpan): IChatMessage[] | null {
  const messages = contentsMessages(inputField(span, 'contents'));
  if (!messages) {
    return null;
  }
  const system = systemMessage(inputField(span, 'config'));
  return system ? [system, ...messages] : messages;
}

export const gemini: IChatAdapter = {
  format: 'gemini',
  declared: ['gemini'],
  // Undeclared: `{model, contents}` as the SDK takes them (a bare `contents`
  // string is any function's argument).
  detect: span =>
    isRecord(span.inputs) &&
    typeof span.inputs.model === 'string' &&
    contentsMessages(span.inputs.contents) !== null,
  normalize: span => {
    const config = inputField(span, 'config');
    return chatOf(
      'gemini',
      inputMessages(span),
      outputMessages(span.outputs),
      spanTools(span.attributes, isRecord(config) ? config.tools : undefined)
    );
  }
};
