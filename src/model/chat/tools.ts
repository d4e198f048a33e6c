/**
 * Tool definitions offered to a model, in every format's shape: OpenAI
 * `{type: function, function: {…}}`, Responses and plain `{name, parameters}`,
 * Anthropic `input_schema`, Bedrock `toolSpec`, Gemini `function_declarations`,
 * PydanticAI `parameters_json_schema`, LangChain `args_schema`.
 */

import { isRecord, toStr } from '../json';
import type { IChatTool } from '../types';

function toolFrom(raw: unknown): IChatTool | null {
  if (!isRecord(raw)) {
    return null;
  }
  const fn = isRecord(raw.function)
    ? raw.function
    : isRecord(raw.toolSpec)
      ? raw.toolSpec
      : raw;
  const name = toStr(fn.name);
  if (name === undefined) {
    return null;
  }
  const tool: IChatTool = { name };
  const description = toStr(fn.description);
  if (description !== undefined) {
    tool.description = description;
  }
  const bedrockSchema = isRecord(fn.inputSchema)
    ? fn.inputSchema.json
    : undefined;
  const parameters =
    fn.parameters ??
    fn.input_schema ??
    fn.parameters_json_schema ??
    bedrockSchema ??
    fn.args_schema;
  if (parameters !== undefined && parameters !== null) {
    tool.parameters = parameters;
  }
  return tool;
}

/** Definitions in a list; Gemini's `{function_declarations: […]}` groups are flattened. */
export function toolsFrom(list: unknown): IChatTool[] {
  if (!Array.isArray(list)) {
    return [];
  }
  const out: IChatTool[] = [];
  for (const raw of list) {
    const group = isRecord(raw)
      ? (raw.function_declarations ?? raw.functionDeclarations)
      : undefined;
    if (Array.isArray(group)) {
      out.push(...toolsFrom(group));
      continue;
    }
    const tool = toolFrom(raw);
    if (tool) {
      out.push(tool);
    }
  }
  return out;
}

/**
 * The tools of a span: MLflow's normalized `mlflow.chat.tools` first, then
 * the lists the adapter names (`inputs.tools`, `toolConfig.tools`, …).
 */
export function spanTools(
  attributes: Record<string, unknown>,
  ...candidates: unknown[]
): IChatTool[] {
  for (const list of [attributes['mlflow.chat.tools'], ...candidates]) {
    const tools = toolsFrom(list);
    if (tools.length > 0) {
      return tools;
    }
  }
  return [];
}
