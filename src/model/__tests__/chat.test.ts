/**
 * Chat parsing per format. Inputs are HAND-WRITTEN in the shapes the
 * providers' SDKs produce (and MLflow autolog records), unless a test says it
 * reads a real fixture.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { parseChat } from '../chat';
import { parseSpan } from '../spans';

describe('OpenAI chat completions (hand-written)', () => {
  const inputs = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          {
            type: 'image_url',
            image_url: { url: 'https://example.com/cat.png' }
          },
          {
            type: 'image_url',
            image_url: { url: 'data:image/png;base64,AAAA' }
          }
        ]
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Paris"}' }
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'broken', arguments: '{"city": ' }
          }
        ]
      },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' }
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather by city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } }
          }
        }
      }
    ]
  };
  const outputs = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Sunny, 18C.' },
        finish_reason: 'stop'
      }
    ],
    usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 }
  };

  it('reads messages, tool calls with JSON arguments, tools and the choice', () => {
    const chat = parseChat(inputs, outputs, {})!;
    expect(chat.format).toBe('openai');
    expect(chat.messages.map(m => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant'
    ]);
    // Images are placeholders beside the text: an address, or inline data.
    expect(chat.messages[1].content).toBe('What is in this image?');
    expect(chat.messages[1].images).toEqual([
      { source: 'url', url: 'https://example.com/cat.png' },
      { source: 'inline', mimeType: 'image/png' }
    ]);
    expect(chat.messages[2].toolCalls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
      // Unparseable arguments stay a string.
      { id: 'call_2', name: 'broken', arguments: '{"city": ' }
    ]);
    expect(chat.messages[3]).toMatchObject({
      role: 'tool',
      toolCallId: 'call_1',
      content: '18C'
    });
    expect(chat.messages[4].content).toBe('Sunny, 18C.');
    expect(chat.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather by city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } }
      }
    ]);
  });

  it('prefers tools from mlflow.chat.tools', () => {
    const chat = parseChat(inputs, outputs, {
      'mlflow.chat.tools': [
        { type: 'function', function: { name: 'from_attr' } }
      ]
    })!;
    expect(chat.tools.map(t => t.name)).toEqual(['from_attr']);
  });

  it('works without outputs (a span that failed)', () => {
    const chat = parseChat(inputs, undefined, {})!;
    expect(chat.messages).toHaveLength(4);
  });

  it('reads the MLflow 2.x mlflow.chat.messages attribute', () => {
    const chat = parseChat({ prompt: 'x' }, 'y', {
      'mlflow.chat.messages': [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' }
      ],
      'mlflow.message.format': 'openai'
    })!;
    expect(chat.format).toBe('openai');
    expect(chat.messages.map(m => m.content)).toEqual(['hi', 'hello']);
  });
});

describe('OpenAI responses API (hand-written)', () => {
  it('reads input items, function calls and output messages', () => {
    const chat = parseChat(
      {
        model: 'gpt-4.1',
        instructions: 'Be brief.',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
          {
            type: 'function_call',
            call_id: 'c1',
            name: 'weather',
            arguments: '{"q": "Oslo"}'
          },
          { type: 'function_call_output', call_id: 'c1', output: 'cold' }
        ]
      },
      {
        object: 'response',
        output: [
          { type: 'reasoning', id: 'r1', summary: [] },
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'It is cold.' }]
          }
        ]
      },
      {}
    )!;
    expect(chat.format).toBe('openai-responses');
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'c1', name: 'weather', arguments: { q: 'Oslo' } }]
      },
      { role: 'tool', content: 'cold', toolCallId: 'c1' },
      { role: 'assistant', content: 'It is cold.' }
    ]);
  });

  it('reads a plain string input', () => {
    const chat = parseChat(
      { model: 'gpt-4.1', input: 'Hi' },
      { output: [] },
      {}
    )!;
    expect(chat.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });
});

describe('Anthropic messages (hand-written)', () => {
  const inputs = {
    model: 'claude-sonnet-4',
    max_tokens: 1024,
    system: 'You are a weather bot.',
    messages: [
      { role: 'user', content: 'Weather in Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'get_weather',
            input: { city: 'Rome' }
          }
        ]
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [{ type: 'text', text: '25C' }]
          }
        ]
      }
    ],
    tools: [
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: {
          type: 'object',
          properties: { city: { type: 'string' } }
        }
      }
    ]
  };
  const outputs = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    content: [{ type: 'text', text: 'Warm: 25C.' }],
    usage: { input_tokens: 20, output_tokens: 5 }
  };

  it('reads system, content blocks, tool_use, tool_result and tools', () => {
    const chat = parseChat(inputs, outputs, {})!;
    expect(chat.format).toBe('anthropic');
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Rome?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Rome' } }
        ]
      },
      { role: 'tool', content: '25C', toolCallId: 'toolu_1' },
      { role: 'assistant', content: 'Warm: 25C.' }
    ]);
    expect(chat.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } }
      }
    ]);
  });

  it('reads system given as content blocks', () => {
    const chat = parseChat(
      {
        system: [{ type: 'text', text: 'Sys' }],
        messages: [{ role: 'user', content: 'u' }]
      },
      null,
      {}
    )!;
    expect(chat.messages[0]).toEqual({ role: 'system', content: 'Sys' });
  });
});

describe('LangChain (hand-written, shaped like MLflow langchain autolog records)', () => {
  it('reads a batch of message dicts and an LLMResult', () => {
    const inputs = [
      [
        {
          content: 'Be nice.',
          type: 'system',
          additional_kwargs: {},
          id: null
        },
        {
          content: 'Add 2 and 3',
          type: 'human',
          additional_kwargs: {},
          name: null,
          example: false
        }
      ]
    ];
    const outputs = {
      generations: [
        [
          {
            text: '',
            type: 'ChatGeneration',
            generation_info: { finish_reason: 'tool_calls' },
            message: {
              content: '',
              type: 'ai',
              additional_kwargs: {},
              tool_calls: [
                {
                  name: 'add',
                  args: { a: 2, b: 3 },
                  id: 'call_9',
                  type: 'tool_call'
                }
              ]
            }
          }
        ]
      ],
      llm_output: { token_usage: { total_tokens: 12 } },
      type: 'LLMResult'
    };
    const chat = parseChat(inputs, outputs, {})!;
    expect(chat.format).toBe('langchain');
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'Add 2 and 3' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_9', name: 'add', arguments: { a: 2, b: 3 } }]
      }
    ]);
  });

  it('reads LangGraph states whose output repeats the conversation', () => {
    const msgs = [
      { type: 'human', content: 'hi' },
      {
        type: 'ai',
        content: '',
        additional_kwargs: {
          tool_calls: [{ id: 't', function: { name: 'f', arguments: '{}' } }]
        }
      },
      { type: 'tool', content: 'ok', tool_call_id: 't' }
    ];
    const chat = parseChat(
      { messages: msgs },
      { messages: [...msgs, { type: 'ai', content: 'done' }] },
      {}
    )!;
    expect(chat.format).toBe('langchain');
    expect(chat.messages.map(m => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant'
    ]);
    expect(chat.messages[1].toolCalls).toEqual([
      { id: 't', name: 'f', arguments: {} }
    ]);
    expect(chat.messages[2].toolCallId).toBe('t');
  });

  it('reads an AIMessage dump as output', () => {
    const chat = parseChat(
      [[{ type: 'human', content: 'q' }]],
      { type: 'ai', content: [{ type: 'text', text: 'a' }] },
      {}
    )!;
    expect(chat.messages.map(m => m.content)).toEqual(['q', 'a']);
  });
});

describe('OTel GenAI attributes (hand-written)', () => {
  it('reads gen_ai.input.messages / gen_ai.output.messages parts', () => {
    const chat = parseChat(undefined, undefined, {
      'gen_ai.input.messages': [
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'x', name: 'w', arguments: { c: 'A' } }
          ]
        },
        {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: 'x', response: 'hot' }]
        }
      ],
      'gen_ai.output.messages': [
        { role: 'assistant', parts: [{ type: 'text', content: 'Hot.' }] }
      ]
    })!;
    expect(chat.format).toBe('otel-genai');
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'x', name: 'w', arguments: { c: 'A' } }]
      },
      { role: 'tool', content: 'hot', toolCallId: 'x' },
      { role: 'assistant', content: 'Hot.' }
    ]);
  });
});

describe('image placeholders (hand-written hostile references)', () => {
  it('keeps addresses as text, drops scripts and bytes, reads attachment sizes', () => {
    const chat = parseChat(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: 'javascript:alert(1)' } },
              {
                type: 'image_url',
                image_url: { url: 'http://127.0.0.2:9/x.png' }
              },
              {
                type: 'image_url',
                image_url: {
                  url: 'mlflow-attachment://a?content_type=image%2Fjpeg&size=abc'
                }
              },
              { type: 'input_image', image_url: 'iVBORw0KGgoAAAANSUhEUg==' }
            ]
          }
        ]
      },
      null,
      {}
    )!;
    expect(chat.messages[0].content).toBe('');
    expect(chat.messages[0].images).toEqual([
      { source: 'inline' },
      { source: 'url', url: 'http://127.0.0.2:9/x.png' },
      {
        source: 'attachment',
        url: 'mlflow-attachment://a?content_type=image%2Fjpeg&size=abc',
        mimeType: 'image/jpeg'
      },
      { source: 'inline' }
    ]);
  });
});

describe('not chat', () => {
  it.each([
    ['a string', 'hello', 'world'],
    ['a number', 5, 6],
    ['a plain object', { q: 'x', k: 3 }, { answer: 'y' }],
    ['retriever docs', { query: 'x' }, [{ page_content: 'doc', metadata: {} }]],
    ['a list of strings', ['a', 'b'], 'c'],
    ['messages that are not messages', { messages: [1, 2] }, null],
    [
      'mixed messages',
      { messages: [{ role: 'user', content: 'x' }, 'y'] },
      null
    ],
    ['empty messages', { messages: [] }, null],
    // Argument names that formats also use, in ordinary functions' inputs.
    ['a contents argument', { path: 'a.txt', contents: 'text' }, null],
    ['an input argument', { input: 'text' }, 'done'],
    ['a list of parts-less records', [{ role: 'user' }], null],
    ['records with a kind', { messages: [{ kind: 'request' }] }, null],
    ['null', null, null]
  ])('returns null for %s', (_label, inputs, outputs) => {
    expect(parseChat(inputs, outputs, {})).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Real payloads: the chat model spans MLflow autolog recorded in the
// generated fixtures (scenario code in scripts/fixtures/generate_traces.py).

const FIXTURES =
  process.env.MLFLOW_FIXTURES_DIR ?? resolve(__dirname, '../../../fixtures');

function fixtureFiles(name: string): string[] {
  return readdirSync(FIXTURES)
    .filter(d => d.startsWith('mlflow-'))
    .map(d => join(FIXTURES, d, name))
    .filter(p => existsSync(p));
}

/** Spans of a `*.trace.json` fixture with their attributes decoded like the model does. */
function fixtureSpans(path: string): {
  name: string;
  inputs: unknown;
  outputs: unknown;
  attributes: Record<string, unknown>;
}[] {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const traces = Array.isArray(doc.payload) ? doc.payload : [doc.payload];
  return traces.flatMap((t: any) =>
    (t.data.spans as any[]).map(s => {
      const span = parseSpan(s);
      return {
        name: span.name,
        inputs: span.inputs,
        outputs: span.outputs,
        attributes: span.attributes
      };
    })
  );
}

