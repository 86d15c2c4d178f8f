// A tool's declared shape: pure data, so the compiler can check parameters statically and the
// JSON Schema can list them. The implementations live in activities/tools/.

export type ToolParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';

export interface ToolParameterSpec {
  type: ToolParameterType;
  description: string;
  required?: boolean;
  default?: unknown;
  /** The accepted values, so a misspelt literal choice (`format: mardown`) fails at compile time. */
  enum?: readonly unknown[];
  /**
   * Other names accepted for this parameter: py-orc pipelines spell some parameters differently
   * (`working_dir` for `cwd`), and accepting them keeps those pipelines valid while each
   * definition documents one canonical name.
   */
  aliases?: readonly string[];
}

export interface ToolActionSpec {
  description: string;
  parameters: Readonly<Record<string, ToolParameterSpec>>;
  /** The result's shape, for documentation and for authors reading `step.result`. */
  result: string;
  /**
   * The result's top-level fields: `{{ step.field }}` and `{{ step.result.field }}` are checked
   * against them at compile time (E_UNKNOWN_RESULT_FIELD). Absent: the result is open-ended and
   * reads of it are not checked (a custom tool that declares none).
   */
  returns?: readonly string[];
  /**
   * Parameters py-orc accepts that have no effect here → what happens instead: a W_INERT_KEY
   * warning, and the value is not passed to the tool.
   */
  inert?: Readonly<Record<string, string>>;
  /** Other accepted action names, for py-orc spellings (`terminal.execute_command`). */
  aliases?: readonly string[];
}

export interface ToolDefinition {
  name: string;
  description: string;
  actions: Readonly<Record<string, ToolActionSpec>>;
}

export function defineTool<const Definition extends ToolDefinition>(definition: Definition): Definition {
  return definition;
}
