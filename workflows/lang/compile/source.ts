// A parsed pipeline file: its YAML tree with positions, and the reporter that turns a node and
// a message into a diagnostic with a 1-based range.
import { isNode, isScalar, parseDocument, type Document, type Node } from 'yaml';
import { resolveAliases } from './aliases.js';
import { readSimpleYaml } from './fast-yaml.js';
import { parseLeniently } from './lenient-indent.js';
import { reportYamlErrors } from './yaml-errors.js';
import { resolveMergeKeys } from './merge-keys.js';
import { protectAutoTags, restoreAutoTags, usesPrivateCharacters } from './auto-tags.js';
import { closestMatch, type Diagnostic, type DiagnosticCode, type Severity, type SourceRange } from '../diagnostics.js';
import { COMPILE_LIMITS, CompileBudget, type BudgetKind } from './limits.js';
import { NESTING_HINT, nestingMessage, walkTree } from './yaml-tree.js';

const MAX_DIAGNOSTICS_PER_VALUE = 20;
const MAX_STEP_SUGGESTIONS = 100;

export class SourceFile {
  readonly document: Document.Parsed;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly budget = new CompileBudget(),
  ) {
    // Past the budget the text is not even parsed: parsing is what costs time and memory.
    const withinBudget = this.spend('sourceCharacters', text.length, [0, 1]);
    // uniqueKeys off: a repeated key is our warning (last wins, as in py-orc), not a parse error.
    // AUTO tags are made inert for the parser and restored in every scalar afterwards.
    const parsed = withinBudget ? text : '';
    const protectedText = usesPrivateCharacters(parsed) ? parsed : protectAutoTags(parsed);
    // Only a file with AUTO tags has anything to restore: skip a walk over every node otherwise.
    const protect = protectedText !== parsed;
    // The fast reader takes the common shape and builds the same tree; the rest goes to yaml.
    const result = parseLeniently(
      protectedText,
      (input) =>
        readSimpleYaml(input) ?? parseDocument(input, { prettyErrors: false, uniqueKeys: false, strict: false }),
    );
    this.document = result.document;
    // PyYAML reads these; other YAML tools (editors among them) do not, so the file says so.
    for (const place of result.places)
      this.reportAt(
        'warning',
        'W_YAML_INDENT',
        place.start,
        place.end,
        `this line of a ${place.what} is indented less than YAML allows; read as PyYAML reads it`,
        '',
        'indent the continuation lines deeper than the key the value belongs to',
      );
    if (protect) {
      walkTree(this.document.contents, ({ node }) => {
        if (isScalar(node) && typeof node.value === 'string') node.value = restoreAutoTags(node.value);
      });
    }
    reportYamlErrors(this, this.document.errors);
    if (!this.hasErrors() && this.checkSize() && resolveAliases(this)) resolveMergeKeys(this);
  }

  hasErrors(): boolean {
    return this.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  }

  /** The parsed tree within the nesting bound and the node budget; false after a diagnostic. */
  private checkSize(): boolean {
    let nodes = 0;
    let tooDeep: Node | undefined;
    walkTree(this.document.contents, ({ node, depth }) => {
      nodes++;
      if (depth > COMPILE_LIMITS.nesting) tooDeep ??= node;
      return tooDeep === undefined;
    });
    if (tooDeep) this.report('error', 'E_TOO_LARGE', tooDeep, '', nestingMessage(), NESTING_HINT);
    else this.spend('yamlNodes', nodes, this.document.contents ?? [0, 1]);
    return !this.hasErrors();
  }

  rangeOf(node: unknown, fallbackOffset = 0): SourceRange {
    const [start, end] =
      isNode(node) && node.range ? [node.range[0], node.range[1]] : [fallbackOffset, fallbackOffset + 1];
    return this.range(start, Math.max(end, start + 1));
  }

  range(start: number, end: number): SourceRange {
    const from = this.position(start);
    const to = this.position(end);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /**
   * 1-based line and column of an offset, from the text itself: the parser's LineCounter
   * misses line breaks inside some tokens of a broken file, and a diagnostic must still point
   * at a real place.
   */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - starts[low]! + 1 };
  }

  private get lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let index = this.text.indexOf('\n'); index !== -1; index = this.text.indexOf('\n', index + 1))
        this.starts.push(index + 1);
    }
    return this.starts;
  }

  private starts: number[] | undefined;

  /**
   * False once a node has had enough diagnostics: the same mistake repeated thousands of times
   * in one value is one problem to fix, and reporting each would cost time quadratic in size.
   */
  allowMoreAbout(node: Node): boolean {
    const count = (this.perNode.get(node) ?? 0) + 1;
    this.perNode.set(node, count);
    return count <= MAX_DIAGNOSTICS_PER_VALUE;
  }

  private readonly perNode = new Map<Node, number>();

  /**
   * "Did you mean" among the step ids: each costs an edit distance per step, so in a generated
   * file with thousands of wrong names only the first ones get a suggestion (time stays linear).
   */
  suggestStep(word: string, candidates: Iterable<string>): string | undefined {
    if (this.stepSuggestionsLeft <= 0) return undefined;
    this.stepSuggestionsLeft -= 1;
    return closestMatch(word, candidates);
  }

  private stepSuggestionsLeft = MAX_STEP_SUGGESTIONS;

  /** True once a compile bound was hit in this file (said once; the rest is not checked). */
  exceededBudget = false;

  /** Spends from the shared budget; past it, reports E_TOO_LARGE once for this file. */
  spend(kind: BudgetKind, amount: number, where: Node | [number, number]): boolean {
    if (this.budget.spend(kind, amount)) return true;
    if (!this.exceededBudget) {
      const [start, end] = Array.isArray(where) ? where : (where.range ?? [0, 1]);
      this.reportAt(
        'error',
        'E_TOO_LARGE',
        start,
        Math.max(end, start + 1),
        CompileBudget.message(kind),
        '',
        CompileBudget.hint,
      );
    }
    this.exceededBudget = true;
    return false;
  }

  report(
    severity: Severity,
    code: DiagnosticCode,
    node: Node | unknown,
    pointer: string,
    message: string,
    hint?: string,
  ): void {
    this.diagnostics.push({ file: this.file, severity, code, message, hint, range: this.rangeOf(node), pointer });
  }

  reportAt(
    severity: Severity,
    code: DiagnosticCode,
    start: number,
    end: number,
    message: string,
    pointer: string,
    hint?: string,
  ): void {
    this.diagnostics.push({ file: this.file, severity, code, message, hint, range: this.range(start, end), pointer });
  }

  /**
   * Where `value.slice(offset, offset + length)` of a scalar stands in the file. Quotes and
   * escapes shift offsets, so the same text is looked up in the node's source instead.
   */
  offsetInScalar(node: Node, value: string, offset: number, length: number): [number, number] {
    const [start, end] = node.range ?? [0, 0];
    const wanted = value.slice(offset, offset + length);
    // Fast path: plain and quoted one-line scalars without escapes map offsets one to one.
    for (const shift of [0, 1]) {
      const candidate = start + shift + offset;
      if (wanted !== '' && this.text.startsWith(wanted, candidate) && candidate + wanted.length <= end)
        return [candidate, candidate + wanted.length];
    }
    const raw = this.text.slice(start, end);
    let occurrence = 0;
    for (let index = value.indexOf(wanted); index !== -1 && index < offset; index = value.indexOf(wanted, index + 1))
      occurrence++;
    let found = -1;
    for (let seen = 0; seen <= occurrence; seen++) {
      found = raw.indexOf(wanted, found + 1);
      if (found === -1) break;
    }
    return found === -1 || wanted === ''
      ? [start, Math.max(end, start + 1)]
      : [start + found, start + found + wanted.length];
  }
}

/** JSON pointer segment escaping (RFC 6901). */
export function pointerJoin(base: string, segment: string | number): string {
  return `${base}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