describe('LangChain autolog (real fixtures)', () => {
  const files = fixtureFiles('langchain.trace.json');

  it('has at least one langchain fixture to read', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map(f => [relative(FIXTURES, f), f]))('%s', (_rel, path) => {
    const spans = fixtureSpans(path);
    const chats = spans
      .filter(s => /ChatModel/.test(s.name))
      .map(s => ({
        name: s.name,
        chat: parseChat(s.inputs, s.outputs, s.attributes)
      }));
    expect(chats.length).toBe(3);
    for (const c of chats) {
      expect(c.chat, `${c.name} is read as a chat`).not.toBeNull();
    }
    const all = chats.flatMap(c => c.chat!.messages);

    // FakeListChatModel: prompt template messages and the canned answer.
    const simple = chats.find(c => c.name === 'FakeListChatModel')!.chat!;
    expect(simple.messages.map(m => m.role)).toEqual([
      'system',
      'user',
      'assistant'
    ]);
    expect(simple.messages[0].content).toBe(
      'You are a concise assistant. 日本語で答えてください。'
    );
    expect(simple.messages[2].content).toBe(
      '富士山の高さは3,776メートルです 🗻'
    );

    // GenericFakeChatModel: the tool call, its result, the final answer.
    const calls = all.flatMap(m => m.toolCalls ?? []);
    expect(calls).toContainEqual({
      id: 'call_lc_1',
      name: 'get_elevation',
      arguments: { mountain: '富士山' }
    });
    const toolMsg = all.find(m => m.role === 'tool');
    expect(toolMsg?.toolCallId).toBe('call_lc_1');
    expect(JSON.parse(toolMsg!.content)).toEqual({
      mountain: '富士山',
      elevation_m: 3776
    });
    expect(
      all.some(
        m => m.role === 'assistant' && m.content === '富士山は3,776 mです。'
      )
    ).toBe(true);
    for (const c of chats) {
      expect(['langchain', 'openai']).toContain(c.chat!.format);
    }
  });
});

