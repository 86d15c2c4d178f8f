// Conformance with real Jinja2. cases.json holds the templates Jinja2 3.1.2's own test suite
// renders, with the context it renders them with, and what real Jinja2 — configured as py-orc
// configures it — gives for each (jinja2-cases.py made it). Every run compares our engine
// with those expectations; where a Python with Jinja2 3.1.2 is at hand (CI installs Debian's
// python3-jinja2), every case is also rendered again by real Jinja2, so the expectations stay
// what Jinja2 says. Where we differ by design, the case is listed below with its reason and
// with what we give instead, so that neither side can change unnoticed.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';

interface ConformanceCase {
  readonly id: string;
  readonly template: string;
  readonly context?: Record<string, unknown>;
  readonly expected?: string;
  readonly error?: string;
  readonly message?: string;
  readonly outOfScope?: string;
}

interface CasesFile {
  readonly jinja2: string;
  readonly settings: string;
  readonly cases: readonly ConformanceCase[];
}

const casesPath = fileURLToPath(new URL('cases.json', import.meta.url));
const scriptPath = fileURLToPath(new URL('jinja2-cases.py', import.meta.url));
const casesFile = JSON.parse(readFileSync(casesPath, 'utf8')) as CasesFile;
const inScope = casesFile.cases.filter((entry) => entry.outOfScope === undefined);
const outOfScope = casesFile.cases.filter((entry) => entry.outOfScope !== undefined);

/** Why we render differently from Jinja2, on purpose. */
const REASONS = {
  jsonInText:
    'Lists and mappings inside text render as JSON (pipeline-language.md §5), not as Python reprs: ["a"] for ' +
    '[\'a\'], a tuple is a list, and mapping keys are strings ({1: 2} has the key "1").',
  javascriptNumbers:
    'Numbers render as JavaScript writes them (pipeline-language.md §5): a whole float has no ".0" (42.0 is 42), ' +
    'and exponents have no padding (2.56e-9).',
  exactIntegers:
    'Numbers are JSON numbers (doubles): an integer beyond 2**53 - 1 cannot be held exactly, so it is refused with ' +
    'an error saying so instead of silently becoming a neighbouring number.',
  namesCheckedAtParse:
    'An unknown filter or test is a syntax error wherever it stands, so `orc validate` reports the typo before a ' +
    'run; Jinja2 3.1.2 waits until the branch that uses it runs.',
  immutableValues:
    'Values are immutable plain JSON: lists and mappings have no mutating methods (append, pop, clear), so a ' +
    'render changes nothing but its output and replays the same.',
  noStrFormat:
    'Strings have no format/format_map method; the format filter (printf-style, as Jinja2 documents it) and ~ ' +
    'cover formatting.',
  undefinedWhereRead:
    'An undefined name is an error where it is read, even inside a list or mapping literal; StrictUndefined lets ' +
    'it sit in a literal until something uses it.',
} as const;

type Ours = { readonly text: string } | { readonly error: true };

