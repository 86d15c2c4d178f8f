// Bounds on one compile, so that a generated file, an alias bomb or a file included many times
// costs bounded time and memory and ends in an E_TOO_LARGE diagnostic instead of an exhausted
// worker. One budget is shared by a file, its includes and its sub-pipelines: inclusion that
// multiplies its input spends the same budget each time it multiplies.

export const COMPILE_LIMITS = {
  /** Characters read: the file, every include expansion and every sub-pipeline compile, summed. */
  sourceCharacters: 4 * 1024 * 1024,
  /** YAML nodes built, after aliases are expanded, in all files of the compile. */
  yamlNodes: 500_000,
  /** Steps at every level (loop bodies, handlers, sub-pipelines). */
  steps: 10_000,
  /** Levels of nested mappings and lists in one file: the compiler's walks stay shallow. */
  nesting: 200,
  /** yaml's own bound on alias expansion (its `maxAliasCount`, default kept). */
  aliasCount: 100,
  /** Inclusions (`<< path >>`, `{{ file:path }}`), each time one is expanded: an include bomb of empty files costs no text. */
  includes: 1_000,
  /** Bytes of one included file or sub-pipeline file; the reader (client/pipeline-files.ts) stops there. */
  fileBytes: 4 * 1024 * 1024,
} as const;

export type BudgetKind = 'sourceCharacters' | 'yamlNodes' | 'steps' | 'includes';

const WHAT: Record<BudgetKind, string> = {
  sourceCharacters: 'characters of pipeline text (the file, its includes and sub-pipelines)',
  yamlNodes: 'YAML values (after aliases are expanded)',
  steps: 'steps (loop bodies, handlers and sub-pipelines included)',
  includes: 'includes (each time a file is included counts, nested includes too)',
};

/** What one compile has spent; shared by reference with the sub-pipelines it compiles. */
export class CompileBudget {
  private readonly spent: Record<BudgetKind, number> = { sourceCharacters: 0, yamlNodes: 0, steps: 0, includes: 0 };

  /** Spends `amount`; false (and nothing spent) when that would pass the bound. */
  spend(kind: BudgetKind, amount: number): boolean {
    if (this.spent[kind] + amount > COMPILE_LIMITS[kind]) return false;
    this.spent[kind] += amount;
    return true;
  }

  static message(kind: BudgetKind): string {
    return `the pipeline is too large to compile: more than ${groupDigits(COMPILE_LIMITS[kind])} ${WHAT[kind]}`;
  }

  static readonly hint =
    'split the work into smaller pipelines run one after another, or include fewer and smaller files (a file included in many places counts each time)';
}

/** 4194304 → "4,194,304", without the locale tables toLocaleString depends on. */
export function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
