// Line-level views of YAML text that the mutations share: which lines hold a `key:`, where a
// block under a key ends, and short printable previews for the mutation descriptions.
import { pick, type Random } from './seeded-random.js';

export interface Mutation {
  text: string;
  /** What was done and where (1-based lines), for the failure message. */
  description: string;
}

export type Mutator = (text: string, random: Random) => Mutation;

export interface KeyLine {
  /** Indentation and an optional list dash. */
  prefix: string;
  key: string;
  colon: string;
  /** Everything after the colon, its leading space included. */
  rest: string;
}

const KEY_LINE = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)(\s*:)((?:\s.*)?)$/;

export function splitKeyLine(line: string): KeyLine | undefined {
  const match = KEY_LINE.exec(line);
  return match ? { prefix: match[1]!, key: match[2]!, colon: match[3]!, rest: match[4]! } : undefined;
}

export function keyLineIndexes(lines: readonly string[]): number[] {
  return lines.flatMap((line, index) => (splitKeyLine(line) ? [index] : []));
}

export function indentationOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/**
 * Index after the block that belongs to the key on line `at`: deeper-indented lines, blank
 * lines, and list items at the key's own indentation (YAML allows `key:\n- item`).
 */
export function blockEnd(lines: readonly string[], at: number): number {
  const indentation = indentationOf(lines[at] ?? '');
  let end = at + 1;
  while (end < lines.length) {
    const line = lines[end]!;
    const deeper = indentationOf(line) > indentation;
    const sameLevelItem =
      indentationOf(line) === indentation &&
      line.trimStart().startsWith('- ') &&
      !(lines[at] ?? '').trimStart().startsWith('- ');
    if (line.trim() !== '' && !deeper && !sameLevelItem) break;
    end++;
  }
  return end;
}

/** Sets the value of a random `key:` line, keeping any block under it. */
export function replaceValue(text: string, random: Random, value: string, what: string): Mutation {
  const lines = text.split('\n');
  const keyed = keyLineIndexes(lines);
  if (keyed.length === 0) return { text, description: `${what}: no key line, unchanged` };
  const at = pick(random, keyed);
  const { prefix, key, colon } = splitKeyLine(lines[at]!)!;
  lines[at] = `${prefix}${key}${colon} ${value}`;
  return { text: lines.join('\n'), description: `${what} of "${key}" on line ${at + 1}` };
}

/** Copies a whole `- id:` step right after itself, same id or renamed. */
export const duplicateStep: Mutator = (text, random) => {
  const lines = text.split('\n');
  const steps = lines.flatMap((line, index) => (/^\s*- id\s*:/.test(line) ? [index] : []));
  if (steps.length === 0) return { text, description: 'duplicate step: no "- id:" line, unchanged' };
  const start = pick(random, steps);
  const end = blockEnd(lines, start);
  const rename = random() < 0.5;
  const copy = lines.slice(start, end);
  if (rename) copy[0] = copy[0]!.replace(/(- id\s*:\s*)(["']?)([^"'\s#]*)/, '$1$2$3_copy');
  lines.splice(end, 0, ...copy);
  return {
    text: lines.join('\n'),
    description: `duplicate the step on lines ${start + 1}-${end}${rename ? ' with "_copy" added to its id' : ''} after line ${end}`,
  };
};

/** A line as JSON, cut short: visible control characters, bounded length. */
export function preview(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}

/** "line L column C" of an offset, 1-based, as an editor shows it. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}
