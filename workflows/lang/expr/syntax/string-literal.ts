// Decodes the body of a quoted string literal with Python's escapes, as Jinja2 does
// (`unicode-escape`): \n \t \\ \' \" \xhh \uhhhh \Uhhhhhhhh \ooo, line continuation; an
// unknown escape keeps its backslash.

import { syntaxError } from '../shared/index.js';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const HEX_ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** `body` is the text between the quotes; `offset` is where it starts in the template. */
export function decodeStringLiteral(body: string, offset: number): string {
  const normalized = body.replace(/\r\n?/g, '\n');
  if (!normalized.includes('\\')) return normalized;
  let result = '';
  let index = 0;
  while (index < normalized.length) {
    const char = normalized[index] ?? '';
    if (char !== '\\') {
      result += char;
      index += 1;
      continue;
    }
    const escape = normalized[index + 1] ?? '';
    const decoded = decodeEscape(normalized, index, escape, offset);
    result += decoded.text;
    index = decoded.next;
  }
  return result;
}

function decodeEscape(source: string, index: number, escape: string, offset: number): { text: string; next: number } {
  const simple = SIMPLE_ESCAPES[escape];
  if (simple !== undefined) return { text: simple, next: index + 2 };
  if (escape === '\n') return { text: '', next: index + 2 };
  const hexDigits = HEX_ESCAPE_DIGITS[escape];
  if (hexDigits !== undefined) {
    const digits = source.slice(index + 2, index + 2 + hexDigits);
    if (digits.length !== hexDigits || !/^[0-9a-fA-F]+$/.test(digits)) {
      throw syntaxError(`bad \\${escape} escape in a string: expected ${hexDigits} hex digits`, {
        offset: offset + index,
        length: 2,
      });
    }
    const codePoint = Number.parseInt(digits, 16);
    if (codePoint > 0x10ffff) {
      throw syntaxError(`bad \\${escape} escape in a string: no such character`, { offset: offset + index, length: 2 });
    }
    return { text: String.fromCodePoint(codePoint), next: index + 2 + hexDigits };
  }
  const octal = /^[0-7]{1,3}/.exec(source.slice(index + 1, index + 4));
  if (octal !== null) {
    return { text: String.fromCodePoint(Number.parseInt(octal[0], 8)), next: index + 1 + octal[0].length };
  }
  if (escape === 'N') {
    throw syntaxError('\\N{…} escapes are not supported; write the character itself', {
      offset: offset + index,
      length: 2,
    });
  }
  return { text: '\\' + escape, next: index + 2 };
}
