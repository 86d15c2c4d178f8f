// Filters that cross formats: JSON in and out, regular expressions, dates.

import { encodeJson, formatDate, toText } from '../python/index.js';
import { regexReplace, regexSearch } from '../regex/index.js';
import { isTruthy, limitError, typeError, valueError } from '../shared/index.js';
import type { CallContext } from '../shared/index.js';
import { REQUIRED, expectInteger, expectString, filter } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';

const MAX_JSON_INDENT = 100;

/** Jinja2's tojson: sorted keys, ASCII escapes, and `<>&'` escaped for HTML. */
function toJson(value: unknown, args: readonly unknown[], context: CallContext): string {
  const [indent] = args;
  const width =
    indent === null ? 0 : typeof indent === 'string' ? indent.length : expectInteger(indent, 'tojson indent');
  if (width > MAX_JSON_INDENT) throw limitError(`tojson indent must be at most ${MAX_JSON_INDENT}`);
  const indentText = indent === null ? null : typeof indent === 'string' ? indent : ' '.repeat(Math.max(width, 0));
  return encodeJson(value, { sortKeys: true, ensureAscii: true, htmlSafe: true, indent: indentText }, context.budget);
}

/** Parses JSON text; other values pass through, as in py-orc. */
function fromJson(value: unknown, _args: readonly unknown[], context: CallContext): unknown {
  if (typeof value !== 'string') return value;
  // Parsing can build a value per character or two of JSON (`[[[[…`): paid as that many items.
  context.budget.chargeItems(value.length * 2);
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    if (error instanceof RangeError) throw valueError('from_json: the JSON is nested too deeply');
    const preview = value.length > 40 ? value.slice(0, 40) + '…' : value;
    throw valueError(`from_json: the text is not valid JSON: "${preview}"`);
  }
}

function regexOptions(ignoreCase: unknown, multiline: unknown): { ignoreCase: boolean; multiline: boolean } {
  return { ignoreCase: isTruthy(ignoreCase), multiline: isTruthy(multiline) };
}

const jsonFilter = filter([['indent', null]], toJson);

export const DATA_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  tojson: jsonFilter,
  to_json: jsonFilter,
  json: jsonFilter,
  json_encode: jsonFilter,
  from_json: filter([], fromJson),
  regex_search: filter(
    [
      ['pattern', REQUIRED],
      ['ignorecase', false],
      ['multiline', false],
    ],
    (value, args, context) => {
      const [pattern, ignoreCase, multiline] = args;
      const text = toText(value, context.budget);
      const match = regexSearch(
        text,
        expectString(pattern, 'the pattern'),
        regexOptions(ignoreCase, multiline),
        context.budget,
      );
      return match === null ? null : match.groups[0];
    },
  ),
  regex_replace: filter(
    [
      ['pattern', REQUIRED],
      ['replacement', ''],
      ['ignorecase', false],
      ['multiline', false],
      ['count', 0],
    ],
    (value, args, context) => {
      const [pattern, replacement, ignoreCase, multiline, count] = args;
      const text = toText(value, context.budget);
      const options = regexOptions(ignoreCase, multiline);
      const replacementText = expectString(replacement, 'the replacement');
      return regexReplace(
        text,
        expectString(pattern, 'the pattern'),
        replacementText,
        expectInteger(count, 'count'),
        options,
        context.budget,
      );
    },
  ),
  date: filter([['format', '%Y-%m-%d %H:%M:%S']], (value, [format], context) => {
    if (typeof format !== 'string') throw typeError('the date format must be a string');
    return formatDate(value, format, context.now, context.budget);
  }),
};
