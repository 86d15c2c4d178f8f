// Python's repr() of template values, for '%r' and error messages.

import { formatNumber } from './to-text.js';
import { describeKind, isMapping, mappingEntries } from './values.js';

export function pythonRepr(value: unknown, maxDepth = 200): string {
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (maxDepth <= 0) return '...';
  if (Array.isArray(value)) return '[' + value.map((item: unknown) => pythonRepr(item, maxDepth - 1)).join(', ') + ']';
  if (isMapping(value)) {
    const entries = mappingEntries(value).map(([key, item]) => `${reprString(key)}: ${pythonRepr(item, maxDepth - 1)}`);
    return '{' + entries.join(', ') + '}';
  }
  return `<${describeKind(value)}>`;
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/[\\\x00-\x1f\x7f]/g, (char) => {
    if (char === '\\') return '\\\\';
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return '\\x' + char.charCodeAt(0).toString(16).padStart(2, '0');
  });
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}