/** The cases where we differ from Jinja2 by design: why, and what we give instead. */
const DIFFERENCES: Readonly<Record<string, { readonly reason: keyof typeof REASONS; readonly ours: Ours }>> = {
  'tests/test_api.py::TestExtendedAPI::test_item_and_attribute#1': {
    reason: 'jsonInText',
    ours: { text: '[["items", 42]]' },
  },
  'tests/test_api.py::TestExtendedAPI::test_item_and_attribute#2': {
    reason: 'jsonInText',
    ours: { text: '[["items", 42]]' },
  },
  "tests/test_filters.py::TestFilter::test_dictsort[-[('aa', 0), ('AB', 3), ('b', 1), ('c', 2)]]#1": {
    reason: 'jsonInText',
    ours: { text: '[["aa", 0], ["AB", 3], ["b", 1], ["c", 2]]' },
  },
  "tests/test_filters.py::TestFilter::test_dictsort[true-[('AB', 3), ('aa', 0), ('b', 1), ('c', 2)]]#1": {
    reason: 'jsonInText',
    ours: { text: '[["AB", 3], ["aa", 0], ["b", 1], ["c", 2]]' },
  },
  "tests/test_filters.py::TestFilter::test_dictsort[by=\"value\"-[('aa', 0), ('b', 1), ('c', 2), ('AB', 3)]]#1": {
    reason: 'jsonInText',
    ours: { text: '[["aa", 0], ["b", 1], ["c", 2], ["AB", 3]]' },
  },
  "tests/test_filters.py::TestFilter::test_dictsort[reverse=true-[('c', 2), ('b', 1), ('AB', 3), ('aa', 0)]]#1": {
    reason: 'jsonInText',
    ours: { text: '[["c", 2], ["b", 1], ["AB", 3], ["aa", 0]]' },
  },
  'tests/test_filters.py::TestFilter::test_batch#1': {
    reason: 'jsonInText',
    ours: { text: '[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]|[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, "X", "X"]]' },
  },
  'tests/test_filters.py::TestFilter::test_slice#1': {
    reason: 'jsonInText',
    ours: { text: '[[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]|[[0, 1, 2, 3], [4, 5, 6, "X"], [7, 8, 9, "X"]]' },
  },
  'tests/test_filters.py::TestFilter::test_float[42-42.0]#1': { reason: 'javascriptNumbers', ours: { text: '42' } },
  'tests/test_filters.py::TestFilter::test_float[abc-0.0]#1': { reason: 'javascriptNumbers', ours: { text: '0' } },
  'tests/test_filters.py::TestFilter::test_float_default#1': { reason: 'javascriptNumbers', ours: { text: '1' } },
  'tests/test_filters.py::TestFilter::test_int[12345678901234567890-12345678901234567890]#1': {
    reason: 'exactIntegers',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_round_positive#1': {
    reason: 'javascriptNumbers',
    ours: { text: '3|2|2.123|3' },
  },
  'tests/test_filters.py::TestFilter::test_round_negative#1': {
    reason: 'javascriptNumbers',
    ours: { text: '20|30|20' },
  },
  'tests/test_filters.py::TestFilter::test_xmlattr#1': { reason: 'undefinedWhereRead', ours: { error: true } },
  'tests/test_filters.py::TestFilter::test_sort3#1': { reason: 'jsonInText', ours: { text: '["Bar", "blah", "foo"]' } },
  'tests/test_filters.py::TestFilter::test_map_default#2': {
    reason: 'jsonInText',
    ours: { text: 'lennon, edwards, None, ["smith", "x"]' },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_if#1': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_elif#1': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_else#1': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_nested_if#1': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_nested_if#2': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_condexpr#1': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_filters.py::TestFilter::test_filter_undefined_in_condexpr#2': {
    reason: 'namesCheckedAtParse',
    ours: { error: true },
  },
  'tests/test_lexnparse.py::TestSyntax::test_tuple#1': { reason: 'jsonInText', ours: { text: '[]|[1]|[1, 2]' } },
  'tests/test_lexnparse.py::TestSyntax::test_collection_literal[()]#1': { reason: 'jsonInText', ours: { text: '[]' } },
  'tests/test_lexnparse.py::TestSyntax::test_numeric_literal[1e0-1.0]#1': {
    reason: 'javascriptNumbers',
    ours: { text: '1' },
  },
  'tests/test_lexnparse.py::TestSyntax::test_numeric_literal[10e1-100.0]#1': {
    reason: 'javascriptNumbers',
    ours: { text: '100' },
  },
  'tests/test_lexnparse.py::TestSyntax::test_numeric_literal[25.6e-10-2.56e-09]#1': {
    reason: 'javascriptNumbers',
    ours: { text: '2.56e-9' },
  },
  'tests/test_lexnparse.py::TestSyntax::test_trailing_comma#1': {
    reason: 'jsonInText',
    ours: { text: '[1, 2]|[1, 2]|{"1": 2}' },
  },
  'tests/test_regression.py::TestBug::test_macro_scoping#1': { reason: 'immutableValues', ours: { error: true } },
  'tests/test_security.py::TestSandbox::test_immutable_environment#1': {
    reason: 'immutableValues',
    ours: { error: true },
  },
  'tests/test_security.py::TestSandbox::test_immutable_environment#2': {
    reason: 'immutableValues',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormat::test_basic_format_all_okay#1': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormat::test_safe_format_all_okay#1': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormat::test_empty_braces_format#1': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormat::test_empty_braces_format#2': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormatMap::test_basic_format_all_okay#1': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_security.py::TestStringFormatMap::test_safe_format_all_okay#1': {
    reason: 'noStrFormat',
    ours: { error: true },
  },
  'tests/test_tests.py::TestTestsCase::test_types[(10 ** 100) is integer-True]#1': {
    reason: 'exactIntegers',
    ours: { error: true },
  },
  'tests/test_tests.py::TestTestsCase::test_types[(10 ** 100) is float-False]#1': {
    reason: 'exactIntegers',
    ours: { error: true },
  },
  'tests/test_tests.py::TestTestsCase::test_types[(10 ** 100) is number-True]#1': {
    reason: 'exactIntegers',
    ours: { error: true },
  },
  'tests/test_tests.py::test_name_undefined_in_if#1': { reason: 'namesCheckedAtParse', ours: { error: true } },
};

