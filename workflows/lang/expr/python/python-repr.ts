// Python's repr() of template values, for '%r' and error messages.

import { describeKind, isMapping, mappingEntries } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { TextBuilder } from './text-builder.js';
import { formatNumber } from './to-text.js';

/** repr() of `value`, refused once longer than the output limit. */
export function pythonRepr(value: unknown, budget: Budget): string {
  const text = new TextBuilder(budget);
  writeRepr(value, text, budget, budget.limits.maxDepth);
  return text.toString();
}

function writeRepr(value: unknown, text: TextBuilder, budget: Budget, maxDepth: number): void {
  text.visit();
  if (typeof value === 'string') return writeString(value, text);
  if (typeof value === 'number') return text.add(formatNumber(value));
  if (typeof value === 'boolean') return text.add(value ? 'True' : 'False');
  if (value === null) return text.add('None');
  if (maxDepth <= 0) return text.add('...');
  if (Array.isArray(value)) {
    text.add('[');
    (value as readonly unknown[]).forEach((item, index) => {
      if (index > 0) text.add(', ');
      writeRepr(item, text, budget, maxDepth - 1);
    });
    return text.add(']');
  }
  if (isMapping(value)) {
    text.add('{');
    mappingEntries(value, budget).forEach(([key, item], index) => {
      if (index > 0) text.add(', ');
      writeString(key, text);
      text.add(': ');
      writeRepr(item, text, budget, maxDepth - 1);
    });
    return text.add('}');
  }
  text.add(`<${describeKind(value)}>`);
}

function writeString(value: string, text: TextBuilder): void {
  text.reserve(value.length + 2);
  text.add(reprString(value));
}

const REPR_ESCAPES: Readonly<Record<number, string>> = { 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/** One loop over the UTF-16 units: no per-character callbacks on long strings. */
export function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const pieces: string[] = [quote];
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const escaped = unit === 0x5c || unit < 0x20 || unit === 0x7f || (unit === 0x27 && quote === "'");
    if (!escaped) continue;
    if (index > start) pieces.push(text.slice(start, index));
    pieces.push(unit === 0x27 ? "\\'" : (REPR_ESCAPES[unit] ?? '\\x' + unit.toString(16).padStart(2, '0')));
    start = index + 1;
  }
  pieces.push(start === 0 ? text : text.slice(start), quote);
  return pieces.join('');
}
