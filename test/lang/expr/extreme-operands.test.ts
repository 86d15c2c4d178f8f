// No template can spin or block the worker (issue 10). Every operator, filter, test, method
// and global, given the largest operands the limits allow, ends — with its value or a
// TemplateError — in well under a second of CPU time, far within the workflow task's 10 s
// timeout. The cases come from extreme-operands.ts, keyed by the registries, so a filter
// registered without a case fails here.
//
// Each case renders once; the first case of each name also renders repeated in a loop until
// the step budget is spent, which shows that the operation pays for the work it does
// (EXTREME_FULL=1 repeats every case). A template that spins is stopped by vm's timeout
// (test/support/template-fuzz/render-bounded.ts) and fails here instead of hanging the run.

import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_GLOBALS, FILTERS, METHOD_NAMES, TESTS } from '../../../workflows/lang/expr/filters/index.js';
import {
  renderBounded as renderBoundedWithin,
  type RenderOutcome,
} from '../../support/template-fuzz/render-bounded.js';
import {
  BINARY_OPERATORS,
  COMPARE_OPERATORS,
  LOGICAL_OPERATORS,
  UNARY_OPERATORS,
} from '../../../workflows/lang/expr/syntax/index.js';
import { EXTREME_CASES, EXTREME_TEMPLATES, ISSUE_CASES, extremeScope } from './extreme-operands.js';

/** CPU time per render: what the template itself costs, whatever else the machine runs. */
const CPU_BOUND_MS = 1_000;
/** Wall-clock time per render before it is stopped: a loaded CI machine, still far below 10 s. */
const WALL_LIMIT_MS = 6_000;
/** A syntax, undefined or security error would mean that the case is wrong, not that the engine is slow. */
const ACCEPTED = ['rendered', 'limit', 'type', 'value'];
const REPEAT_ALL = process.env['EXTREME_FULL'] === '1';

const repeated = (expression: string): string => `{% for i in range(100000) %}{% set r = ${expression} %}{% endfor %}`;
const scope = extremeScope();
const timings: { template: string; cpuMs: number; wallMs: number; outcome: string }[] = [];

function renderBounded(template: string): RenderOutcome {
  const outcome = renderBoundedWithin(template, scope, WALL_LIMIT_MS);
  timings.push({
    template,
    cpuMs: outcome.cpuMs,
    wallMs: outcome.wallMs,
    outcome: `${outcome.kind}: ${outcome.text.slice(0, 60)}`,
  });
  return outcome;
}

/** Ends in time, with its value or a TemplateError about the data. */
function expectBounded(template: string): RenderOutcome {
  const outcome = renderBounded(template);
  const described = `${template.slice(0, 200)} → ${outcome.kind} (${outcome.text.slice(0, 200)}) after ${Math.round(outcome.cpuMs)} ms of CPU, ${Math.round(outcome.wallMs)} ms in all`;
  expect(ACCEPTED, described).toContain(outcome.kind);
  expect(outcome.cpuMs, described).toBeLessThan(CPU_BOUND_MS);
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
const expressionCases = Object.entries(EXTREME_CASES).flatMap(([name, expressions]) =>
  expressions.map((expression) => [name, expression] as const),
);
const repeatedCases = REPEAT_ALL
  ? expressionCases
  : Object.entries(EXTREME_CASES).map(([name, [first = '']]) => [name, first] as const);
const templateCases = Object.entries(EXTREME_TEMPLATES).flatMap(([name, templates]) =>
  templates.map((template) => [name, template] as const),
);

afterAll(() => {
  const slowest = [...timings].sort((left, right) => right.cpuMs - left.cpuMs).slice(0, 10);
  const lines = slowest.map(
    ({ cpuMs, wallMs, template, outcome }) =>
      `${String(Math.round(cpuMs)).padStart(5)} ms CPU ${String(Math.round(wallMs)).padStart(6)} ms  ${template.slice(0, 100)}  (${outcome})`,
  );
  console.log(`extreme operands: ${timings.length} renders; the slowest:\n${lines.join('\n')}`);
});

describe('extreme operands', () => {
  it('has cases for every registered operator, filter, test, method and global', () => {
    const missing = registered.filter((name) => (EXTREME_CASES[name]?.length ?? 0) === 0);
    expect(missing, 'add extreme-operand cases to test/lang/expr/extreme-operands.ts').toEqual([]);
    const unknown = Object.keys(EXTREME_CASES).filter(
      (name) => !registered.includes(name) && !name.startsWith('access:'),
    );
    expect(unknown).toEqual([]);
  });

  it.each(expressionCases)('%s: %s ends in time', (_name, expression) => {
    expectBounded(`{% set r = ${expression} %}`);
  });

  it.each(repeatedCases)('%s: %s, repeated until the step budget is spent, ends in time', (_name, expression) => {
    expectBounded(repeated(expression));
  });

  it.each(templateCases)('%s: %s ends in time', (_name, template) => {
    expectBounded(template);
  });
});

describe('the slow templates of issue 10', () => {
  it.each(ISSUE_CASES)('%s', (_title, template, expected) => {
    const outcome = expectBounded(template);
    if (expected instanceof RegExp) expect(`${outcome.kind}: ${outcome.text}`).toMatch(expected);
    else expect(outcome.text).toBe(expected);
  });
});
