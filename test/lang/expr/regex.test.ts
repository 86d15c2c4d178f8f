// Our linear-time matcher against Python's `re`: every expectation below was produced by
// CPython 3.11 (re.search(...).group(0) and re.sub).

import { describe, expect, it } from 'vitest';
import { regexReplace, regexSearch } from '../../../workflows/lang/expr/regex/index.js';
import { Budget, DEFAULT_LIMITS } from '../../../workflows/lang/expr/shared/index.js';
import { expectTemplateError } from './support.js';

const budget = (): Budget => new Budget({ ...DEFAULT_LIMITS, maxSteps: 1e9 });
const options = (flags: string): { ignoreCase: boolean; multiline: boolean } => ({
  ignoreCase: flags.includes('i'),
  multiline: flags.includes('m'),
});

const SEARCH_CASES: readonly (readonly [pattern: string, text: string, flags: string, match: string | null])[] = [
  ['[0-9]+', 'answer: 42 and 7', '', '42'],
  ['\\d+\\.\\d*', 'pi is 3.14159!', '', '3.14159'],
  ['^\\w+', 'hello world', '', 'hello'],
  ['world$', 'hello world\n', '', 'world'],
  ['^world', 'hello\nworld', 'm', 'world'],
  ['^world', 'hello\nworld', '', null],
  ['(a|ab)(c|bcd)(d*)', 'abcd', '', 'abcd'],
  ['a*?b', 'aaab', '', 'aaab'],
  ['a{2,3}', 'aaaa', '', 'aaa'],
  ['a{2,3}?', 'aaaa', '', 'aa'],
  ['a{,2}b', 'aaab', '', 'aab'],
  ['x{2}', 'xxx', '', 'xx'],
  ['a{', 'a{', '', 'a{'],
  ['\\bfoo\\b', 'a foo b', '', 'foo'],
  ['\\Bo\\B', 'foo', '', 'o'],
  ['[^a-z ]+', 'abc DEF ghi', '', 'DEF'],
  ['[\\d,]+', 'n=1,234,567.', '', '1,234,567'],
  ['[-a]+', 'x-a-ay', '', '-a-a'],
  ['[]a]+', 'x]a]y', '', ']a]'],
  ['colou?r', 'The COLOR red', 'i', 'COLOR'],
  ['[a-z]+', 'ABC def', 'i', 'ABC'],
  ['.+', 'line1\nline2', '', 'line1'],
  ['\\s+', 'a \t\n b', '', ' \t\n '],
  ['\\S+', '  word  ', '', 'word'],
  ['\\W+', 'ab, cd', '', ', '],
  ['(?P<year>\\d{4})-(?P<month>\\d\\d)', 'on 2024-03-05', '', '2024-03'],
  ['(?i)hello', 'Say HELLO', '', 'HELLO'],
  ['(?:ab)+', 'xababab', '', 'ababab'],
  ['\\A\\d', '1a', '', '1'],
  ['\\d\\Z', 'a1\n', '', null],
  ['\\d$', 'a1\n', '', '1'],
  ['Grüße|世界', 'x 世界', '', '世界'],
  ['\\w+', 'Grüße', '', 'Grüße'],
  ['😀+', 'a😀😀b', '', '😀😀'],
  ['.', '😀', '', '😀'],
  ['\\x41\\u00e9', 'Aé', '', 'Aé'],
  ['a|', 'b', '', ''],
  ['', 'abc', '', ''],
  ['(a*)*', 'aaa', '', 'aaa'],
  ['(a|b)*c', 'abababc', '', 'abababc'],
  ['\\.', 'a.b', '', '.'],
  ['\\$\\d+', 'cost $42', '', '$42'],
  ['(?#comment)ab', 'xab', '', 'ab'],
  ['[\\]]', 'a]', '', ']'],
  ['\\n', 'a\nb', '', '\n'],
  ['[.]', 'a.b', '', '.'],
  ['x*', 'aaa', '', ''],
];

const REPLACE_CASES: readonly (readonly [
  pattern: string,
  replacement: string,
  text: string,
  count: number,
  result: string,
])[] = [
  ['[0-9]+', '#', 'a1b22c', 0, 'a#b#c'],
  ['(\\w+) (\\w+)', '\\2, \\1', 'John Smith', 0, 'Smith, John'],
  ['a', 'b', 'aaa', 2, 'bba'],
  ['x*', '-', 'abxd', 0, '-a-b--d-'],
  ['', '-', 'abc', 0, '-a-b-c-'],
  ['(?P<w>\\w+)', '<\\g<w>>', 'hi there', 0, '<hi> <there>'],
  ['\\s+', ' ', 'a  \n b', 0, 'a b'],
  ['(a)|b', '[\\1]', 'ab', 0, '[a][]'],
  ['\\d', '\\g<0>\\g<0>', 'a1b2', 0, 'a11b22'],
  ['o', '\\n', 'foo', 0, 'f\n\n'],
  ['^', '> ', 'l1\nl2', 0, '> l1\nl2'],
  ['$', ';', 'l1\nl2\n', 0, 'l1\nl2;\n;'],
  ['a*', 'x', 'baaac', 0, 'xbxxcx'],
  ['(?i)HELLO', 'bye', 'hello Hello', 0, 'bye bye'],
  ['é', 'e', 'café é', 0, 'cafe e'],
  ['\\\\', '/', 'a\\b', 0, 'a/b'],
];

describe('regular expressions', () => {
  it.each(SEARCH_CASES)('search %j in %j (%s)', (pattern, text, flags, match) => {
    expect(regexSearch(text, pattern, options(flags), budget())?.groups[0] ?? null).toBe(match);
  });

  it.each(REPLACE_CASES)('sub %j → %j in %j (count %d)', (pattern, replacement, text, count, result) => {
    expect(regexReplace(text, pattern, replacement, count, options(''), budget())).toBe(result);
  });

  it('captures groups as Python does', () => {
    const match = regexSearch('on 2024-03-05', '(?P<year>\\d{4})-(\\d\\d)(x)?', options(''), budget());
    expect(match?.groups).toEqual(['2024-03', '2024', '03', null]);
    expect(match?.groupNames.get('year')).toBe(1);
  });

  it.each([
    ['(?=a)', /lookahead/],
    ['(?<!a)b', /lookahead and lookbehind/],
    ['(a)\\1', /backreferences/],
    ['(?P<n>a)(?P=n)', /backreferences/],
    ['a++', /possessive/],
    ['(a', /missing \)/],
    ['a)', /unbalanced parenthesis/],
    ['*a', /nothing to repeat/],
    ['a**', /multiple repeat/],
    ['[a', /unterminated character set/],
    ['[z-a]', /bad character range/],
    ['\\q', /bad escape/],
    ['(?i:a)', /not supported/],
  ])('refuses %j', (pattern, message) => {
    expectTemplateError(() => regexSearch('abc', pattern, options(''), budget()), 'value', message);
  });
});
