// No template can spin or block the worker (issue 10): every operator, filter, test, method
// and global, given the largest operands the limits allow, ends — with its value or a
// TemplateError — well within the workflow task's 10 s timeout. Each expression is rendered
// once, and once repeated until the step budget is spent, which shows that it pays for the
// work it does. The cases come from extreme-operands.ts, keyed by the registries, so a filter
// registered without a case fails here.
//
// A synchronous render cannot be interrupted by a timer; V8 stops code running under vm's
// `timeout` (loops and regular expressions included), so a template that spins becomes a
// failure that says so, not a stuck run.

import { createContext, runInContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BINARY_OPERATORS, COMPARE_OPERATORS, LOGICAL_OPERATORS, UNARY_OPERATORS } from '../../../workflows/lang/expr/ast.js';
import { FILTERS } from '../../../workflows/lang/expr/filters.js';
import { BUILTIN_GLOBALS } from '../../../workflows/lang/expr/globals.js';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';
import { METHOD_NAMES } from '../../../workflows/lang/expr/methods.js';
import { TESTS } from '../../../workflows/lang/expr/template-tests.js';
import { EXTREME_CASES, EXTREME_TEMPLATES, extremeScope } from './extreme-operands.js';

/**
 * Per render. Measured worst case on a quiet 2-core machine is in the summary this file prints;
 * the bound leaves room for a loaded CI machine and is still far below the 10 s task timeout.
 */
const BOUND_MS = 2_500;
const REPEATED = (expression: string): string => `{% for i in range(100000) %}{% set r = ${expression} %}{% endfor %}`;

/** A syntax, undefined or security error would mean the case is wrong, not the engine slow. */
const ACCEPTED = ['rendered', 'limit', 'type', 'value'];

const scope = extremeScope();
const sandbox = createContext({ run: (): unknown => undefined });
const timings: { name: string; template: string; ms: number; outcome: string }[] = [];

interface Outcome {
  /** 'rendered', the TemplateError's kind, 'timeout', or 'crash' (any other error). */
  readonly kind: string;
  readonly ms: number;
  readonly detail: string;
}

function renderWithin(template: string, limitMs: number): Outcome {
  sandbox.run = () => renderTemplate(template, scope, { now: () => '2024-03-05T14:07:09Z' });
  const started = performance.now();
  try {
    const text = runInContext('run()', sandbox, { timeout: limitMs, displayErrors: false }) as string;
    return { kind: 'rendered', ms: performance.now() - started, detail: `${text.length} characters` };
  } catch (error) {
    const ms = performance.now() - started;
    if ((error as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { kind: 'timeout', ms, detail: 'interrupted' };
    if (error instanceof TemplateError) return { kind: error.kind, ms, detail: error.message };
    return { kind: 'crash', ms, detail: String(error) };
  } finally {
    sandbox.run = () => undefined;
  }
}

/** Ends in time, with a value or a TemplateError that is about the data (not a typo in the case). */
function expectBounded(name: string, template: string): Outcome {
  const outcome = renderWithin(template, BOUND_MS);
  timings.push({ name, template, ms: outcome.ms, outcome: `${outcome.kind}: ${outcome.detail.slice(0, 80)}` });
  const described = `${template.slice(0, 200)} → ${outcome.kind} after ${Math.round(outcome.ms)} ms: ${outcome.detail.slice(0, 300)}`;
  expect(ACCEPTED.includes(outcome.kind), described).toBe(true);
  expect(outcome.ms, described).toBeLessThan(BOUND_MS);
  return outcome;
}

const registered = [
  ...[...FILTERS.keys()].map((name) => `filter:${name}`),
  ...[...TESTS.keys()].map((name) => `test:${name}`),
  ...[...BUILTIN_GLOBALS.keys()].map((name) => `global:${name}`),
  ...[...METHOD_NAMES.string, ...METHOD_NAMES.mapping].map((name) => `method:${name}`),
  ...[...BINARY_OPERATORS, ...COMPARE_OPERATORS, ...LOGICAL_OPERATORS].map((operator) => `operator:${operator}`),
  ...UNARY_OPERATORS.map((operator) => `unary:${operator}`),
];
const expressionCases = Object.entries(EXTREME_CASES).flatMap(([name, expressions]) => expressions.map((expression) => [name, expression] as const));
const templateCases = Object.entries(EXTREME_TEMPLATES).flatMap(([name, templates]) => templates.map((template) => [name, template] as const));

afterAll(() => {
  const slowest = [...timings].sort((left, right) => right.ms - left.ms).slice(0, 12);
  const lines = slowest.map(({ ms, template, outcome }) => `${String(Math.round(ms)).padStart(6)} ms  ${template.slice(0, 90)}  (${outcome})`);
  console.log(`extreme operands: ${timings.length} renders, slowest:\n${lines.join('\n')}`);
});

describe('extreme operands', () => {
  it('has cases for every registered operator, filter, test, method and global', () => {
    const missing = registered.filter((name) => (EXTREME_CASES[name]?.length ?? 0) === 0);
    expect(missing, 'add extreme-operand cases to test/lang/expr/extreme-operands.ts').toEqual([]);
    const unknown = Object.keys(EXTREME_CASES).filter((name) => !registered.includes(name) && !name.startsWith('access:'));
    expect(unknown).toEqual([]);
  });

  it.each(expressionCases)('%s: %s ends in time', (name, expression) => {
    expectBounded(name, `{% set r = ${expression} %}`);
  });

  it.each(expressionCases)('%s: %s, repeated until the step budget is spent, ends in time', (name, expression) => {
    expectBounded(name, REPEATED(expression));
  });

  it.each(templateCases)('%s: %s ends in time', (name, template) => {
    expectBounded(name, template);
  });
});
