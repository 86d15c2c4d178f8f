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
  E_NOT_A_MAPPING: 'a mapping was expected',
  E_UNKNOWN_KEY: 'a key that the language does not know',
  E_MISSING_KEY: 'a required key is missing',
  E_TYPE: 'a value of the wrong type',
  E_INVALID_ID: 'an identifier with characters that are not allowed',
  E_DUPLICATE_STEP: 'two steps share an id',
  E_UNKNOWN_STEP: 'a reference to a step that does not exist',
  E_UNKNOWN_NAME: 'a template reads a name that is neither a parameter, a step nor a run variable',
  E_DEPENDENCY_CYCLE: 'steps that depend on each other in a circle',
  E_STEP_KIND: 'a step that is not exactly one kind',
  E_UNKNOWN_TOOL: 'a tool that does not exist',
  E_UNKNOWN_ACTION: 'an action the tool does not offer',
  E_TOOL_PARAMETER: 'a tool parameter that is unknown, missing or of the wrong type',
  E_TEMPLATE_SYNTAX: 'a template that does not parse',
  E_PARAMETER: 'a parameter declaration that is not valid',
  E_DURATION: 'a duration that cannot be read',
  E_UNSUPPORTED: 'a construct or tool that orc does not offer (or not yet)',
  E_MODEL_REFERENCE: 'a model reference that cannot be read',
  E_LOOP_BODY_REFERENCE: "a reference into a loop body (or handlers) from outside it",
  E_ROUTE_TARGET: 'a routing target that is not a later step of the same list',
  E_SECRET_PLACEMENT: 'a secret where secrets may not go (conditions, loops, outputs)',
  E_INCLUDE: 'an include that cannot be read, or includes in a cycle',
  E_SUB_PIPELINE: 'a sub-pipeline that cannot be read or compiled, or inputs that do not fit it',
  W_DUPLICATE_KEY: 'a key repeated in one mapping (the last one wins)',
  W_INERT_KEY: 'a key that py-orc accepts but that has no effect',
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

/** "did you mean": the closest candidate within edit distance 3 and similarity above 0.4. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Farther apart in length than the distance allowed: cannot match, and the table is costly.
    if (Math.abs(candidate.length - word.length) > 3) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    const similarity = 1 - distance / Math.max(word.length, candidate.length, 1);
    if (distance <= 3 && similarity > 0.4 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Damerau–Levenshtein (optimal string alignment), so a swap of two letters counts once. */
export function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)));
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      const current = table[row]!;
      const previous = table[row - 1]!;
      current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        current[column] = Math.min(current[column]!, table[row - 2]![column - 2]! + 1);
      }
    }
  }
  return table[left.length]![right.length]!;
}
