// @vitest-environment jsdom
/**
 * ChatView on chats the model read from REAL fixtures (fixtures/chat/,
 * scripts/fixtures/generate_chat.py): reasoning folded, images as
 * placeholders that load nothing, tool calls and their results.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';

import { ChatView } from '../ChatView';
import { parseChat } from '../../model/chat';
import { parseSpan } from '../../model/spans';
import type { IChat } from '../../model/types';

afterEach(cleanup);

/** Every attribute value and text in the rendered view. */
function markup(container: HTMLElement): string {
  const attributes = [...container.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].map(a => a.value)
  );
  return [...attributes, container.textContent ?? ''].join('\n');
}

const CHAT_FIXTURES = resolve(
  process.env.MLFLOW_FIXTURES_DIR ?? resolve(__dirname, '../../../fixtures'),
  'chat'
);
const VERSION = readdirSync(CHAT_FIXTURES).find(d => d.startsWith('mlflow-'))!;

/** The last chat of a fixture: the whole conversation and the answer. */
function lastChat(name: string): IChat {
  const doc = JSON.parse(
    readFileSync(join(CHAT_FIXTURES, VERSION, `${name}.trace.json`), 'utf8')
  );
  const chats = (doc.payload.data.spans as unknown[])
    .map(raw => parseSpan(raw))
    .map(s => parseChat(s.inputs, s.outputs, s.attributes))
    .filter((c): c is IChat => c !== null);
  return chats[chats.length - 1];
}

describe('ChatView (real fixtures)', () => {
  it('folds Anthropic thinking under "Reasoning" and shows it on request', () => {
    const { container } = render(<ChatView chat={lastChat('anthropic')} />);
    const reasoning = container.querySelector(
      'details.jp-MlflowTrace-reasoning'
    )!;
    expect(reasoning).not.toBeNull();
    expect(reasoning.hasAttribute('open')).toBe(false);
    fireEvent.click(screen.getByText('Reasoning'));
    expect(reasoning.textContent).toContain('I should call get_weather.');
    // The answer is its own text, not mixed with the thinking.
    expect(screen.getByText('It is 18C and sunny in Paris.')).not.toBeNull();
  });

  it('shows an MLflow attachment image as a placeholder and loads nothing', () => {
    const { container } = render(<ChatView chat={lastChat('openai-chat')} />);
    // Loadable on a click only through a viewer's loader (attachments/); none here.
    const placeholder = screen.getByText('Image · PNG · 70 bytes');
    expect(placeholder.closest('.jp-MlflowTrace-chatImage')).not.toBeNull();
    expect(screen.getByRole('note').textContent).toBe(
      'Not loadable here: attachments load only from the configured tracking server.'
    );
    for (const tag of ['img', 'picture', 'object', 'embed', 'iframe']) {
      expect(container.querySelectorAll(tag)).toHaveLength(0);
    }
    expect(markup(container)).not.toContain('mlflow-attachment://');
  });

  it('shows inline image bytes only as "inline data"', () => {
    const { container } = render(<ChatView chat={lastChat('bedrock')} />);
    expect(
      screen.getByText('Image not loaded: inline data (image/png)')
    ).not.toBeNull();
    expect(markup(container)).not.toContain('PNG');
  });

  it('shows the tool call with its arguments and the result it answers', () => {
    const { container } = render(<ChatView chat={lastChat('gemini')} />);
    const call = container.querySelector('.jp-MlflowTrace-toolCall')!;
    expect(call.querySelector('.jp-MlflowTrace-toolName')!.textContent).toBe(
      'get_weather'
    );
    expect(call.textContent).toContain('Paris');
    const tool = container.querySelector('.jp-MlflowTrace-role-tool')!;
    expect(tool.textContent).toContain('get_weather');
    expect(tool.textContent).toContain('18C and sunny');
  });
});
