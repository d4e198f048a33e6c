/**
 * Chat messages, tool calls and tool definitions from a span's inputs,
 * outputs and attributes, across the formats MLflow records:
 * OpenAI chat and responses, Anthropic messages, LangChain (autolog dumps,
 * LangGraph states), MLflow 2.x `mlflow.chat.messages`, OTel GenAI
 * `gen_ai.input.messages`.
 *
 * Detection is strict (every element must look like a message) so that
 * ordinary inputs are not shown as chats.
 */

import { isRecord, parseJson, toStr } from './json';
import { IChat, IChatMessage, IChatTool, IChatToolCall } from './types';

type Rec = Record<string, unknown>;

const LANGCHAIN_TYPES: Record<string, string> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool',
  function: 'function',
  developer: 'developer',
  // HumanMessageChunk etc. dump with these types.
  HumanMessageChunk: 'user',
  AIMessageChunk: 'assistant',
  SystemMessageChunk: 'system',
  ToolMessageChunk: 'tool'
};

/** Mutable detection signals gathered while parsing. */
interface IHints {
  anthropic: boolean;
  langchain: boolean;
  responses: boolean;
  otel: boolean;
}

function newHints(): IHints {
  return { anthropic: false, langchain: false, responses: false, otel: false };
}

// ---------------------------------------------------------------------------
// Content and tool calls

function decodeArguments(args: unknown): unknown {
  if (typeof args !== 'string') {
    return args ?? {};
  }
  const parsed = parseJson(args);
  return parsed.ok ? parsed.value : args;
}

function imageText(url: unknown): string {
  if (typeof url === 'string' && url !== '' && !url.startsWith('data:')) {
    return `[image: ${url}]`;
  }
  return '[image]';
}

function stringifySmall(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** A tool's answer, in any format: the result content and the id of the call it answers. */
function toolResult(
  content: unknown,
  callId: unknown,
  hints: IHints
): IChatMessage {
  const message: IChatMessage = {
    role: 'tool',
    content: contentText(content, hints)
  };
  const id = toStr(callId);
  if (id !== undefined) {
    message.toolCallId = id;
  }
  return message;
}

/** One content part to text ('' for parts that carry no text). */
function partText(part: unknown, hints: IHints): string {
  if (typeof part === 'string') {
    return part;
  }
  if (!isRecord(part)) {
    return '';
  }
  const type = part.type;
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      // OTel GenAI text parts use `content`.
      return toStr(part.text) ?? toStr(part.content) ?? '';
    case 'image_url':
      return imageText(
        isRecord(part.image_url) ? part.image_url.url : part.image_url
      );
    case 'input_image':
      return imageText(part.image_url);
    case 'image':
      hints.anthropic = hints.anthropic || isRecord(part.source);
      return imageText(isRecord(part.source) ? part.source.url : undefined);
    case 'refusal':
      return toStr(part.refusal) ?? '';
    case 'thinking':
    case 'redacted_thinking':
    case 'reasoning':
      return '';
    default:
      if (typeof part.text === 'string') {
        return part.text;
      }
      return '';
  }
}

function contentText(content: unknown, hints: IHints): string {
  if (content === null || content === undefined) {
    return '';
  }
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      const t = partText(part, hints);
      if (t !== '') {
        texts.push(t);
      }
    }
    return texts.join('\n\n');
  }
  if (isRecord(content) && typeof content.text === 'string') {
    return content.text;
  }
  return typeof content === 'object'
    ? stringifySmall(content)
    : String(content);
}

/** OpenAI `{id, function: {name, arguments}}`, LangChain `{name, args, id}`, plain `{name, arguments}`. */
function toolCallFrom(raw: unknown): IChatToolCall | null {
  if (!isRecord(raw)) {
    return null;
  }
  const fn = isRecord(raw.function) ? raw.function : undefined;
  const name = toStr(fn?.name) ?? toStr(raw.name);
  if (name === undefined) {
    return null;
  }
  const call: IChatToolCall = {
    name,
    arguments: decodeArguments(
      fn
        ? fn.arguments
        : 'args' in raw
          ? raw.args
          : 'input' in raw
            ? raw.input
            : raw.arguments
    )
  };
  const id = toStr(raw.id) ?? toStr(raw.call_id);
  if (id !== undefined) {
    call.id = id;
  }
  return call;
}

