// The language's keys, in one place: what each mapping may hold, py-orc's aliases, and the
// keys py-orc accepts that do nothing (warned about by name, never silently dropped).
import type { KeyTable } from './mapping.js';
import type { ModelActionIR } from '../ir.js';
import {
  APPROVAL_SHAPE,
  BUDGET_SHAPE,
  CACHE_SHAPE,
  DEFAULTS_SHAPE,
  MCP_SERVER_SHAPE,
  PARALLEL_QUEUE_SHAPE,
  PARALLEL_TASK_SHAPE,
  PARAMETER_SHAPE,
  PIPELINE_ALIASES,
  PIPELINE_INERT_KEYS,
  PIPELINE_UNKNOWN_KEYS,
  PIPELINE_SHAPE,
  REQUIRES_MODEL_SHAPE,
  RETRY_SHAPE,
  SCHEDULE_SHAPE,
  STEP_ALIASES,
  STEP_INERT_KEYS,
  STEP_SHAPE,
} from './language-schema.js';

export const PIPELINE_KEYS: KeyTable = {
  what: 'pipeline',
  known: Object.keys(PIPELINE_SHAPE),
  aliases: PIPELINE_ALIASES,
  inert: PIPELINE_INERT_KEYS,
  othersInert: PIPELINE_UNKNOWN_KEYS,
};

export const STEP_KEYS: KeyTable = {
  what: 'step',
  known: Object.keys(STEP_SHAPE),
  aliases: STEP_ALIASES,
  inert: STEP_INERT_KEYS,
  nested: { under: 'parameters', keys: ['prompt', 'messages', 'schema', 'text'] },
  misplaced: {
    type: 'a step says what it does by its keys, not by "type:": approval: {title: …}, wait: 10s, pipeline: file.yaml, for_each: …, tool: + action:, or a model action: (generate, agent, …)',
  },
};

export const RETRY_KEYS: KeyTable = { what: 'retry policy', known: Object.keys(RETRY_SHAPE) };

export const PARAMETER_KEYS: KeyTable = { what: 'parameter', known: Object.keys(PARAMETER_SHAPE) };

export const DEFAULTS_KEYS: KeyTable = { what: 'defaults', known: Object.keys(DEFAULTS_SHAPE) };
export const CACHE_KEYS: KeyTable = { what: 'cache', known: Object.keys(CACHE_SHAPE) };
export const BUDGET_KEYS: KeyTable = { what: 'budget', known: Object.keys(BUDGET_SHAPE) };
export const SCHEDULE_KEYS: KeyTable = { what: 'schedule', known: Object.keys(SCHEDULE_SHAPE) };
export const MCP_SERVER_KEYS: KeyTable = { what: 'MCP server', known: Object.keys(MCP_SERVER_SHAPE) };
export const APPROVAL_KEYS: KeyTable = { what: 'approval', known: Object.keys(APPROVAL_SHAPE) };
export const REQUIRES_MODEL_KEYS: KeyTable = { what: 'requires_model', known: Object.keys(REQUIRES_MODEL_SHAPE) };
export const PARALLEL_QUEUE_KEYS: KeyTable = {
  what: 'create_parallel_queue',
  known: Object.keys(PARALLEL_QUEUE_SHAPE),
};
export const PARALLEL_TASK_KEYS: KeyTable = {
  what: 'create_parallel_queue task',
  known: Object.keys(PARALLEL_TASK_SHAPE),
};

/** Names a template may read besides parameters and step ids. */
export const RUN_VARIABLES = [
  'parameters',
  'inputs',
  'steps',
  'execution',
  'execution_id',
  'pipeline_id',
  'timestamp',
  'secrets',
] as const;

/** Loop variables inside a `for_each` body (besides the `as` name). */
export const FOR_EACH_VARIABLES = ['$item', 'index', '$index', '$is_first', '$is_last'] as const;
/** py-orc's name for a while/until loop's iteration (`<loop id>.iteration`), from 0. */
export const LOOP_VARIABLES = ['$iteration'] as const;

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Names that would reach JavaScript's object machinery if used as keys: never ids. */
export function isReservedName(name: string): boolean {
  return name.startsWith('__') || name === 'constructor' || name === 'prototype';
}

export const MODEL_ACTIONS: Readonly<Record<string, ModelActionIR>> = {
  generate: 'generate',
  generate_text: 'generate',
  'generate-text': 'generate',
  generate_structured: 'generate_structured',
  'generate-structured': 'generate_structured',
  analyze_text: 'analyze_text',
  analyze: 'analyze_text',
  agent: 'agent',
  generate_image: 'generate_image',
  'generate-image': 'generate_image',
  transcribe_audio: 'transcribe_audio',
  transcribe: 'transcribe_audio',
  generate_speech: 'generate_speech',
  text_to_speech: 'generate_speech',
};
