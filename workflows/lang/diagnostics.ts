// Diagnostics: user mistakes as data. Every one has a stable code, a 1-based range and a hint.

export type Severity = 'error' | 'warning';

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic {
  file: string;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  hint?: string;
  range: SourceRange;
  /** JSON pointer of the offending node, e.g. `/steps/1/parameters/path`. */
  pointer: string;
}

/** Stable codes; each is documented in docs/diagnostics.md and has a golden test. */
export const DIAGNOSTIC_CODES = {
  E_YAML_SYNTAX: 'the file is not valid YAML',
  E_YAML_ALIAS: 'an alias without an anchor before it, inside its own anchor, or expanding too much',
  E_YAML_MERGE: 'a merge key (<<) whose value is not a mapping or a list of mappings',
  E_TOO_LARGE: 'a pipeline past a compile bound: text, YAML values, steps, nesting, includes or the size of one file',
  E_NOT_A_MAPPING: 'a mapping was expected',
  E_UNKNOWN_KEY: 'a key that the language does not know',
  E_MISSING_KEY: 'a required key is missing',
  E_TYPE: 'a value of the wrong type',
  E_INVALID_ID: 'an identifier with characters that are not allowed',
  E_DUPLICATE_STEP: 'two steps share an id',
  E_UNKNOWN_STEP: 'a reference to a step that does not exist',
  E_UNKNOWN_NAME: 'a template reads a name that is neither a parameter, a step nor a run variable',
  E_UNKNOWN_RESULT_FIELD: "a template reads a field that the step's result does not have",
  E_DEPENDENCY_CYCLE: 'steps that depend on each other in a circle',
  E_STEP_KIND: 'a step that is not exactly one kind',
  E_UNKNOWN_TOOL: 'a tool that does not exist',
  E_UNKNOWN_ACTION: 'an action the tool does not offer',
  E_TOOL_PARAMETER: 'a tool parameter that is unknown, missing or of the wrong type',
  E_MCP_SERVER: 'an mcp step names a server that mcp_servers does not declare',
  E_EXECUTION: 'a step that asks to run as a local activity where it cannot (it names another task queue)',
  E_TEMPLATE_SYNTAX: 'a template that does not parse',
  E_PARAMETER: 'a parameter declaration that is not valid',
  E_DURATION: 'a duration that cannot be read',
  E_CACHE: 'a cache setting that is not true, false or { ttl: DURATION }',
  E_UNSUPPORTED: 'a construct or tool that orc does not offer (or not yet)',
  E_MODEL_REFERENCE: 'a model reference that cannot be read',
  E_UNKNOWN_MODEL: 'a model the registry has no price for',
  E_MEDIA:
    "a model step's media entry that is not a file or URL, not a kind models read, or that its model cannot read",
  E_LOOP_BODY_REFERENCE: 'a reference into a loop body (or handlers) from outside it',
  E_ROUTE_TARGET: 'a routing target that is not a later step of the same list',
  E_SECRET_PLACEMENT: 'a secret where secrets may not go (anywhere but the parameters of tool and model steps)',
  E_SECRET_NAME: 'a secret read by a name that is not written out, or that is not a secret name',
  E_INCLUDE: 'an include that cannot be read, or includes in a cycle',
  E_INCLUDE_NOT_ALLOWED:
    "an include or sub-pipeline outside the pipeline's folder and ORC_INCLUDE_PATHS, or not a regular file",
  E_SUB_PIPELINE: 'a sub-pipeline that cannot be read or compiled, or inputs that do not fit it',
  W_DUPLICATE_KEY: 'a key repeated in one mapping (the last one wins)',
  W_YAML_INDENT:
    'a quoted string or flow collection whose continuation lines are indented less than YAML allows (read as PyYAML reads it)',
  W_INERT_KEY: 'a key that py-orc accepts but that has no effect',
  W_UNKNOWN_RESULT_FIELD: "an output reads a field that the step's result does not have (it is null, as in py-orc)",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function compareDiagnostics(left: Diagnostic, right: Diagnostic): number {
  return (
    compareText(left.file, right.file) ||
    left.range.line - right.range.line ||
    left.range.column - right.range.column ||
    compareText(left.code, right.code) ||
    compareText(left.message, right.message)
  );
}

/** Code-point order: stable everywhere, unlike locale collation. */
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

// One "did you mean" for the whole language: the compiler's diagnostics and the template
// engine's messages suggest alike.
export { closestMatch, editDistance } from './expr/index.js';