function toolCallsFrom(list: unknown): IChatToolCall[] {
  if (!Array.isArray(list)) {
    return [];
  }
  const out: IChatToolCall[] = [];
  for (const item of list) {
    const call = toolCallFrom(item);
    if (call) {
      out.push(call);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Messages

function isMessageLike(m: unknown): boolean {
  if (!isRecord(m)) {
    return false;
  }
  if (typeof m.role === 'string') {
    return (
      'content' in m ||
      'tool_calls' in m ||
      'parts' in m ||
      'function_call' in m
    );
  }
  if (typeof m.type === 'string') {
    if (m.type in LANGCHAIN_TYPES || m.type === 'chat') {
      return 'content' in m;
    }
    return m.type === 'function_call' || m.type === 'function_call_output';
  }
  return false;
}

/**
 * One message in any supported format to one or more chat messages
 * (Anthropic `tool_result` blocks become separate `tool` messages).
 */
function normalizeMessage(m: Rec, hints: IHints): IChatMessage[] {
  // OpenAI responses items.
  if (m.type === 'function_call') {
    hints.responses = true;
    const call = toolCallFrom(m);
    return [{ role: 'assistant', content: '', toolCalls: call ? [call] : [] }];
  }
  if (m.type === 'function_call_output') {
    hints.responses = true;
    const msg: IChatMessage = {
      role: 'tool',
      content: contentText(m.output, hints)
    };
    const id = toStr(m.call_id);
    if (id !== undefined) {
      msg.toolCallId = id;
    }
    return [msg];
  }

  let role: string;
  if (typeof m.role === 'string') {
    role = m.role.toLowerCase();
    if (role === 'human') {
      role = 'user';
    } else if (role === 'ai') {
      role = 'assistant';
    }
  } else {
    hints.langchain = true;
    const t = m.type as string;
    role = LANGCHAIN_TYPES[t] ?? 'user';
  }
  if (m.type === 'message' && Array.isArray(m.content)) {
    // Responses output messages and Anthropic responses both say type "message".
    if (
      m.content.some(
        p =>
          isRecord(p) && (p.type === 'output_text' || p.type === 'input_text')
      )
    ) {
      hints.responses = true;
    }
  }

  const out: IChatMessage[] = [];
  const toolCalls: IChatToolCall[] = [];
  let text: string;

  if (Array.isArray(m.parts)) {
    // OTel GenAI message parts.
    hints.otel = true;
    const texts: string[] = [];
    for (const part of m.parts) {
      if (!isRecord(part)) {
        continue;
      }
      if (part.type === 'tool_call') {
        const call = toolCallFrom(part);
        if (call) {
          toolCalls.push(call);
        }
      } else if (part.type === 'tool_call_response') {
        out.push(toolResult(part.response, part.id, hints));
      } else {
        const t = partText(part, hints);
        if (t !== '') {
          texts.push(t);
        }
      }
    }
    text = texts.join('\n\n');
  } else if (Array.isArray(m.content)) {
    const texts: string[] = [];
    for (const part of m.content) {
      if (isRecord(part) && part.type === 'tool_use') {
        hints.anthropic = true;
        const call = toolCallFrom(part);
        if (call) {
          toolCalls.push(call);
        }
      } else if (isRecord(part) && part.type === 'tool_result') {
        hints.anthropic = true;
        out.push(toolResult(part.content, part.tool_use_id, hints));
      } else {
        const t = partText(part, hints);
        if (t !== '') {
          texts.push(t);
        }
      }
    }
    text = texts.join('\n\n');
  } else {
    text = contentText(m.content, hints);
  }

  toolCalls.push(...toolCallsFrom(m.tool_calls));
  if (toolCalls.length === 0 && isRecord(m.additional_kwargs)) {
    // Some LangChain models keep OpenAI-format calls only in additional_kwargs.
    toolCalls.push(...toolCallsFrom(m.additional_kwargs.tool_calls));
  }
  if (toolCalls.length === 0 && isRecord(m.function_call)) {
    const call = toolCallFrom(m.function_call);
    if (call) {
      toolCalls.push(call);
    }
  }

  // An Anthropic user turn made only of tool results is just those results.
  if (out.length > 0 && text === '' && toolCalls.length === 0) {
    return out;
  }

  const msg: IChatMessage = { role, content: text };
  if (toolCalls.length > 0) {
    msg.toolCalls = toolCalls;
  }
  const callId = toStr(m.tool_call_id);
  if (callId !== undefined) {
    msg.toolCallId = callId;
  }
  const name = toStr(m.name);
  if (name !== undefined && name !== '') {
    msg.name = name;
  }
  return [msg, ...out];
}

/** A list where every element is a message; null otherwise. */
function messagesFrom(list: unknown, hints: IHints): IChatMessage[] | null {
  if (!Array.isArray(list) || list.length === 0 || !list.every(isMessageLike)) {
    return null;
  }
  const out: IChatMessage[] = [];
  for (const m of list) {
    out.push(...normalizeMessage(m as Rec, hints));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Inputs

function inputMessages(inputs: unknown, hints: IHints): IChatMessage[] | null {
  if (Array.isArray(inputs)) {
    // LangChain chat models: a batch, i.e. a list of message lists.
    if (inputs.length >= 1 && Array.isArray(inputs[0])) {
      const batch = messagesFrom(inputs[0], hints);
      if (batch) {
        hints.langchain = true;
        return batch;
      }
      return null;
    }
    return messagesFrom(inputs, hints);
  }
  if (!isRecord(inputs)) {
    return null;
  }
  let messages = messagesFrom(inputs.messages, hints);
  if (!messages) {
    const input =
      inputs.input ??
      (isRecord(inputs.request) ? inputs.request.input : undefined);
    if (
      typeof input === 'string' &&
      ('model' in inputs || 'instructions' in inputs)
    ) {
      hints.responses = true;
      messages = [{ role: 'user', content: input }];
    } else if (Array.isArray(input)) {
      messages = messagesFrom(input, hints);
      if (messages) {
        hints.responses = true;
      }
    }
  }
  if (!messages) {
    return null;
  }
  const system = inputs.system;
  if (
    system !== undefined &&
    system !== null &&
    (typeof system === 'string' || Array.isArray(system))
  ) {
    hints.anthropic = true;
    messages.unshift({ role: 'system', content: contentText(system, hints) });
  } else if (typeof inputs.instructions === 'string' && hints.responses) {
    messages.unshift({ role: 'system', content: inputs.instructions });
  }
  return messages;
}

// ---------------------------------------------------------------------------
// Outputs

function generationMessages(
  gens: unknown,
  hints: IHints
): IChatMessage[] | null {
  // LangChain LLMResult.generations: list (per prompt) of lists of generations.
  if (!Array.isArray(gens) || gens.length === 0) {
    return null;
  }
  const first = Array.isArray(gens[0]) ? gens[0] : gens;
  if (!Array.isArray(first) || first.length === 0) {
    return null;
  }
  const out: IChatMessage[] = [];
  for (const g of first) {
    if (!isRecord(g)) {
      return null;
    }
    if (isMessageLike(g.message)) {
      out.push(...normalizeMessage(g.message as Rec, hints));
    } else if (
      typeof g.text === 'string' &&
      (g.type === 'Generation' ||
        g.type === 'ChatGeneration' ||
        'generation_info' in g)
    ) {
      out.push({ role: 'assistant', content: g.text });
    } else {
      return null;
    }
  }
  hints.langchain = true;
  return out;
}

function outputMessages(
  outputs: unknown,
  hints: IHints
): IChatMessage[] | null {
  if (outputs === null || outputs === undefined) {
    return null;
  }
  if (Array.isArray(outputs)) {
    if (
      outputs.length > 0 &&
      outputs.every(c => isRecord(c) && isMessageLike(c.message))
    ) {
      // A bare list of OpenAI choices.
      return outputs.flatMap(c =>
        normalizeMessage((c as Rec).message as Rec, hints)
      );
    }
    const gens = generationMessages(outputs, hints);
    if (gens) {
      return gens;
    }
    const list = messagesFrom(outputs, hints);
    if (list) {
      return list;
    }
    return null;
  }
  if (!isRecord(outputs)) {
    return null;
  }
  if (Array.isArray(outputs.choices)) {
    const out: IChatMessage[] = [];
    for (const c of outputs.choices) {
      if (isRecord(c) && isMessageLike(c.message)) {
        out.push(...normalizeMessage(c.message as Rec, hints));
      } else if (isRecord(c) && isMessageLike(c.delta)) {
        out.push(...normalizeMessage(c.delta as Rec, hints));
      }
    }
    return out.length > 0 ? out : null;
  }
  if ('generations' in outputs) {
    return generationMessages(outputs.generations, hints);
  }
  if (
    Array.isArray(outputs.output) &&
    (outputs.object === 'response' || outputs.output.length > 0)
  ) {
    const items = outputs.output.filter(
      o =>
        !(
          isRecord(o) &&
          (o.type === 'reasoning' || o.type === 'web_search_call')
        )
    );
    const list = messagesFrom(items, hints);
    if (list) {
      hints.responses = true;
      return list;
    }
  }
  if (Array.isArray(outputs.messages)) {
    return messagesFrom(outputs.messages, hints);
  }
  if (isMessageLike(outputs)) {
    if (
      outputs.type === 'message' &&
      outputs.role === 'assistant' &&
      Array.isArray(outputs.content) &&
      !hints.responses
    ) {
      hints.anthropic = true;
    }
    return normalizeMessage(outputs, hints);
  }
  if (isMessageLike(outputs.message)) {
    // Ollama-like `{message: {...}}` and LangChain ChatGeneration dumps.
    return normalizeMessage(outputs.message as Rec, hints);
  }
  return null;
}

// ---------------------------------------------------------------------------
// Tools

function toolFrom(raw: unknown, hints: IHints): IChatTool | null {
  if (!isRecord(raw)) {
    return null;
  }
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = toStr(fn.name);
  if (name === undefined) {
    return null;
  }
  const tool: IChatTool = { name };
  const description = toStr(fn.description);
  if (description !== undefined) {
    tool.description = description;
  }
  if (fn.parameters !== undefined) {
    tool.parameters = fn.parameters;
  } else if (fn.input_schema !== undefined) {
    hints.anthropic = true;
    tool.parameters = fn.input_schema;
  } else if (fn.args_schema !== undefined) {
    tool.parameters = fn.args_schema;
  }
  return tool;
}

function toolsFrom(list: unknown, hints: IHints): IChatTool[] {
  if (!Array.isArray(list)) {
    return [];
  }
  const out: IChatTool[] = [];
  for (const t of list) {
    const tool = toolFrom(t, hints);
    if (tool) {
      out.push(tool);
    }
  }
  return out;
}

function collectTools(
  inputs: unknown,
  attributes: Rec,
  hints: IHints
): IChatTool[] {
  const fromAttr = toolsFrom(attributes['mlflow.chat.tools'], hints);
  if (fromAttr.length > 0) {
    return fromAttr;
  }
  if (isRecord(inputs)) {
    const fromInputs = toolsFrom(inputs.tools, hints);
    if (fromInputs.length > 0) {
      return fromInputs;
    }
    return toolsFrom(inputs.functions, hints);
  }
  return [];
}

// ---------------------------------------------------------------------------

function formatName(hints: IHints, attributes: Rec, fallback: string): string {
  if (hints.otel) {
    return 'otel-genai';
  }
  if (hints.langchain) {
    return 'langchain';
  }
  if (hints.anthropic) {
    return 'anthropic';
  }
  if (hints.responses) {
    return 'openai-responses';
  }
  const declared = attributes['mlflow.message.format'];
  return typeof declared === 'string' && declared !== '' ? declared : fallback;
}

/**
 * Chat view of a span, or null when nothing is chat-like. Never throws on
 * any input shape (callers still guard).
 */
export function parseChat(
  inputs: unknown,
  outputs: unknown,
  attributes: Record<string, unknown>
): IChat | null {
  const hints = newHints();

  // MLflow 2.x wrote the whole conversation (OpenAI format) as an attribute.
  const recorded = messagesFrom(attributes['mlflow.chat.messages'], hints);
  if (recorded) {
    return {
      messages: recorded,
      tools: collectTools(inputs, attributes, hints),
      format: formatName(hints, attributes, 'openai')
    };
  }

  const genAiIn = attributes['gen_ai.input.messages'];
  if (genAiIn !== undefined) {
    const msgs = messagesFrom(genAiIn, hints);
    if (msgs) {
      const outMsgs = messagesFrom(attributes['gen_ai.output.messages'], hints);
      hints.otel = true;
      return {
        messages: outMsgs ? msgs.concat(outMsgs) : msgs,
        tools: collectTools(inputs, attributes, hints),
        format: 'otel-genai'
      };
    }
  }

  if (!(Array.isArray(inputs) || isRecord(inputs))) {
    return null;
  }
  const ins = inputMessages(inputs, hints);
  if (!ins) {
    return null;
  }
  let messages = ins;
  const outs = outputMessages(outputs, hints);
  if (outs) {
    // LangGraph-style states return the whole conversation again.
    const repeats =
      outs.length >= ins.length &&
      ins.every(
        (m, i) => m.role === outs[i].role && m.content === outs[i].content
      );
    messages = repeats ? outs : ins.concat(outs);
  }
  return {
    messages,
    tools: collectTools(inputs, attributes, hints),
    format: formatName(hints, attributes, 'openai')
  };
}
