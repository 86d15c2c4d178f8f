// Typed readers for scalar values; each reports E_TYPE with the value it found.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceFile } from './source.js';
import type { Entry } from './mapping.js';

export function plainValue(node: Node | null): unknown {
  return node === null ? null : (node.toJSON() as unknown);
}

export function describeNode(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
    return `${typeof value} ${String(value)}`;
  }
  return 'an alias';
}

export function readString(source: SourceFile, entry: Entry, what: string): string | undefined {
  const node = entry.value;
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
  source.report(
    'error',
    'E_TYPE',
    node ?? entry.keyNode,
    entry.pointer,
    `${what} must be text, not ${describeNode(node)}`,
  );
  return undefined;
}

export function readPositiveInteger(
  source: SourceFile,
  entry: Entry,
  what: string,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const node = entry.value;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maximum) return value;
  source.report(
    'error',
    'E_TYPE',
    node ?? entry.keyNode,
    entry.pointer,
    `${what} must be a whole number from 1 to ${maximum}, not ${describeNode(node)}`,
  );
  return undefined;
}

export function readNumber(source: SourceFile, entry: Entry, what: string): number | undefined {
  const node = entry.value;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  source.report(
    'error',
    'E_TYPE',
    node ?? entry.keyNode,
    entry.pointer,
    `${what} must be a number, not ${describeNode(node)}`,
  );
  return undefined;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "250ms", "30s", "5m", "2h", "1d", or a bare number of seconds (py-orc). */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  const milliseconds = Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1_000);
  return milliseconds > 0 ? Math.round(milliseconds) : undefined;
}

export function readDuration(source: SourceFile, entry: Entry, what: string): number | undefined {
  const value = plainValue(entry.value);
  const milliseconds = parseDuration(value);
  if (milliseconds !== undefined) return milliseconds;
  source.report(
    'error',
    'E_DURATION',
    entry.value ?? entry.keyNode,
    entry.pointer,
    `${what} must be a duration, not ${describeNode(entry.value)}`,
    'write "250ms", "30s", "5m", "2h", "1d" or a number of seconds',
  );
  return undefined;
}

/** A list of ids, or a comma-separated string of them (py-orc). */
export function readIdList(source: SourceFile, entry: Entry, what: string): { id: string; node: Node }[] {
  const node = entry.value;
  if (isScalar(node) && typeof node.value === 'string') {
    return node.value
      .split(',')
      .map((id) => ({ id: id.trim(), node }))
      .filter((item) => item.id !== '');
  }
  if (isSeq(node)) {
    const ids: { id: string; node: Node }[] = [];
    for (const item of node.items as Node[]) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number'))
        ids.push({ id: String(item.value), node: item });
      else
        source.report('error', 'E_TYPE', item, entry.pointer, `${what} must list step ids, not ${describeNode(item)}`);
    }
    return ids;
  }
  source.report(
    'error',
    'E_TYPE',
    node ?? entry.keyNode,
    entry.pointer,
    `${what} must be a list of step ids or a comma-separated string, not ${describeNode(node)}`,
  );
  return [];
}
