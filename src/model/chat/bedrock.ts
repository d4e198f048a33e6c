/**
 * Amazon Bedrock Converse API (boto3 `converse`): messages whose content
 * blocks are keyed by kind (`{text}`, `{image}`, `{toolUse}`, `{toolResult}`,
 * `{reasoningContent}`), `system` as a list of `{text}`, tools under
 * `toolConfig`; the answer is `output.message`.
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
import { imageRef, plainText, Rec, roleName, toolCall, Turn } from './parts';
import { spanTools } from './tools';

const BLOCK_KEYS = [
  'text',
  'image',
  'document',
  'toolUse',
  'toolResult',
  'reasoningContent',
  'video',
  'guardContent',
  'cachePoint'
];

function isBlock(b: unknown): boolean {
  return isRecord(b) && !('type' in b) && BLOCK_KEYS.some(k => k in b);
}

function isMessage(m: unknown): m is Rec {
  return (
    isRecord(m) &&
    typeof m.role === 'string' &&
    Array.isArray(m.content) &&
    m.content.length > 0 &&
    m.content.every(isBlock)
  );
}

/** Tool results hold `[{text} | {json} | {image} …]`. */
function resultText(content: unknown): string {
  if (!Array.isArray(content)) {
    return plainText(content);
  }
  return content
    .map(c => (isRecord(c) && 'json' in c ? plainText(c.json) : plainText(c)))
    .join('\n\n');
}

function bedrockMessage(m: Rec): IChatMessage[] {
  const turn = new Turn();
  for (const block of m.content as Rec[]) {
    if (typeof block.text === 'string') {
      turn.text(block.text);
    } else if (isRecord(block.image)) {
      const image = block.image;
      const source = isRecord(image.source) ? image.source : {};
      const format =
        typeof image.format === 'string' ? `image/${image.format}` : undefined;
      // boto3 bytes are recorded as their Python repr; only S3 locations are addresses.
      const s3 = isRecord(source.s3Location)
        ? source.s3Location.uri
        : undefined;
      turn.image(
        imageRef(
          typeof source.bytes === 'string' &&
            source.bytes.startsWith('mlflow-attachment://')
            ? source.bytes
            : s3,
          format
        )
      );
    } else if (isRecord(block.document)) {
      turn.text(
        `[document${typeof block.document.name === 'string' ? `: ${block.document.name}` : ''}]`
      );
    } else if (isRecord(block.toolUse)) {
      turn.call(
        toolCall(
          block.toolUse.name,
          block.toolUse.input,
          block.toolUse.toolUseId
        )
      );
    } else if (isRecord(block.toolResult)) {
      turn.result(
        resultText(block.toolResult.content),
        block.toolResult.toolUseId
      );
    } else if (isRecord(block.reasoningContent)) {
      const r = block.reasoningContent;
      turn.think(
        isRecord(r.reasoningText)
          ? r.reasoningText.text
          : r.redactedContent !== undefined
            ? '[redacted reasoning]'
            : undefined
      );
    }
  }
  return turn.messages(roleName(m.role));
}

function inputMessages(span: IChatSpan): IChatMessage[] | null {
  return withSystem(
    readMessages(inputField(span, 'messages'), isMessage, bedrockMessage),
    inputField(span, 'system')
  );
}

function outputMessages(outputs: unknown): IChatMessage[] | null {
  const message =
    isRecord(outputs) && isRecord(outputs.output)
      ? outputs.output.message
      : undefined;
  return isMessage(message) ? bedrockMessage(message) : null;
}

export const bedrock: IChatAdapter = {
  format: 'bedrock',
  declared: ['bedrock'],
  detect: span => allMessages(inputField(span, 'messages'), isMessage),
  normalize: span => {
    const toolConfig = inputField(span, 'toolConfig');
    return chatOf(
      'bedrock',
      inputMessages(span),
      outputMessages(span.outputs),
      spanTools(
        span.attributes,
        isRecord(toolConfig) ? toolConfig.tools : undefined
      )
    );
  }
};
