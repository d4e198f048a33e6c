/**
 * One chat adapter per format, each read on a REAL fixture: the provider SDK
 * or framework ran under MLflow's real autolog (OTel GenAI: the framework's
 * own OpenTelemetry export to a real MLflow server), with the model replaced
 * by a stub on 127.0.0.1 or the library's own test model. Generator:
 * scripts/fixtures/generate_chat.py; scenarios: chat_scenarios.py (the same
 * weather conversation in every format).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { parseChat } from '../chat';
import { parseSpan } from '../spans';
import type { IChat, IChatImage, IChatMessage } from '../types';

const CHAT_FIXTURES = resolve(
  process.env.MLFLOW_FIXTURES_DIR ?? resolve(__dirname, '../../../fixtures'),
  'chat'
);

// What chat_stub.py and chat_conversation.py put in every conversation.
const QUESTION = 'What is the weather in Paris? Here is a photo of the sky.';
const REASONING =
  'The user wants the weather in Paris; I should call get_weather.';
const TOOL_RESULT = '18C and sunny';
const ANSWER = 'It is 18C and sunny in Paris.';
const PNG_BASE64_START = 'iVBORw0KGgo';

interface ICase {
  /** `IChat.format` the adapter reports. */
  format: string;
  system: boolean;
  /** Where the user's image ends up: an MLflow attachment or inline data. */
  image?: IChatImage['source'];
  reasoning: boolean;
  /** Arguments of the `get_weather` call as the model made them. */
  toolArgs?: unknown;
  /** The final answer (DSPy's is its field-formatted completion). */
  answer: string | RegExp;
  tools: boolean;
}

const PARIS = { city: 'Paris' };
// PydanticAI's TestModel fills arguments with its own values.
const TEST_MODEL_ARGS = { city: 'a' };

/** The whole conversation; each format below says where it differs. */
const FULL = {
  system: true,
  reasoning: false,
  toolArgs: PARIS as unknown,
  answer: ANSWER as string | RegExp,
  tools: true
};

