/**
 * DSPy language models (`dspy.LM.__call__`): OpenAI-shaped `inputs.messages`
 * (or a `prompt`); the outputs are a list of completions, as strings or
 * `{text, reasoning_content, tool_calls}`.
 */

import { isRecord } from '../json';
import type { IChatMessage } from '../types';
import { chatOf, IChatAdapter, inputField } from './adapter';
import { openAiInput } from './openai';
import { genericToolCalls, Turn } from './parts';
import { spanTools } from './tools';

function isCompletion(c: unknown): boolean {
  return (
    typeof c === 'string' ||
    (isRecord(c) && (typeof c.text === 'string' || Array.isArray(c.tool_calls)))
  );
}

function completions(outputs: unknown): IChatMessage[] | null {
  if (
    !Array.isArray(outputs) ||
    outputs.length === 0 ||
    !outputs.every(isCompletion)
  ) {
    return null;
  }
  return outputs.flatMap(c => {
    const turn = new Turn();
    if (typeof c === 'string') {
      turn.text(c);
    } else {
      turn.think(c.reasoning_content);
      turn.text(c.text);
      genericToolCalls(c.tool_calls).forEach(call => turn.call(call));
    }
    return turn.messages('assistant');
  });
}

export const dspy: IChatAdapter = {
  format: 'dspy',
  declared: ['dspy'],
  detect: span =>
    openAiInput(span) !== null && completions(span.outputs) !== null,
  normalize: span => {
    const prompt = inputField(span, 'prompt');
    const ins =
      openAiInput(span) ??
      (typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : null);
    return chatOf(
      'dspy',
      ins,
      completions(span.outputs),
      spanTools(span.attributes, inputField(span, 'tools'))
    );
  }
};
