// The YAML library's errors, as a user can act on them. One bad indentation makes the parser
// lose its place and report several errors, each a consequence of the first: only the first is
// shown, in words about the file (which key is indented how), with a hint and a note that the
// rest are left out.
import type { YAMLError } from 'yaml';
import type { SourceFile } from './source.js';
import { NESTING_HINT, nestingMessage } from './yaml-tree.js';

const GENERIC_HINT = 'check the indentation and quoting around this place';

const HINTS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'line it up with the items or keys beside it: in YAML the indentation is the structure',
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs as indentation',
  MISSING_CHAR: GENERIC_HINT,
};

export function reportYamlErrors(source: SourceFile, errors: readonly YAMLError[]): void {
  const syntax: YAMLError[] = [];
  for (const error of errors) {
    const [start, end] = error.pos;
    // The parser itself recurses; a file nested deeper than its stack ends up here.
    if (/Maximum call stack size exceeded/.test(error.message))
      source.reportAt('error', 'E_TOO_LARGE', start, Math.max(end, start + 1), nestingMessage(), '', NESTING_HINT);
    else syntax.push(error);
  }
  if (syntax.length === 0) return;
  const sorted = [...syntax].sort((left, right) => left.pos[0] - right.pos[0]);
  const first = sorted[0]!;
  const explained = explainIndentation(source.text, sorted, first.pos[0]) ?? explainError(source.text, first);
  const rest = sorted.length - 1;
  const note =
    rest > 0
      ? rest === 1
        ? ' (1 more YAML error after this one, not shown, most likely follows from it: fix it and validate again)'
        : ` (${rest} more YAML errors after this one, not shown, most likely follow from it: fix it and validate again)`
      : '';
  source.reportAt(
    'error',
    'E_YAML_SYNTAX',
    explained.start,
    explained.end,
    explained.message,
    '',
    explained.hint + note,
  );
}

interface Explained {
  start: number;
  end: number;
  message: string;
  hint: string;
}

function explainError(text: string, error: YAMLError): Explained {
  const message = yamlMessage(error.message);
  const start = firstNonSpace(text, error.pos[0]);
  const end = Math.max(error.pos[1], start + 1);
  if (/^Sequence item without - indicator/.test(message))
    return {
      start,
      end: lineEnd(text, start),
      message: 'this line is indented less than the lines above it, and it starts no "- " item',
      hint: 'line it up with the keys of the mapping it belongs to',
    };
  if (/^Missing closing/.test(message))
    return { start, end, message, hint: `close the quote; inside the text, write ' as '' and " as \\"` };
  return { start, end, message, hint: HINTS[error.code] ?? GENERIC_HINT };
}

/**
 * A key indented deeper than the key above it (`action: write` then ` parameters:`): YAML reads
 * the second line as more of the first one's value, and reports a multi-line key. Said as it is.
 */
function explainIndentation(text: string, errors: readonly YAMLError[], at: number): Explained | undefined {
  const multiline = errors.find((error) => error.code === 'MULTILINE_IMPLICIT_KEY' && error.pos[0] === at);
  if (!multiline) return undefined;
  const [start, end] = multiline.pos;
  const aboveStart = lineStart(text, start);
  const culpritStart = lineStart(text, end);
  if (culpritStart === aboveStart || text.slice(start, end).split('\n').length !== 2) return undefined;
  const above = keyOfLine(text, aboveStart, start);
  const culpritKeyStart = firstNonSpace(text, culpritStart);
  const culprit = text.slice(culpritKeyStart, end);
  if (!above || !/^[\w.-]+$/.test(culprit)) return undefined;
  const column = above.start - aboveStart + 1;
  return {
    start: culpritKeyStart,
    end: Math.max(end, culpritKeyStart + 1),
    message: `"${culprit}" is indented deeper than "${above.key}" above it, so YAML reads it as more of the value of "${above.key}"`,
    hint: `line "${culprit}" up with "${above.key}" (column ${column})`,
  };
}

/** The key that ends just before `valueStart` on the line starting at `start`. */
function keyOfLine(text: string, start: number, valueStart: number): { key: string; start: number } | undefined {
  let keyStart = firstNonSpace(text, start);
  while (text.startsWith('- ', keyStart)) keyStart = firstNonSpace(text, keyStart + 2);
  const match = /^([\w.-]+):\s+$/.exec(text.slice(keyStart, valueStart));
  return match ? { key: match[1]!, start: keyStart } : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** `offset`, or past the spaces when it stands in a line's indentation. */
function firstNonSpace(text: string, offset: number): number {
  if (text.slice(lineStart(text, offset), offset).trim() !== '') return offset;
  let index = offset;
  while (text[index] === ' ') index++;
  return index < text.length && text[index] !== '\n' ? index : offset;
}

function yamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}
