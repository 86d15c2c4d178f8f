// What compiling one file needs besides its text: the tools, the file reader for includes and
// sub-pipelines, and the ids seen so far (step ids are unique in the whole file).
import type { Node } from 'yaml';
import type { ToolDefinition } from '../tools/index.js';
import type { AutoTagIR, McpServerIR, PipelineIR, StepIR } from '../ir.js';
import type { ModelCatalogue } from './compile-model.js';
import type { SourceFile } from './source.js';
import type { ResultShape } from '../result-shape.js';
import type { StepDefaults } from './step-kinds/index.js';

/** Reads a file relative to the including file; the compiler itself does no I/O. */
export type ResolveFile = (fromFile: string, path: string) => { file: string; text: string } | ResolveProblem;

/** Why a file was not read: E_INCLUDE (or E_SUB_PIPELINE) unless the reader names a sharper code. */
export interface ResolveProblem {
  error: string;
  /** A file outside the allowed folders or not a regular file; a file past the size bound. */
  code?: 'E_INCLUDE_NOT_ALLOWED' | 'E_TOO_LARGE';
  hint?: string;
}

export interface CompileContext {
  source: SourceFile;
  tools: Readonly<Record<string, ToolDefinition>>;
  resolveFile?: ResolveFile;
  /** Compiles a sub-pipeline file (with cycle detection), or says why it cannot. */
  compileChild?: (
    fromFile: string,
    path: string,
    impliedParameters?: readonly string[],
  ) => { ir: PipelineIR } | ResolveProblem;
  ids: Map<string, { line: number }>;
  /** Steps that did not compile: references to them are not reported again (no cascades). */
  failedIds: Set<string>;
  /** Inputs a parent passes to an inline sub-pipeline that declares no parameters (py-orc). */
  impliedParameters?: readonly string[];
  /** The names in the pipeline's `mcp_servers`, known before the steps are compiled. */
  mcpServers?: readonly string[];
  /** Servers py-orc's `mcp-server` connect steps declare with a literal server_config: added to mcp_servers. */
  connectedMcpServers?: Record<string, McpServerIR>;
  /** The model registry's models and providers; without it model references are checked for form only. */
  models?: ModelCatalogue;
  /** Compiles a step of a nested list (a loop body), as the top level's steps are compiled. */
  compileStep(node: Node, pointer: string, defaults: StepDefaults, fallbackId?: string): CompiledStep | undefined;
}

/** A step list with what the checks after lowering need: nodes and nested lists. */
export interface CompiledStep {
  ir: StepIR;
  node: Node;
  pointer: string;
  idNode: Node | null;
  explicitDependencies: { id: string; node: Node }[];
  /** Routing targets as written, for the forward-only check. */
  jumps: { key: string; target: string; node: Node | null }[];
  /** Nested step lists: a loop's body, on_error handlers. */
  children: { role: 'body' | 'handlers'; steps: CompiledStep[] }[];
  /** Templates and expressions of the step itself (not of nested steps), for references. */
  templates: StepTemplate[];
  /** AUTO tags in the step's common keys (a condition written as a question). */
  autoTags?: AutoTagIR[];
  /** Names that count as defined in this step although nothing binds them (py-orc's inert `foreach`). */
  boundNames?: string[];
  /** py-orc keys present on the step that its templates might read as variables (`location`). */
  inertKeys?: string[];
  /**
   * The fields of the step's result (a tool action's `returns`): reads of `step.x` are checked
   * against them and the step value's own fields. Absent: open-ended, not checked.
   */
  resultFields?: readonly string[];
  /** What a result with no fields is, for the hint ("text (the model's answer)"). */
  resultSummary?: string;
  /** The result's shape below its fields, where declared: deeper reads are checked against it. */
  resultShape?: ResultShape;
}

export interface StepTemplate {
  text: string;
  node: Node;
  pointer: string;
  /** Expressions (conditions, for_each, while/until) are checked as expressions, not text. */
  expression: boolean;
  /** The loop's own while/until may read its body. */
  readsBody?: boolean;
  /** Secrets may appear here: the parameters of tool and model steps, which an activity receives. */
  secrets?: boolean;
}