describe('OpenAI-shaped LLM span with tools (real fixtures)', () => {
  const files = fixtureFiles('decorated.trace.json');

  it('has at least one decorated fixture to read', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map(f => [relative(FIXTURES, f), f]))('%s', (_rel, path) => {
    const span = fixtureSpans(path).find(s => s.name === 'chat_completion')!;
    const chat = parseChat(span.inputs, span.outputs, span.attributes)!;
    expect(chat).not.toBeNull();
    expect(chat.messages.map(m => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant'
    ]);
    expect(chat.messages[2].toolCalls).toEqual([
      {
        id: 'call_fixture_1',
        name: 'lookup_weather',
        arguments: { city: '東京' }
      }
    ]);
    expect(chat.messages[3].toolCallId).toBe('call_fixture_1');
    expect(chat.messages[4].content).toBe(
      '東京は晴れ ☀️、気温は21°Cです。傘は要りません 🌂🙅'
    );
    expect(chat.tools.map(t => t.name)).toEqual(['lookup_weather']);
    expect(chat.tools[0].description).toBe(
      'Look up the weather forecast for a city (都市の天気予報)'
    );
    // Other spans of that trace are not chats.
    for (const s of fixtureSpans(path).filter(
      x => x.name !== 'chat_completion'
    )) {
      expect(parseChat(s.inputs, s.outputs, s.attributes), s.name).toBeNull();
    }
  });
});
