// YAML merge keys (`<<: *base`, `<<: [*a, *b]`), as PyYAML reads them: the pairs of the merged
// mappings are added to the mapping, a key written in the mapping itself wins, and in a list
// the earlier mapping wins. Runs after aliases are replaced by copies, so the merged pairs keep
// the anchored text's ranges and a diagnostic inside them points there.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceFile } from './source.js';
import { walkTree } from './yaml-tree.js';

/** Flattens every merge key of the document; false after a diagnostic. */
export function resolveMergeKeys(source: SourceFile): boolean {
  // A merge key is written "<<": without one there is nothing to walk the tree for.
  if (!source.text.includes('<<')) return true;
  const maps: YAMLMap[] = [];
  walkTree(source.document.contents, ({ node }) => {
    if (isMap(node) && node.items.some(isMergePair)) maps.push(node);
  });
  let valid = true;
  // Innermost last in document order: merge the inner mappings first, so that a mapping merged
  // into another already carries its own merged pairs.
  for (const map of maps.reverse()) valid = mergeInto(source, map) && valid;
  return valid;
}

function isMergePair(item: unknown): item is Pair<Node, Node> {
  // Only a plain "<<" is a merge key: a quoted "<<" is an ordinary key, as in PyYAML.
  return isPair(item) && isScalar(item.key) && item.key.value === '<<' && item.key.type === 'PLAIN';
}

function mergeInto(source: SourceFile, map: YAMLMap): boolean {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  let valid = true;
  for (const item of map.items) {
    if (!isMergePair(item)) own.push(item as Pair);
    else {
      const sources = mergedMappings(source, item);
      if (sources === undefined) valid = false;
      else for (const mapping of sources) merged.push(...(mapping.items as Pair[]));
    }
  }
  if (!valid) return false;
  const taken = new Set(own.map(keyText));
  const added: Pair[] = [];
  for (const pair of merged) {
    const key = keyText(pair);
    if (taken.has(key)) continue;
    taken.add(key);
    added.push(pair);
  }
  map.items = [...added, ...own];
  return true;
}

/** The mappings a merge key names, first one first; undefined after a diagnostic. */
function mergedMappings(source: SourceFile, pair: Pair<Node, Node>): YAMLMap[] | undefined {
  const value = pair.value;
  if (isMap(value)) return [value];
  if (isSeq(value) && value.items.every((item) => isMap(item))) return value.items as YAMLMap[];
  const culprit = isSeq(value) ? (value.items.find((item) => !isMap(item)) as Node) : (value ?? pair.key);
  source.report(
    'error',
    'E_YAML_MERGE',
    culprit,
    '',
    'a merge key "<<" takes a mapping or a list of mappings (usually aliases: "<<: *base" or "<<: [*a, *b]")',
    'anchor the mapping to merge with "&base" and write "<<: *base"; to use "<<" as an ordinary key, quote it',
  );
  return undefined;
}

/** A key as text, to compare a merged key with the mapping's own (scalars by value). */
function keyText(pair: Pair): string {
  return isScalar(pair.key) ? `s:${String(pair.key.value)}` : `n:${String(pair.key)}`;
}
