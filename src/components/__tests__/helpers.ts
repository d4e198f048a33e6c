/**
 * Test helpers: build normalized ITrace literals without the model.
 */
import type {
  IChat,
  ISpan,
  ISpanEvent,
  ISpanException,
  ITrace
} from '../../model/types';

export interface ISpanSpec {
  name: string;
  /** Index of the parent in the spec list (must come earlier: pre-order). */
  parent?: number;
  type?: string;
  status?: 'OK' | 'ERROR' | 'UNSET';
  statusMessage?: string;
  /** Offset from the trace start in ms. */
  start?: number;
  /** Duration in ms; null = never ended. */
  duration?: number | null;
  inputs?: unknown;
  outputs?: unknown;
  attributes?: Record<string, unknown>;
  events?: ISpanEvent[];
  exceptions?: ISpanException[];
  chat?: IChat | null;
  id?: string;
}

export const T0 = 1_700_000_000_000;

/** Specs must be in depth-first pre-order (parents before children). */
export function makeTrace(
  specs: ISpanSpec[],
  info: Partial<ITrace> = {}
): ITrace {
  const spans: ISpan[] = [];
  const rootIndices: number[] = [];
  specs.forEach((s, index) => {
    const parentIndex = s.parent ?? -1;
    const start = T0 + (s.start ?? index);
    const duration = s.duration === undefined ? 10 : s.duration;
    const span: ISpan = {
      index,
      id: s.id ?? `span${index.toString(16).padStart(4, '0')}`,
      parentIndex,
      parentId:
        parentIndex >= 0
          ? `span${parentIndex.toString(16).padStart(4, '0')}`
          : null,
      childIndices: [],
      depth: parentIndex >= 0 ? spans[parentIndex].depth + 1 : 0,
      name: s.name,
      spanType: s.type ?? 'UNKNOWN',
      status: s.status ?? 'OK',
      statusMessage: s.statusMessage ?? '',
      startMs: start,
      endMs: duration === null ? null : start + duration,
      durationMs: duration,
      inputs: s.inputs,
      outputs: s.outputs,
      attributes: s.attributes ?? {},
      events: s.events ?? [],
      exceptions: s.exceptions ?? [],
      chat: s.chat ?? null,
      tokenUsage: null,
      cost: null
    };
    spans.push(span);
    if (parentIndex >= 0) {
      spans[parentIndex].childIndices.push(index);
    } else {
      rootIndices.push(index);
    }
  });
  let end = T0;
  for (const s of spans) {
    end = Math.max(end, s.endMs ?? s.startMs);
  }
  return {
    traceId: 'tr-0123456789abcdef0123456789abcdef',
    experimentId: '1',
    name: spans[0]?.name ?? 'empty',
    state: spans.some(s => s.status === 'ERROR') ? 'ERROR' : 'OK',
    startMs: T0,
    endMs: end,
    durationMs: end - T0,
    durationPrecision: 'ns',
    spans,
    rootIndices,
    errorSpanCount: spans.filter(s => s.status === 'ERROR').length,
    timeIssueCount: 0,
    maxDepth: spans.reduce((m, s) => Math.max(m, s.depth), 0),
    tokenUsage: null,
    cost: null,
    metadata: {},
    tags: {},
    assessments: [],
    warnings: [],
    ...info
  };
}

/**
 * A small agent trace:
 *   0 agent (AGENT)
 *     1 plan (CHAIN)
 *       2 chat (CHAT_MODEL, with chat)
 *     3 search_docs (RETRIEVER, documents)
 *     4 calculator (TOOL, ERROR with exception)
 *       5 parse (PARSER)
 */
export function sampleTrace(info: Partial<ITrace> = {}): ITrace {
  return makeTrace(
    [
      {
        name: 'agent',
        type: 'AGENT',
        start: 0,
        duration: 100,
        inputs: { question: 'What is 2 + 2?' },
        outputs: { answer: 'four' },
        attributes: { 'mlflow.spanType': 'AGENT', temperature: 0.5 }
      },
      {
        name: 'plan',
        parent: 0,
        type: 'CHAIN',
        start: 1,
        duration: 30,
        inputs: 'plan it'
      },
      {
        name: 'chat',
        parent: 1,
        type: 'CHAT_MODEL',
        start: 2,
        duration: 20,
        inputs: { messages: [{ role: 'user', content: 'What is 2 + 2?' }] },
        outputs: {
          choices: [
            { message: { role: 'assistant', content: 'Call the calculator.' } }
          ]
        },
        chat: {
          format: 'openai',
          messages: [
            { role: 'system', content: 'You are helpful.' },
            { role: 'user', content: 'What is 2 + 2?' },
            {
              role: 'assistant',
              content: '',
              toolCalls: [
                {
                  id: 'call_1',
                  name: 'calculator',
                  arguments: { expression: '2+2' }
                }
              ]
            },
            { role: 'tool', content: '4', toolCallId: 'call_1' },
            { role: 'assistant', content: 'The answer is **four**.' }
          ],
          tools: [
            {
              name: 'calculator',
              description: 'Evaluates arithmetic',
              parameters: {
                type: 'object',
                properties: { expression: { type: 'string' } }
              }
            }
          ]
        }
      },
      {
        name: 'search_docs',
        parent: 0,
        type: 'RETRIEVER',
        start: 35,
        duration: 20,
        inputs: { query: 'arithmetic' },
        outputs: [
          {
            page_content: 'Addition combines numbers.',
            metadata: { source: 'math.md' },
            id: 'doc-1'
          },
          {
            page_content: 'Two plus two is four.',
            metadata: { source: 'facts.md' },
            id: 'doc-2'
          }
        ]
      },
      {
        name: 'calculator',
        parent: 0,
        type: 'TOOL',
        start: 60,
        duration: 30,
        status: 'ERROR',
        statusMessage: 'ZeroDivisionError: division by zero',
        inputs: { expression: '2+2' },
        exceptions: [
          {
            type: 'ZeroDivisionError',
            message: 'division by zero',
            stacktrace:
              'Traceback (most recent call last):\n  File "calc.py", line 1\nZeroDivisionError: division by zero'
          }
        ],
        events: [
          {
            name: 'exception',
            timeMs: T0 + 80,
            attributes: { 'exception.type': 'ZeroDivisionError' }
          }
        ]
      },
      { name: 'parse', parent: 4, type: 'PARSER', start: 61, duration: 5 }
    ],
    info
  );
}

/**
 * A big trace in pre-order: one root with `fanout` children, each with
 * `fanout` children, ... until `n` spans exist.
 */
export function bigTrace(n: number, fanout = 100): ITrace {
  const specs: ISpanSpec[] = [];
  const build = (parent: number | undefined, depth: number) => {
    if (specs.length >= n) {
      return;
    }
    const me = specs.length;
    specs.push({
      name: `span-${me}`,
      parent,
      type: me % 7 === 0 ? 'LLM' : 'FUNCTION',
      status: me % 1000 === 999 ? 'ERROR' : 'OK',
      start: me,
      duration: 5,
      inputs: { i: me }
    });
    if (depth < 3) {
      for (let k = 0; k < fanout && specs.length < n; k++) {
        build(me, depth + 1);
      }
    }
  };
  while (specs.length < n) {
    build(specs.length === 0 ? undefined : 0, specs.length === 0 ? 0 : 1);
  }
  return makeTrace(specs);
}
