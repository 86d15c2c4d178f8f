// Random templates for the template fuzzer: expressions built from every registered operator,
// filter, test, method and global, over operands from the ordinary (0, '', none, a short list)
// to the extreme (a 20,000-item list, a 20,000-character string, 10**300, a 40-deep list), in
// the statement forms authors write. The same seed gives the same template on every machine.
import { BUILTIN_GLOBALS, FILTERS, METHOD_NAMES, TESTS } from '../../../workflows/lang/expr/filters/index.js';
import {
  BINARY_OPERATORS,
  COMPARE_OPERATORS,
  LOGICAL_OPERATORS,
  UNARY_OPERATORS,
} from '../../../workflows/lang/expr/syntax/index.js';
import { pick, randomInteger, type Random } from '../seeded-random.js';

const FILTER_NAMES = [...FILTERS.keys()];
// `x is ==` is not Jinja syntax: operator-named tests serve select('==', …) only.
const TEST_NAMES = [...TESTS.keys()].filter((name) => /^[a-z_]+$/.test(name));
const GLOBAL_NAMES = [...BUILTIN_GLOBALS.keys()];
const METHODS = [...METHOD_NAMES.string, ...METHOD_NAMES.mapping];
const BINARY = [...BINARY_OPERATORS, ...COMPARE_OPERATORS];

/** Literals: the edges of each type as an author can write them. */
const LITERALS = [
  '0',
  '1',
  '-1',
  '2',
  '7',
  '-0.0',
  '2.5',
  '1e308',
  '1e-320',
  '9007199254740991',
  '-9007199254740991',
  '10 ** 300',
  '2 ** 64',
  "''",
  "'a'",
  "'abc'",
  "'ÿ😀'",
  "'%s %d'",
  "'{{ x }}'",
  "'a,b,,c'",
  "' padded '",
  '[]',
  '[1, 2, 3]',
  "['b', 'a', 'b']",
  '[[1, 2], [3]]',
  '{}',
  "{'a': 1, 'b': [2]}",
  '()',
  '(1,)',
  'none',
  'true',
  'false',
  'range(5)',
  'range(-3)',
];

/** Names the scope defines (fuzzScope), plus two it does not. */
const VARIABLES = [
  'n',
  'f',
  's',
  'items',
  'mapping',
  'people',
  'long_text',
  'long_list',
  'deep',
  'huge',
  'missing',
  'also.missing',
];

/** A small scope with a few large values: extreme enough to find blow-ups, small enough for thousands of cases. */
export function fuzzScope(): Record<string, unknown> {
  let deep: unknown = 1;
  for (let level = 0; level < 40; level++) deep = [deep, level];
  return {
    n: 3,
    f: -1.5,
    s: 'Hello, World',
    items: [3, 1, 2, 2],
    mapping: { b: 2, a: 1, nested: { x: [1, 2] } },
    people: [
      { name: 'Ann', age: 30 },
      { name: 'Bob', age: null },
    ],
    long_text: 'word, Word (x) <b>&amp;</b>\n'.repeat(800),
    long_list: Array.from({ length: 20_000 }, (_, index) => (index * 7919) % 20_000),
    deep,
    huge: 1e300,
  };
}

function argumentsOf(random: Random, depth: number): string {
  const count = randomInteger(random, 0, 3);
  const values = Array.from({ length: count }, () => expression(random, depth + 1));
  if (count > 0 && random() < 0.2)
    values[count - 1] =
      `${pick(random, ['attribute', 'reverse', 'default', 'case_sensitive', 'width'])}=${values[count - 1]}`;
  return values.join(', ');
}

function atom(random: Random): string {
  return random() < 0.45 ? pick(random, VARIABLES) : pick(random, LITERALS);
}

/** One expression, nested at most a few levels so each case stays readable when it fails. */
export function expression(random: Random, depth = 0): string {
  if (depth >= 4 || random() < 0.25) return atom(random);
  const inner = () => expression(random, depth + 1);
  // Postfix forms (filters, subscripts, methods) get a parenthesised base: `x|f[0]` and `7.upper()`
  // are syntax errors in Jinja too, and the fuzzer is after evaluation, not the parser.
  const base = () => `(${inner()})`;
  switch (randomInteger(random, 0, 11)) {
    case 0:
      return `(${inner()} ${pick(random, BINARY)} ${inner()})`;
    case 1:
      return `(${inner()} ${pick(random, LOGICAL_OPERATORS)} ${inner()})`;
    case 2:
      return `(${pick(random, UNARY_OPERATORS)} ${inner()})`;
    case 3:
    case 4:
      return `(${inner()}|${pick(random, FILTER_NAMES)}${random() < 0.6 ? `(${argumentsOf(random, depth)})` : ''})`;
    case 5:
      return `(${inner()} is ${random() < 0.2 ? 'not ' : ''}${pick(random, TEST_NAMES)}${random() < 0.4 ? `(${argumentsOf(random, depth)})` : ''})`;
    case 6:
      return `${base()}.${pick(random, METHODS)}(${argumentsOf(random, depth)})`;
    case 7:
      return `${pick(random, GLOBAL_NAMES)}(${argumentsOf(random, depth)})`;
    case 8:
      return `${base()}[${inner()}]`;
    case 9:
      return `${base()}[${random() < 0.5 ? inner() : ''}:${random() < 0.5 ? inner() : ''}${random() < 0.3 ? `:${inner()}` : ''}]`;
    case 10:
      return `(${inner()} if ${inner()} else ${inner()})`;
    default:
      return random() < 0.5 ? `[${inner()}, ${inner()}]` : `{${inner()}: ${inner()}}`;
  }
}

/** A template around one or two expressions, in the forms pipelines use. */
export function generateTemplate(random: Random): string {
  const first = expression(random);
  switch (randomInteger(random, 0, 5)) {
    case 0:
      return `{% set r = ${first} %}{{ r }}`;
    case 1:
      return `{% for x in ${first} %}{{ loop.index }}:{{ x }}{% if loop.last %}.{% endif %}{% endfor %}`;
    case 2:
      return `{% if ${first} %}yes{% else %}{{ ${expression(random)} }}{% endif %}`;
    case 3:
      return `{% set ns = namespace(total=0) %}{% for x in ${first} %}{% set ns.total = ns.total ~ x %}{% endfor %}{{ ns.total }}`;
    default:
      return `{{ ${first} }}`;
  }
}
