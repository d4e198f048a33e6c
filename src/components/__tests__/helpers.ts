/**
 * Test helpers: traces built the way users get them. Each helper writes a
 * small raw span list in MLflow 3's JSON shape (`Trace.to_json()`: info plus
 * spans with nanosecond times and JSON-encoded attributes) and runs it
 * through the model's own normalizer (`traceFromJson`), so component tests
 * see the tree, ids, statuses, chats and exceptions the model really builds.
 */
import { traceFromJson } from '../../model/trace';
import type {
  IChat,
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
  /** Span events; `exceptions` are written as MLflow writes them, as `exception` events. */
  events?: ISpanEvent[];
  exceptions?: ISpanException[];
  /** Written as MLflow 2's `mlflow.chat.messages`/`mlflow.chat.tools` (OpenAI's shape). */
  chat?: IChat | null;
  /** A span id as MLflow writes one (16 hex digits or base64); default: from the index. */
  id?: string;
}

export const T0 = 1_700_000_000_000;

const TRACE_ID = 'tr-0123456789abcdef0123456789abcdef';
const NS_PER_MS = 1_000_000n;

/** Epoch nanoseconds (as MLflow's JSON text) of `ms` after T0. */
function nanos(ms: number): string {
  const whole = Math.floor(ms);
  return (
    BigInt(T0 + whole) * NS_PER_MS +
    BigInt(Math.round((ms - whole) * 1e6))
  ).toString();
}

/** The span id of spec `index` (16 hex digits, never all zero). */
function spanId(specs: ISpanSpec[], index: number): string {
  return specs[index].id ?? (index + 1).toString(16).padStart(16, '0');
}

/** A chat in OpenAI's message shape, as MLflow 2's chat attributes hold it. */
function chatAttributes(chat: IChat): Record<string, unknown> {
  return {
    'mlflow.chat.messages': chat.messages.map(m => ({
      role: m.role,
      content: m.content,
      ...(m.name !== undefined && { name: m.name }),
      ...(m.toolCallId !== undefined && { tool_call_id: m.toolCallId }),
      ...(m.toolCalls && {
        tool_calls: m.toolCalls.map(call => ({
          id: call.id,
          type: 'function',
          function: {
            name: call.name,
            arguments: JSON.stringify(call.arguments)
          }
        }))
      })
    })),
    'mlflow.chat.tools': chat.tools.map(tool => ({
      type: 'function',
      function: tool
    }))
  };
}

/** One span of a spec, in MLflow 3's `Trace.to_json()` shape. */
function rawSpan(specs: ISpanSpec[], index: number): Record<string, unknown> {
  const s = specs[index];
  const start = s.start ?? index;
  const duration = s.duration === undefined ? 10 : s.duration;
  const values: Record<string, unknown> = {
    'mlflow.traceRequestId': TRACE_ID,
    'mlflow.spanType': s.type ?? 'UNKNOWN',
    ...(s.inputs !== undefined && { 'mlflow.spanInputs': s.inputs }),
    ...(s.outputs !== undefined && { 'mlflow.spanOutputs': s.outputs }),
    ...(s.chat && chatAttributes(s.chat)),
    ...s.attributes
  };
  const events = [
    ...(s.events ?? []).map(e => ({
      name: e.name,
      time_unix_nano: e.timeMs === null ? null : nanos(e.timeMs - T0),
      attributes: e.attributes
    })),
    ...(s.exceptions ?? []).map(e => ({
      name: 'exception',
      time_unix_nano: nanos(start + (duration ?? 0)),
      attributes: {
        'exception.type': e.type,
        'exception.message': e.message,
        'exception.stacktrace': e.stacktrace
      }
    }))
  ];
  const code = { OK: 'STATUS_CODE_OK', ERROR: 'STATUS_CODE_ERROR' };
  return {
    trace_id: 'ASNFZ4mrze8BI0VniavN7w==',
    span_id: spanId(specs, index),
    parent_span_id: s.parent === undefined ? null : spanId(specs, s.parent),
    name: s.name,
    start_time_unix_nano: nanos(start),
    end_time_unix_nano: duration === null ? null : nanos(start + duration),
    events,
    status: {
      code: s.status
        ? ((code as any)[s.status] ?? 'STATUS_CODE_UNSET')
        : 'STATUS_CODE_OK',
      message: s.statusMessage ?? ''
    },
    // MLflow stores every attribute value as JSON text.
    attributes: Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, JSON.stringify(value)])
    )
  };
}

/**
 * A trace of `specs` (depth-first pre-order: parents before children), read
 * by the model; `info` then overrides fields of the built trace.
 */
export function makeTrace(
  specs: ISpanSpec[],
  info: Partial<ITrace> = {}
): ITrace {
  const spans = specs.map((_, i) => rawSpan(specs, i));
  let end = 0;
  specs.forEach((s, i) => {
    const start = s.start ?? i;
    const duration = s.duration === undefined ? 10 : s.duration;
    end = Math.max(end, start + (duration ?? 0));
  });
  const trace = traceFromJson({
    info: {
      trace_id: TRACE_ID,
      trace_location: {
        type: 'MLFLOW_EXPERIMENT',
        mlflow_experiment: { experiment_id: '1' }
      },
      request_time: new Date(T0).toISOString(),
      state: specs.some(s => s.status === 'ERROR') ? 'ERROR' : 'OK',
      execution_duration_ms: end,
      trace_metadata: { 'mlflow.trace_schema.version': '3' },
      tags: {}
    },
    data: { spans }
  });
  return { ...trace, ...info };
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
        // As MLflow records a raised exception: one `exception` event.
        events: [
          {
            name: 'exception',
            timeMs: T0 + 80,
            attributes: {
              'exception.type': 'ZeroDivisionError',
              'exception.message': 'division by zero',
              'exception.stacktrace':
                'Traceback (most recent call last):\n  File "calc.py", line 1\nZeroDivisionError: division by zero'
            }
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
