// Seeded mutations of pipeline YAML for the compiler's fuzz test. Every mutation is a pure
// function of the text and a seeded random source, and describes itself precisely enough that
// a failing case can be read, rebuilt (test/support/fuzz-case.ts) and shrunk.
import { mulberry32, pick, randomInteger } from './seeded-random.js';
import { addPipelineConstruct, addStepConstruct } from './mutate-yaml-constructs.js';
import {
  anchorsAndAliases,
  autoTag,
  deepNesting,
  includeFile,
  longLine,
  oddValue,
  prototypeName,
  unterminatedTemplate,
  wrongType,
} from './mutate-yaml-values.js';
import { duplicateStep, lineAndColumn, preview, splitKeyLine, type Mutator } from './yaml-lines.js';

export { caseSeed, mulberry32 } from './seeded-random.js';

const deleteLine: Mutator = (text, random) => {
  const lines = text.split('\n');
  const at = randomInteger(random, 0, lines.length - 1);
  const [removed] = lines.splice(at, 1);
  return { text: lines.join('\n'), description: `delete line ${at + 1} ${preview(removed ?? '')}` };
};

const duplicateLine: Mutator = (text, random) => {
  const lines = text.split('\n');
  const at = randomInteger(random, 0, lines.length - 1);
  lines.splice(at, 0, lines[at] ?? '');
  return { text: lines.join('\n'), description: `duplicate line ${at + 1} ${preview(lines[at] ?? '')}` };
};

const swapAdjacentLines: Mutator = (text, random) => {
  const lines = text.split('\n');
  if (lines.length < 2) return { text, description: 'swap adjacent lines: only one line, unchanged' };
  const at = randomInteger(random, 0, lines.length - 2);
  [lines[at], lines[at + 1]] = [lines[at + 1] ?? '', lines[at] ?? ''];
  return { text: lines.join('\n'), description: `swap lines ${at + 1} and ${at + 2}` };
};

/** Swaps the names of two `key:` lines, leaving their values where they were. */
const swapKeys: Mutator = (text, random) => {
  const lines = text.split('\n');
  const keyed = lines.flatMap((line, index) => (splitKeyLine(line) ? [index] : []));
  if (keyed.length < 2) return { text, description: 'swap keys: fewer than two keys, unchanged' };
  const first = pick(random, keyed);
  const second = pick(
    random,
    keyed.filter((index) => index !== first),
  );
  const [left, right] = [splitKeyLine(lines[first]!)!, splitKeyLine(lines[second]!)!];
  lines[first] = left.prefix + right.key + left.colon + left.rest;
  lines[second] = right.prefix + left.key + right.colon + right.rest;
  return {
    text: lines.join('\n'),
    description: `swap keys "${left.key}" (line ${first + 1}) and "${right.key}" (line ${second + 1})`,
  };
};

const breakIndentation: Mutator = (text, random) => {
  const lines = text.split('\n');
  const filled = lines.flatMap((line, index) => (line.trim() === '' ? [] : [index]));
  if (filled.length === 0) return { text, description: 'break indentation: no line with text, unchanged' };
  const at = pick(random, filled);
  const line = lines[at]!;
  const indentation = /^[ \t]*/.exec(line)![0];
  const count = randomInteger(random, 1, 3);
  const variants: Array<[string, string]> = [
    [' '.repeat(count) + line, `indent line ${at + 1} by ${count} more spaces`],
    [line.slice(Math.min(count, indentation.length)), `remove ${count} leading spaces of line ${at + 1}`],
    [`\t${line.trimStart()}`, `replace the indentation of line ${at + 1} by a tab`],
    [`${indentation}\t${line.trimStart()}`, `insert a tab after the indentation of line ${at + 1}`],
  ];
  const [changed, description] = pick(random, variants);
  lines[at] = changed;
  return { text: lines.join('\n'), description };
};

/** YAML indicators, quotes, control and awkward Unicode characters (a lone surrogate too). */
const INSERTED_CHARACTERS = [
  ':',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '?',
  '\\',
  '-',
  '\0',
  '\r',
  '\t',
  ': ',
  ' #',
  '- ',
  '---',
  '...',
  'é',
  '🙂',
  '\u2028',
  '\uFEFF',
  '\u00A0',
  '\uE005',
  '\uD800',
  '\u0085',
];

const insertCharacters: Mutator = (text, random) => {
  let changed = text;
  const inserted: string[] = [];
  for (let count = randomInteger(random, 1, 4); count > 0; count--) {
    const offset = randomInteger(random, 0, changed.length);
    const characters = pick(random, INSERTED_CHARACTERS);
    changed = changed.slice(0, offset) + characters + changed.slice(offset);
    inserted.push(`${JSON.stringify(characters)} at ${lineAndColumn(changed, offset)}`);
  }
  return { text: changed, description: `insert ${inserted.join(', ')}` };
};

const truncate: Mutator = (text, random) => {
  const offset = randomInteger(random, 0, Math.max(0, text.length - 1));
  return {
    text: text.slice(0, offset),
    description: `truncate at ${lineAndColumn(text, offset)} (offset ${offset} of ${text.length})`,
  };
};

/** Named, so that a failure's mutation list reads as a recipe. */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  'delete-line': deleteLine,
  'duplicate-line': duplicateLine,
  'swap-adjacent-lines': swapAdjacentLines,
  'swap-keys': swapKeys,
  'wrong-type': wrongType,
  'odd-value': oddValue,
  'break-indentation': breakIndentation,
  'unterminated-template': unterminatedTemplate,
  'auto-tag': autoTag,
  'insert-characters': insertCharacters,
  truncate,
  'duplicate-step': duplicateStep,
  'long-line': longLine,
  'deep-nesting': deepNesting,
  'anchors-and-aliases': anchorsAndAliases,
  'include-file': includeFile,
  'add-step-construct': addStepConstruct,
  'add-pipeline-construct': addPipelineConstruct,
  'prototype-name': prototypeName,
};

export interface MutatedText {
  text: string;
  /** "name: description", in the order applied. */
  mutations: string[];
}

/** One to `maximumStacked` mutations on top of each other, all decided by `seed`. */
export function mutateYaml(text: string, seed: number, maximumStacked = 4): MutatedText {
  const random = mulberry32(seed);
  const names = Object.keys(MUTATORS);
  const mutations: string[] = [];
  let changed = text;
  for (let count = randomInteger(random, 1, maximumStacked); count > 0; count--) {
    const name = pick(random, names);
    const mutation = MUTATORS[name]!(changed, random);
    changed = mutation.text;
    mutations.push(`${name}: ${mutation.description}`);
  }
  return { text: changed, mutations };
}
