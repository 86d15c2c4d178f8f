// Taking secret values out of what an activity returns or throws: the value itself and the
// forms code and protocols turn it into — URL and form encoding, JSON and HTML escaping, base64
// (standard and URL-safe, at each of the three byte alignments inside a longer text) and hex —
// each replaced by `[secret NAME]`, as are the run's own tokens.
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { secretTokenPattern } from '../../workflows/lang/secrets.js';

/** Shorter values (and base64 fragments) would redact ordinary text. */
const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  text(text: string): string;
  /** Every string in `value`, keys included, at any depth. */
  value<T>(value: T): T;
  /** A failure whose message, details or cause may hold a secret (type, retryability and delay kept). */
  failure(error: unknown): unknown;
}

/** `secrets`: name → value of every secret to take out; `nonce`: the run's, whose tokens are taken out too. */
export function createRedactor(secrets: ReadonlyMap<string, string>, nonce?: string): Redactor {
  // Longest first: a secret that contains another is replaced whole.
  const patterns = [...secrets]
    .filter(([, secret]) => secret.length >= MIN_SECRET_LENGTH)
    .sort(([, left], [, right]) => right.length - left.length)
    .map(([name, secret]) => ({ name, pattern: new RegExp(secretPattern(secret), 'g') }));
  const tokens = nonce ? secretTokenPattern(nonce) : undefined;
  const text = (input: string): string => {
    let output =
      tokens && input.includes('@@orc-secret:')
        ? input.replace(tokens, (_token, name: string) => `[secret ${name}]`)
        : input;
    for (const { name, pattern } of patterns) output = output.replace(pattern, `[secret ${name}]`);
    return output;
  };
  const value = <T>(input: T): T => mapStrings(input, text);
  return { text, value, failure: (error) => redactFailure(error, text, value) };
}

/**
 * A regular expression (source) for a secret in its usual forms. Character by character, each
 * may stand as itself, percent-encoded (either case; a space also as `+`), JSON-escaped or as an
 * HTML entity — which covers every URL, form and JSON encoder's choices, mixed as they like;
 * then base64 and hex of its bytes.
 */
export function secretPattern(secret: string): string {
  const characterwise = [...secret].map((character) => `(?:${characterForms(character).join('|')})`).join('');
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const whole = [...base64Cores(bytes, 'base64'), ...base64Cores(bytes, 'base64url')]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .map(escapeRegExp);
  return [characterwise, ...new Set(whole), hex, hex.toUpperCase()].join('|');
}

function characterForms(character: string): string[] {
  const forms = [
    escapeRegExp(character),
    [...Buffer.from(character, 'utf8')].map((byte) => `%${hexDigits(byte, 2)}`).join(''),
  ];
  if (character === ' ') forms.push('\\+');
  const code = character.codePointAt(0)!;
  // JSON: \uXXXX (a surrogate pair past the BMP), and the short escapes.
  const units = character.length === 2 ? [character.charCodeAt(0), character.charCodeAt(1)] : [code];
  forms.push(units.map((unit) => `\\\\u${hexDigits(unit, 4)}`).join(''));
  const short = JSON_SHORT_ESCAPES[character];
  if (short) forms.push(escapeRegExp(short));
  // HTML: named, decimal and hexadecimal references.
  const named = HTML_ENTITIES[character];
  if (named) forms.push(...named.map(escapeRegExp));
  forms.push(`&#${code};`, `&#[xX]0*${hexDigits(code, 1)};`);
  return forms;
}

/** `value` as hexadecimal digits, each letter in either case: [aA]. */
function hexDigits(value: number, width: number): string {
  return value
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
const HTML_ENTITIES: Record<string, string[]> = {
  '&': ['&amp;'],
  '<': ['&lt;'],
  '>': ['&gt;'],
  '"': ['&quot;'],
  "'": ['&apos;'],
};

/**
 * The secret inside a longer base64 text starts at one of three byte offsets modulo 3; at each,
 * these are the characters decided by the secret's bytes alone.
 */
function base64Cores(bytes: Buffer, alphabet: 'base64' | 'base64url'): string[] {
  return [0, 1, 2].map((offset) => {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = shifted.toString(alphabet).replace(/=+$/, '');
    const end = shifted.length % 3 === 0 ? encoded.length : encoded.length - 1;
    return encoded.slice([0, 2, 3][offset], end);
  });
}

function redactFailure(error: unknown, text: (input: string) => string, value: <T>(input: T) => T): unknown {
  // Cancellation must stay what it is; its message is ours.
  if (error instanceof CancelledFailure) return error;
  if (!(error instanceof Error)) return new Error(text(String(error)));
  const message = text(error.message);
  const cause = error.cause === undefined ? undefined : redactFailure(error.cause, text, value);
  if (error instanceof ApplicationFailure) {
    const details = value(error.details ?? []) as unknown[];
    if (
      message === error.message &&
      cause === error.cause &&
      JSON.stringify(details) === JSON.stringify(error.details ?? [])
    )
      return error;
    return ApplicationFailure.create({
      type: error.type ?? 'Error',
      message,
      nonRetryable: Boolean(error.nonRetryable),
      details,
      ...(error.nextRetryDelay != null ? { nextRetryDelay: error.nextRetryDelay } : {}),
      ...(cause instanceof Error ? { cause } : {}),
    });
  }
  if (message === error.message && cause === error.cause) return error;
  // Another kind of error keeps its name; its stack, which repeats the message, is not kept.
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  copy.name = error.name;
  return copy;
}

/** `value` with every string in it (at any depth, keys included) passed through `map`. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return map(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [map(key), walk(entry)]));
    return item;
  };
  return walk(value) as T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
