// Resource limits: every template ends, quickly, whatever its author wrote.

import { limitError } from './template-error.js';
import type { SourceSpan } from './template-error.js';

export interface TemplateLimits {
  /** Characters of rendered text, and of any single string a template builds. */
  maxOutputChars: number;
  /** Loop iterations over a whole render, nested loops included. */
  maxLoopIterations: number;
  /** Evaluation steps over a whole render; filters pay in proportion to their work. */
  maxSteps: number;
  /** Nesting of evaluation, and of data walked by filters such as tojson. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: TemplateLimits = Object.freeze({
  maxOutputChars: 1_000_000,
  maxLoopIterations: 100_000,
  maxSteps: 2_000_000,
  maxDepth: 200,
});

/** Limits that do not depend on the caller: they protect the parser itself. */
export const MAX_TEMPLATE_CHARS = 1_000_000;
/** Brackets, unary operators and block statements nested inside each other. */
export const MAX_NESTING = 100;
/** Depth of one expression's syntax tree, long operator chains included. */
export const MAX_EXPRESSION_DEPTH = 150;
/** As Jinja2's sandbox (MAX_RANGE). */
export const MAX_RANGE = 100_000;
/** Elements of a list a template builds (`[0] * n`, `xs + ys`). */
export const MAX_LIST_LENGTH = 1_000_000;
export const MAX_REGEX_PATTERN_CHARS = 1_000;
export const MAX_REGEX_INPUT_CHARS = 200_000;

export function resolveLimits(overrides: Partial<TemplateLimits> | undefined): TemplateLimits {
  const limits = { ...DEFAULT_LIMITS };
  if (overrides === undefined) return limits;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof TemplateLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new TypeError(`template limit ${key} must be a positive number, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/**
 * What a unit of work costs in evaluation steps. One step is about what evaluating one node
 * of an expression costs (a fraction of a microsecond); every operation pays in these units
 * for the work it really does, so that spending the whole `maxSteps` budget takes well under
 * a second whatever the template does.
 */
export const COSTS = Object.freeze({
  /** A character scanned or copied by the runtime's native string code. */
  char: 1 / 16,
  /** A list element copied or built by the runtime, or a character handled one at a time. */
  item: 1 / 4,
  /** A value handled by the engine's own code: a callback, a hash insertion, a lookup. */
  call: 2,
  /** A mapping key listed: large objects make the runtime slow at listing their keys. */
  key: 6,
  /** One step of the regular-expression machine. */
  regexStep: 1 / 2,
});

/** The running totals of one render, checked against its limits. */
export class Budget {
  private steps = 0;
  private iterations = 0;
  private depth = 0;
  private outputChars = 0;

  constructor(readonly limits: TemplateLimits) {}

  step(span?: SourceSpan): void {
    this.steps += 1;
    if (this.steps > this.limits.maxSteps) this.stepsExceeded(span);
  }

  /** Work worth `units` evaluation steps; fractions add up. */
  charge(units: number, span?: SourceSpan): void {
    this.steps += units;
    if (this.steps > this.limits.maxSteps) this.stepsExceeded(span);
  }

  chargeChars(chars: number, span?: SourceSpan): void {
    this.charge(chars * COSTS.char, span);
  }

  chargeItems(items: number, span?: SourceSpan): void {
    this.charge(items * COSTS.item, span);
  }

  chargeCalls(calls: number, span?: SourceSpan): void {
    this.charge(calls * COSTS.call, span);
  }

  chargeKeys(keys: number, span?: SourceSpan): void {
    this.charge(keys * COSTS.key, span);
  }

  /** Steps left before the limit: what an interruptible loop (the regex machine) may spend. */
  get remainingSteps(): number {
    return Math.max(this.limits.maxSteps - this.steps, 0);
  }

  /**
   * What handing `value` to a filter, test or method costs: its size where that is known
   * without walking it. Walking a mapping's keys is charged by whoever walks them.
   */
  chargeValue(value: unknown): void {
    if (typeof value === 'string') this.chargeChars(value.length);
    else if (Array.isArray(value)) this.chargeItems(value.length);
    else this.charge(COSTS.item);
  }

  iteration(span?: SourceSpan): void {
    this.iterations += 1;
    if (this.iterations > this.limits.maxLoopIterations) {
      throw limitError(
        `the template ran more than ${this.limits.maxLoopIterations} loop iterations (limit maxLoopIterations)`,
        span,
      );
    }
    this.step(span);
  }

  enter(span?: SourceSpan): void {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth) {
      throw limitError(`the template nests deeper than ${this.limits.maxDepth} levels (limit maxDepth)`, span);
    }
  }

  leave(): void {
    this.depth -= 1;
  }

  output(chars: number, span?: SourceSpan): void {
    this.outputChars += chars;
    if (this.outputChars > this.limits.maxOutputChars) {
      throw limitError(
        `the rendered text is longer than ${this.limits.maxOutputChars} characters (limit maxOutputChars)`,
        span,
      );
    }
  }

  /** Refuses to build a string longer than the output limit, before building it. */
  checkStringLength(length: number, span?: SourceSpan): void {
    if (length > this.limits.maxOutputChars) {
      throw limitError(
        `the template would build a string of ${length} characters; the limit is ${this.limits.maxOutputChars} (maxOutputChars)`,
        span,
      );
    }
    this.chargeChars(length, span);
  }

  /** As checkStringLength, for a string built piece by piece: refuses it once it is too long. */
  checkGrowingString(length: number, span?: SourceSpan): void {
    if (length > this.limits.maxOutputChars) {
      throw limitError(
        `the template would build a string of more than ${this.limits.maxOutputChars} characters (limit maxOutputChars)`,
        span,
      );
    }
  }

  checkListLength(length: number, span?: SourceSpan): void {
    if (length > MAX_LIST_LENGTH) {
      throw limitError(`the template would build a list of ${length} items; the limit is ${MAX_LIST_LENGTH}`, span);
    }
    this.chargeItems(length, span);
  }

  private stepsExceeded(span?: SourceSpan): never {
    throw limitError(`the template took more than ${this.limits.maxSteps} evaluation steps (limit maxSteps)`, span);
  }
}
