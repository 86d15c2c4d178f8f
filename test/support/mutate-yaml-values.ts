// Mutations of values: wrong types, broken templates and AUTO tags, very long and very deep
// values, anchors and aliases. Each lands on a random `key:` line, so it reaches parameters,
// steps and outputs alike.
import { pick, randomInteger, type Random } from './seeded-random.js';
import { blockEnd, keyLineIndexes, replaceValue, splitKeyLine, type Mutation, type Mutator } from './yaml-lines.js';

const WRONG_SCALARS = [
  '[1, 2]',
  '{a: 1}',
  '42',
  '-0.5',
  '1e999',
  '0x1F',
  '.nan',
  'true',
  'null',
  '~',
  '[]',
  '{}',
  "''",
  '[{{ x }}]',
  '2024-01-01',
];
const BLOCK_REPLACEMENTS = ['some text', '7', 'false', 'null', '"{{ missing }}"', '[]'];

/** A scalar becomes a list, mapping, number, bool or null; or a whole block becomes a scalar. */
export const wrongType: Mutator = (text, random) => {
  const lines = text.split('\n');
  const blocks = keyLineIndexes(lines).filter(
    (index) => /^\s*(#.*)?$/.test(splitKeyLine(lines[index]!)!.rest) && blockEnd(lines, index) > index + 1,
  );
  if (blocks.length > 0 && random() < 0.4) {
    const at = pick(random, blocks);
    const { prefix, key, colon } = splitKeyLine(lines[at]!)!;
    const end = blockEnd(lines, at);
    const value = pick(random, BLOCK_REPLACEMENTS);
    lines.splice(at, end - at, `${prefix}${key}${colon} ${value}`);
    return {
      text: lines.join('\n'),
      description: `replace the block of "${key}" (lines ${at + 1}-${end}) by ${JSON.stringify(value)}`,
    };
  }
  const value = pick(random, WRONG_SCALARS);
  return replaceValue(text, random, value, `set the value to ${value}`);
};

const TEMPLATE_SNIPPETS = [
  '{{ x',
  '{% if x %}',
  '{{ }}',
  '{% for %}',
  '{% for x in %}',
  '{{ a | }}',
  "{{ 'open }}",
  '{% endif %}',
  '{% endfor %}',
  '{{ {{ x }} }}',
  '{% if x %}{% for y in z %}',
  '{#',
  '{{ x.',
  '{{ x[ }}',
  '{{ (1 + }}',
  '{% set %}',
  '{% raw %}',
  '}}',
  '%}',
  '{{ x }',
  '{{ x | no_such_filter }}',
  '{{ x.__class__ }}',
  '{% else %}',
  '{{ "\\',
  '{{ steps. }}',
  '{{ parameters[ }}',
  '{%- if -%}',
  '{{ x if }}',
  '{{ 1 / 0 }}',
  '{{ lipsum() }}',
];

/** Unterminated, empty and stray template delimiters, in plain and quoted values and in templates. */
export const unterminatedTemplate: Mutator = (text, random) => {
  const snippet = pick(random, TEMPLATE_SNIPPETS);
  const lines = text.split('\n');
  const variant = randomInteger(random, 0, 3);
  if (variant === 0)
    return replaceValue(
      text,
      random,
      JSON.stringify(`text ${snippet} more`),
      `set the quoted value "text ${snippet} more"`,
    );
  if (variant === 1) {
    const opened = lines.flatMap((line, index) => (/\{[{%]/.test(line) ? [index] : []));
    if (opened.length > 0) {
      const at = pick(random, opened);
      const line = lines[at]!;
      const position = line.search(/\{[{%]/) + 2;
      lines[at] = line.slice(0, position) + snippet + line.slice(position);
      return {
        text: lines.join('\n'),
        description: `insert ${JSON.stringify(snippet)} into the template on line ${at + 1} column ${position + 1}`,
      };
    }
  }
  if (variant === 2) {
    const closed = lines.flatMap((line, index) => (/[}%]\}/.test(line) ? [index] : []));
    if (closed.length > 0) {
      const at = pick(random, closed);
      lines[at] = lines[at]!.replace(/\s*[}%]\}/, '');
      return { text: lines.join('\n'), description: `remove the first "}}" or "%}" on line ${at + 1}` };
    }
  }
  return insertAtRandomColumn(lines, random, snippet);
};

function insertAtRandomColumn(lines: string[], random: Random, inserted: string): Mutation {
  const at = randomInteger(random, 0, lines.length - 1);
  const line = lines[at]!;
  const column = randomInteger(random, 0, line.length);
  lines[at] = line.slice(0, column) + inserted + line.slice(column);
  return {
    text: lines.join('\n'),
    description: `insert ${JSON.stringify(inserted.length > 60 ? `${inserted.slice(0, 57)}...` : inserted)} at line ${at + 1} column ${column + 1}`,
  };
}

function autoSnippet(random: Random): string {
  const depth = randomInteger(random, 2, 60);
  return pick(random, [
    '<AUTO>',
    '<AUTO>unclosed: value # not a comment',
    '</AUTO>',
    '<AUTO>a <AUTO>b</AUTO> c</AUTO>',
    '<AUTO>a <AUTO>b</AUTO>',
    '<AUTO task="pick">{{ x }}</AUTO>',
    '<AUTO>[{&*!|>:#,</AUTO>',
    '<AUTO',
    '<AUTO>x</AUTO></AUTO>',
    '<AUTO>\uE000</AUTO>',
    '<AUTO>{{ x </AUTO>',
    `${'<AUTO>'.repeat(depth)}x${'</AUTO>'.repeat(depth - 1)}`,
    `${'<AUTO>'.repeat(depth)}x${'</AUTO>'.repeat(depth)}`,
    '<AUTO >"quoted: "</AUTO>',
  ]);
}

/** Unterminated, stray and nested `<AUTO>` tags, as a value, inside a line, or across lines. */
export const autoTag: Mutator = (text, random) => {
  const snippet = autoSnippet(random);
  const lines = text.split('\n');
  const variant = randomInteger(random, 0, 2);
  if (variant === 0)
    return replaceValue(text, random, snippet, `set the value to ${JSON.stringify(snippet.slice(0, 60))}`);
  if (variant === 1) return insertAtRandomColumn(lines, random, snippet);
  const start = randomInteger(random, 0, lines.length - 1);
  const end = Math.min(lines.length - 1, start + randomInteger(random, 1, 6));
  lines[start] += ' <AUTO>opened here:';
  lines[end] += ' # closed here </AUTO>';
  return {
    text: lines.join('\n'),
    description: `open <AUTO> at the end of line ${start + 1} and close it at the end of line ${end + 1}`,
  };
};

/** Values, keys and templates of one to a hundred thousand characters. */
export const longLine: Mutator = (text, random) => {
  const length = pick(random, [1_000, 10_000, 100_000]);
  const variant = randomInteger(random, 0, 3);
  if (variant === 0) return replaceValue(text, random, 'a'.repeat(length), `set a plain value of ${length} characters`);
  if (variant === 1)
    return replaceValue(
      text,
      random,
      `"{{ ${'x + '.repeat(length / 4)}x }}"`,
      `set a template summing ${length / 4 + 1} names`,
    );
  if (variant === 2)
    return replaceValue(text, random, `"${'{{ x }} '.repeat(length / 8)}"`, `set a value of ${length / 8} templates`);
  const lines = text.split('\n');
  const at = randomInteger(random, 0, lines.length);
  lines.splice(at, 0, `${'k'.repeat(length)}: v`);
  return { text: lines.join('\n'), description: `insert a key of ${length} characters before line ${at + 1}` };
};

/** Flow collections, block mappings, templates and AUTO-free constructs nested up to 2,000 deep. */
export const deepNesting: Mutator = (text, random) => {
  const depth = pick(random, [20, 200, 2_000]);
  const variants: Array<[string, string]> = [
    [`${'['.repeat(depth)}${']'.repeat(depth)}`, `${depth} nested flow lists`],
    [`${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`, `${depth} nested flow mappings`],
    [`${'['.repeat(depth)}x`, `${depth} unclosed flow lists`],
    [`${'- '.repeat(depth)}x`, `${depth} nested block lists on one line`],
    [`"{{ ${'('.repeat(depth)}x${')'.repeat(depth)} }}"`, `a template with ${depth} nested parentheses`],
    [`"{{ ${'['.repeat(depth)}${']'.repeat(depth)} }}"`, `a template with ${depth} nested lists`],
    [`"${'{% if x %}'.repeat(depth)}y${'{% endif %}'.repeat(depth)}"`, `${depth} nested {% if %} blocks`],
    [`"{{ x${'.a'.repeat(depth)} }}"`, `a template reading a path ${depth} deep`],
    [`"{{ ${'not '.repeat(depth)}x }}"`, `a template with ${depth} nested "not"`],
  ];
  const [value, what] = pick(random, variants);
  if (random() < 0.2) return nestBlockMappings(text, random, Math.min(depth, 200));
  return replaceValue(text, random, value, `set the value to ${what}`);
};

function nestBlockMappings(text: string, random: Random, depth: number): Mutation {
  const lines = text.split('\n');
  const at = randomInteger(random, 0, lines.length - 1);
  const base = /^ */.exec(lines[at]!)![0].length;
  const nested = Array.from({ length: depth }, (_, level) => `${' '.repeat(base + 2 * level)}k${level}:`);
  lines.splice(at, 0, ...nested);
  return { text: lines.join('\n'), description: `insert ${depth} nested block mappings before line ${at + 1}` };
}

/** The billion-laughs shape: each level repeats the previous one ten times. */
function laughs(levels: number): string {
  const parts = ['&l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < levels; level++)
    parts.push(`&l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
  return `[${parts.join(', ')}]`;
}

/** Anchors, aliases (undefined, self-referencing, exponential) and merge keys. */
export const anchorsAndAliases: Mutator = (text, random) => {
  const lines = text.split('\n');
  const keyed = keyLineIndexes(lines);
  const variant = randomInteger(random, 0, 4);
  if (variant === 0 && keyed.length >= 2) {
    const [first, second] = [pick(random, keyed), pick(random, keyed)].sort((left, right) => left - right) as [
      number,
      number,
    ];
    const anchored = splitKeyLine(lines[first]!)!;
    lines[first] = `${anchored.prefix}${anchored.key}${anchored.colon} &v${anchored.rest}`;
    const aliased = splitKeyLine(lines[second]!)!;
    lines[second] = `${aliased.prefix}${aliased.key}${aliased.colon} *v`;
    return {
      text: lines.join('\n'),
      description: `anchor the value on line ${first + 1} as &v and alias it on line ${second + 1}`,
    };
  }
  if (variant === 1) return replaceValue(text, random, '&loop [*loop]', 'set a self-referencing value &loop [*loop]');
  if (variant === 2)
    return replaceValue(text, random, laughs(randomInteger(random, 3, 9)), 'set a billion-laughs value');
  if (variant === 3 && keyed.length > 0) {
    const at = pick(random, keyed);
    const indentation = /^\s*/.exec(lines[at]!.replace(/-/, ' '))![0];
    lines.splice(at + 1, 0, `${indentation}<<: *nowhere`);
    return { text: lines.join('\n'), description: `insert a merge key "<<: *nowhere" after line ${at + 1}` };
  }
  return replaceValue(text, random, '*nowhere', 'set an undefined alias *nowhere');
};

const ODD_VALUES = [
  '',
  '-',
  '?',
  '|',
  '>-',
  '!!binary',
  '!tag x',
  '!!map',
  '!!str [1]',
  '&anchor',
  '*alias',
  '@x',
  '`x`',
  '%x',
  '"',
  "'",
  '"a" b',
  "'it''s'",
  '|2-',
  '? complex',
];

/** Values that start with a YAML indicator, or are empty, tags, anchors or broken quotes. */
export const oddValue: Mutator = (text, random) => {
  const value = pick(random, ODD_VALUES);
  return replaceValue(text, random, value, `set the value to ${JSON.stringify(value)}`);
};

const INCLUDED_PATHS = [
  'prompts/report_draft_prompt.md',
  'report_draft_prompt.md',
  '01_hello_filesystem.yaml',
  'sub_pipelines/statistical_analysis.yaml',
  '../orchestrator/01_hello_filesystem.yaml',
  'missing.md',
  '../../../../etc/passwd',
  '/etc/hostname',
  '.',
  'prompts/',
  '',
];

/** Includes and sub-pipelines: existing, missing, outside, empty and possibly self-referencing paths. */
export const includeFile: Mutator = (text, random) => {
  const path = pick(random, INCLUDED_PATHS);
  const variant = randomInteger(random, 0, 3);
  if (variant === 0)
    return replaceValue(text, random, `"<< ${path} >>"`, `set the value to the include "<< ${path} >>"`);
  if (variant === 1)
    return replaceValue(
      text,
      random,
      `"text {{ file:${path} }} more"`,
      `set the value to the include "{{ file:${path} }}"`,
    );
  if (variant === 2)
    return replaceValue(text, random, `<< ${path}`, `set the value to the unterminated include "<< ${path}"`);
  const lines = text.split('\n');
  const steps = lines.flatMap((line, index) => (/^\s*- id\s*:/.test(line) ? [index] : []));
  if (steps.length === 0) return { text, description: 'sub-pipeline: no "- id:" line, unchanged' };
  const at = pick(random, steps);
  const indentation = ' '.repeat(lines[at]!.indexOf('-') + 2);
  lines.splice(at + 1, 0, `${indentation}pipeline: ${JSON.stringify(path)}`, `${indentation}inputs: {x: 1}`);
  return { text: lines.join('\n'), description: `add "pipeline: ${path}" with inputs to the step on line ${at + 1}` };
};

/** Names every JavaScript object already has: a lookup in a plain object finds them. */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
];

/** A key renamed, or a value replaced, by a name that Object.prototype already holds. */
export const prototypeName: Mutator = (text, random) => {
  const name = pick(random, PROTOTYPE_NAMES);
  const lines = text.split('\n');
  const keyed = keyLineIndexes(lines);
  if (keyed.length === 0 || random() < 0.5) return replaceValue(text, random, name, `set the value to ${name}`);
  const at = pick(random, keyed);
  const { prefix, key, colon, rest } = splitKeyLine(lines[at]!)!;
  lines[at] = `${prefix}${name}${colon}${rest}`;
  return { text: lines.join('\n'), description: `rename key "${key}" on line ${at + 1} to ${name}` };
};
