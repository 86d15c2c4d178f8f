// Reading a YAML mapping against a table of known keys: unknown keys (with "did you mean"),
// aliases, repeated keys and py-orc's inert keys are all reported here, once.
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { closestMatch } from '../diagnostics.js';
import { pointerJoin, type SourceFile } from './source.js';

export interface Entry {
  key: string;
  keyNode: Node | null;
  value: Node | null;
  pointer: string;
}

export interface KeyTable {
  /** What the mapping is, for messages: "step", "pipeline", "parameter". */
  what: string;
  known: readonly string[];
  /** alias → canonical key. */
  aliases?: Readonly<Record<string, string>>;
  /** Keys py-orc accepts that do nothing here → what happens instead. */
  inert?: Readonly<Record<string, string>>;
  /** Set when any other key not close to a known one is inert (a warning): why. */
  othersInert?: string;
  /** Keys that belong one level down (a step's `prompt` goes under `parameters`). */
  nested?: { under: string; keys: readonly string[] };
  /** Unknown keys that other tools use, and what to write here instead (a step's `type:`). */
  misplaced?: Readonly<Record<string, string>>;
}

/** Entries by canonical key; undefined when the node is not a mapping (already reported). */
export function readMapping(
  source: SourceFile,
  node: unknown,
  pointer: string,
  table: KeyTable,
): Map<string, Entry> | undefined {
  if (!isMap(node)) {
    source.report(
      'error',
      'E_NOT_A_MAPPING',
      node,
      pointer,
      `${table.what} must be a mapping of keys to values`,
      `write it as "key: value" lines indented under its parent`,
    );
    return undefined;
  }
  const entries = new Map<string, Entry>();
  for (const pair of node.items as Pair<unknown, unknown>[]) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) {
      source.report('error', 'E_TYPE', keyNode, pointer, `${table.what} keys must be plain names`);
      continue;
    }
    const entry = classifyKey(source, table, key, keyNode, pointer);
    if (!entry) continue;
    if (entries.has(entry)) {
      source.report(
        'warning',
        'W_DUPLICATE_KEY',
        keyNode,
        pointerJoin(pointer, key),
        `key "${key}" appears more than once in this ${table.what}; the last one wins`,
        'remove the earlier one',
      );
    }
    entries.set(entry, {
      key: entry,
      keyNode,
      value: (pair.value as Node | null) ?? null,
      pointer: pointerJoin(pointer, key),
    });
  }
  return entries;
}

function classifyKey(
  source: SourceFile,
  table: KeyTable,
  key: string,
  keyNode: Node | null,
  pointer: string,
): string | undefined {
  if (table.known.includes(key)) return key;
  const alias = table.aliases && Object.hasOwn(table.aliases, key) ? table.aliases[key] : undefined;
  if (alias) return alias;
  const inert = table.inert && Object.hasOwn(table.inert, key) ? table.inert[key] : undefined;
  if (inert !== undefined) {
    source.report(
      'warning',
      'W_INERT_KEY',
      keyNode,
      pointerJoin(pointer, key),
      `key "${key}" has no effect in a ${table.what}: ${inert}`,
      `remove "${key}"`,
    );
    return undefined;
  }
  const candidates = [...table.known, ...Object.keys(table.aliases ?? {})];
  const suggestion = closestMatch(key, candidates);
  if (table.othersInert && !suggestion) {
    source.report(
      'warning',
      'W_INERT_KEY',
      keyNode,
      pointerJoin(pointer, key),
      `key "${key}" has no effect in a ${table.what}: ${table.othersInert}`,
      `remove "${key}", or check its spelling: the ${table.what}'s keys are ${table.known.join(', ')}`,
    );
    return undefined;
  }
  const misplaced = table.misplaced && Object.hasOwn(table.misplaced, key) ? table.misplaced[key] : undefined;
  const below = table.nested && !suggestion ? closestMatch(key, table.nested.keys) : undefined;
  source.report(
    'error',
    'E_UNKNOWN_KEY',
    keyNode,
    pointerJoin(pointer, key),
    `unknown key "${key}" in ${table.what}`,
    misplaced ??
      (suggestion
        ? `did you mean "${suggestion}"?`
        : below === key
          ? `"${key}" goes under "${table.nested!.under}:" of the ${table.what}: ${table.nested!.under}: {${key}: …}`
          : below
            ? `did you mean "${below}"? It goes under "${table.nested!.under}:" of the ${table.what}`
            : `valid keys: ${table.known.join(', ')}`),
  );
  return undefined;
}