type Outcome = { readonly text: string } | { readonly error: string; readonly message: string };

function renderOurs(entry: ConformanceCase): Outcome {
  try {
    return { text: renderTemplate(entry.template, entry.context ?? {}, { now: () => '2024-03-05T14:07:09Z' }) };
  } catch (error) {
    if (error instanceof TemplateError) return { error: error.kind, message: error.message };
    throw error;
  }
}

const tally = { matching: 0, documented: 0, failing: [] as string[] };

afterAll(() => {
  const byReason = Object.keys(REASONS)
    .map((reason) => `${reason} ${Object.values(DIFFERENCES).filter((entry) => entry.reason === reason).length}`)
    .join(', ');
  console.log(
    `Jinja2 conformance: ${inScope.length} cases in scope, ${tally.matching} render as Jinja2 renders them, ` +
      `${tally.documented} differ by design (${byReason}), ${tally.failing.length} differ otherwise; ` +
      `${outOfScope.length} out of scope`,
  );
});

describe('our engine renders Jinja2’s own test templates as Jinja2 does', () => {
  it.each(inScope.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const ours = renderOurs(entry);
    const documented = DIFFERENCES[entry.id];
    const asJinja2 = entry.error === undefined ? 'text' in ours && ours.text === entry.expected : 'error' in ours;
    if (documented === undefined) {
      if (asJinja2) tally.matching += 1;
      else tally.failing.push(entry.id);
      if (entry.error !== undefined) expect(ours, entry.template).toHaveProperty('error');
      else expect(ours, entry.template).toEqual({ text: entry.expected });
      return;
    }
    expect(asJinja2, `${entry.id} is listed as a difference but renders as Jinja2 does: remove it`).toBe(false);
    tally.documented += 1;
    if ('error' in documented.ours) expect(ours, entry.template).toHaveProperty('error');
    else expect(ours, entry.template).toEqual(documented.ours);
  });

  it('lists only cases that exist', () => {
    const ids = new Set(inScope.map((entry) => entry.id));
    expect(Object.keys(DIFFERENCES).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('gives only reasons some listed case has', () => {
    const used = new Set(Object.values(DIFFERENCES).map((entry) => entry.reason));
    expect(Object.keys(REASONS).filter((reason) => !used.has(reason as keyof typeof REASONS))).toEqual([]);
  });
});

/** A Python whose Jinja2 is the version the cases were made with, or why there is none. */
function findJinja2(): { python: string } | { missing: string } {
  const found: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import jinja2; print(jinja2.__version__)'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const version = probe.status === 0 ? probe.stdout.trim() : undefined;
    if (version === casesFile.jinja2) return { python };
    if (version !== undefined) found.push(`${python} has Jinja2 ${version}`);
  }
  const seen = found.length > 0 ? found.join(', ') : 'no python3 with Jinja2';
  return { missing: `needs Jinja2 ${casesFile.jinja2} (apt-get install python3-jinja2); found ${seen}` };
}

const jinja2 = findJinja2();

describe('the expectations are still what real Jinja2 renders', () => {
  if ('missing' in jinja2) console.log(`skipping the re-render by real Jinja2: ${jinja2.missing}`);

  it.skipIf('missing' in jinja2)(`Jinja2 ${casesFile.jinja2} renders every case as cases.json says`, () => {
    if (!('python' in jinja2)) return;
    const rendered = spawnSync(jinja2.python, [scriptPath, 'render'], {
      input: readFileSync(casesPath),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(rendered.status, rendered.stderr).toBe(0);
    const now = JSON.parse(rendered.stdout) as CasesFile;
    expect(now.settings).toBe(casesFile.settings);
    const outcome = (entry: ConformanceCase): unknown =>
      entry.outOfScope !== undefined ? 'out of scope' : (entry.expected ?? `error ${entry.error ?? ''}`);
    expect(now.cases.map((entry) => [entry.id, outcome(entry)])).toEqual(
      casesFile.cases.map((entry) => [entry.id, outcome(entry)]),
    );
  });
});
