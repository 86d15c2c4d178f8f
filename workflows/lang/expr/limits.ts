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

  /** Work proportional to `units` elements (or 16 characters) of data. */
  charge(units: number, span?: SourceSpan): void {
    this.steps += Math.ceil(units);
    if (this.steps > this.limits.maxSteps) this.stepsExceeded(span);
  }

  chargeChars(chars: number, span?: SourceSpan): void {
    this.charge(chars / 16, span);
  }

  /** What handing `value` to a filter, test or method costs: its size. */
  chargeValue(value: unknown): void {
    if (typeof value === 'string') this.chargeChars(value.length);
    else if (Array.isArray(value)) this.charge(value.length / 4);
    else if (typeof value === 'object' && value !== null) this.charge(Object.keys(value).length / 4);
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

  checkListLength(length: number, span?: SourceSpan): void {
    if (length > MAX_LIST_LENGTH) {
      throw limitError(`the template would build a list of ${length} items; the limit is ${MAX_LIST_LENGTH}`, span);
    }
    this.charge(length / 4, span);
  }

  private stepsExceeded(span?: SourceSpan): never {
    throw limitError(`the template took more than ${this.limits.maxSteps} evaluation steps (limit maxSteps)`, span);
  }
}