const CASES: Record<string, ICase> = {
  'openai-chat': { ...FULL, format: 'openai', image: 'attachment' },
  'openai-responses': {
    ...FULL,
    format: 'openai-responses',
    image: 'attachment',
    reasoning: true
  },
  // The Agents SDK passes the instructions outside the input items.
  'openai-agents': {
    ...FULL,
    format: 'openai-agents',
    system: false,
    reasoning: true
  },
  anthropic: {
    ...FULL,
    format: 'anthropic',
    image: 'attachment',
    reasoning: true
  },
  bedrock: { ...FULL, format: 'bedrock', image: 'inline', reasoning: true },
  gemini: { ...FULL, format: 'gemini', image: 'attachment', reasoning: true },
  mistral: { ...FULL, format: 'mistral', image: 'attachment' },
  langchain: {
    ...FULL,
    format: 'langchain',
    image: 'attachment',
    reasoning: true,
    tools: false
  },
  llamaindex: {
    ...FULL,
    format: 'llamaindex',
    image: 'inline',
    // MockLLM answers with filler text of max_tokens words.
    answer: /^(text ?)+$/,
    tools: false
  },
  // DSPy's tool calls are fields of its completions, not API tool calls.
  dspy: {
    ...FULL,
    format: 'dspy',
    toolArgs: undefined,
    answer: /\[\[ ## answer ## \]\]\nIt is 18C and sunny in Paris\./,
    tools: false
  },
  autogen: { ...FULL, format: 'autogen' },
  ag2: { ...FULL, format: 'ag2' },
  'pydantic-ai': {
    ...FULL,
    format: 'pydantic-ai',
    image: 'inline',
    toolArgs: TEST_MODEL_ARGS
  },
  'otel-genai': {
    ...FULL,
    format: 'otel-genai',
    image: 'inline',
    toolArgs: TEST_MODEL_ARGS
  }
};

interface ISpanChat {
  name: string;
  type: string | null;
  chat: IChat | null;
}

function chatsOf(path: string): ISpanChat[] {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  return (doc.payload.data.spans as unknown[]).map(raw => {
    const span = parseSpan(raw);
    return {
      name: span.name,
      type: span.spanType,
      chat: parseChat(span.inputs, span.outputs, span.attributes)
    };
  });
}

function versions(): string[] {
  return existsSync(CHAT_FIXTURES)
    ? readdirSync(CHAT_FIXTURES).filter(d => d.startsWith('mlflow-'))
    : [];
}

describe('chat fixtures', () => {
  it('exist for every format, and only for those', () => {
    expect(versions().length).toBeGreaterThan(0);
    for (const version of versions()) {
      const names = readdirSync(join(CHAT_FIXTURES, version))
        .filter(f => f.endsWith('.trace.json'))
        .map(f => f.replace(/\.trace\.json$/, ''))
        .sort();
      expect(names).toEqual(Object.keys(CASES).sort());
    }
  });
});

const FILES = versions().flatMap(version =>
  Object.entries(CASES).map(
    ([name, c]) =>
      [
        `${version}/${name}`,
        join(CHAT_FIXTURES, version, `${name}.trace.json`),
        c
      ] as const
  )
);

describe.each(FILES)('%s', (_label, path, c) => {
  const spans = chatsOf(path);
  const chats = spans
    .map(s => s.chat)
    .filter((chat): chat is IChat => chat?.format === c.format);
  const all: IChatMessage[] = chats.flatMap(chat => chat.messages);
  const last = chats[chats.length - 1];

  it(`is read by the ${c.format} adapter`, () => {
    expect(chats.length).toBeGreaterThan(0);
  });

  it('has the system prompt and the user question', () => {
    expect(all.some(m => m.role === 'system')).toBe(c.system);
    expect(
      all.some(m => m.role === 'user' && m.content.includes(QUESTION))
    ).toBe(true);
  });

  it('shows the image as a placeholder and never its bytes', () => {
    const images = all.flatMap(m => m.images ?? []);
    if (c.image) {
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(image).toMatchObject({
          source: c.image,
          mimeType: 'image/png'
        });
      }
      if (c.image === 'attachment') {
        expect(images[0].url).toMatch(/^mlflow-attachment:\/\//);
        expect(images[0].size).toBe(70);
      } else {
        expect(images[0].url).toBeUndefined();
      }
    } else {
      expect(images).toEqual([]);
    }
    for (const m of all) {
      expect(m.content).not.toContain(PNG_BASE64_START);
      expect(m.content).not.toContain('mlflow-attachment://');
    }
  });

  it('keeps reasoning apart from the answer', () => {
    const reasoning = all.flatMap(m => m.reasoning ?? []);
    if (c.reasoning) {
      expect(reasoning).toContain(REASONING);
    } else {
      expect(reasoning).toEqual([]);
    }
    expect(all.some(m => m.content.includes(REASONING))).toBe(
      // DSPy's ReAct writes its thought as an output field.
      c.format === 'dspy'
    );
  });

  it('has the tool call and its result', () => {
    const calls = all.flatMap(m => m.toolCalls ?? []);
    if (c.toolArgs === undefined) {
      expect(calls).toEqual([]);
      return;
    }
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.name).toBe('get_weather');
      expect(call.arguments).toEqual(c.toolArgs);
    }
    const results = all.filter(m => m.role === 'tool');
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.content).toContain(TOOL_RESULT);
      // A result names the call it answers, by id or (Gemini) by tool name.
      const answers = calls.some(
        call =>
          (call.id !== undefined && call.id === result.toolCallId) ||
          (call.id === undefined && result.name === call.name)
      );
      expect(answers, JSON.stringify(result)).toBe(true);
    }
  });

  it('ends with the answer', () => {
    const final = last.messages[last.messages.length - 1];
    expect(final.role).toBe('assistant');
    if (typeof c.answer === 'string') {
      expect(final.content).toBe(c.answer);
    } else {
      expect(final.content).toMatch(c.answer);
    }
  });

  it('lists the tool definitions', () => {
    const names = [
      ...new Set(chats.flatMap(chat => chat.tools.map(t => t.name)))
    ];
    expect(names).toEqual(c.tools ? ['get_weather'] : []);
  });

  it('reads no chat from the root, tool or parser spans', () => {
    for (const s of spans) {
      if (
        s.name.endsWith('_conversation') ||
        s.type === 'TOOL' ||
        s.type === 'PARSER'
      ) {
        expect(s.chat, s.name).toBeNull();
      }
    }
  });
});

describe('openai-chat conversation, in order (real fixture)', () => {
  it.each(versions())('%s', version => {
    const spans = chatsOf(
      join(CHAT_FIXTURES, version, 'openai-chat.trace.json')
    );
    const second = spans.filter(s => s.chat)[1].chat!;
    expect(second.messages.map(m => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant'
    ]);
    expect(second.messages[2].toolCalls).toEqual([
      { id: 'call_weather_1', name: 'get_weather', arguments: PARIS }
    ]);
    expect(second.messages[3].toolCallId).toBe('call_weather_1');
  });
});
