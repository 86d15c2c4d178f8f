// Python's semantics where Jinja2 borrows them: str methods over code points, str() and
// repr() of values, comparison and equality, `%` formatting, round(), int()/float() parsing,
// strftime, json.dumps. Built on shared/ only.

export {
  PYTHON_SPACE_CLASS,
  asciiTitle,
  capitalize,
  characterCount,
  characters,
  chargeCaseMapping,
  codePointOffset,
  firstCharacter,
  hasOnlyCase,
  hasSurrogates,
  isAscii,
  isPythonSpaceUnit,
  lastCharacter,
  pythonTitle,
  replace,
  split,
  splitLines,
  strip,
} from './python-string.js';
export { contains, pyCompare, pyEquals } from './compare.js';
export { toText } from './to-text.js';
export { encodeJson } from './json-encode.js';
export { percentFormat, percentFormatArguments, percentFormatMapping } from './percent-format.js';
export { formatFixed, pythonRound } from './number-format.js';
export { prettyPrint } from './pretty-print.js';
export { wrapText } from './text-wrap.js';
export { parsePythonFloat, parsePythonInt } from './python-number-parse.js';
export { formatDate } from './date-format.js';
