// YAML anchors and aliases (`&body …`, `*body`): every alias is replaced by a copy of the node
// it names, so the compiler reads the value and not the alias itself. yaml's own resolution
// decides first (Document#toJS with its alias-count limit, against alias bombs); the copies keep
// the anchored node's ranges, so a diagnostic inside aliased content points at the text.
import { isAlias, isCollection, isScalar, type Alias, type Document, type Node } from 'yaml';
import { COMPILE_LIMITS } from './limits.js';
import type { SourceFile } from './source.js';
import { NESTING_HINT, measureTree, nestingMessage, replaceAt, walkTree, type Slot } from './yaml-tree.js';

interface AliasUse {
  alias: Alias;
  slot: Slot;
  /** The anchored node it names (the last one before it, as yaml resolves), if any. */
  target?: Node;
  /** True when the alias sits inside the node it names. */
  insideTarget: boolean;
  depth: number;
}

/** Replaces every alias of the document by a copy of its anchored node; false after a diagnostic. */
export function resolveAliases(source: SourceFile): boolean {
  // An alias is written with "*": without one there is nothing to walk the tree for.
  if (!source.text.includes('*')) return true;
  const { uses, anchorNames } = aliasUses(source.document);
  if (uses.length === 0) return true;
  let valid = true;
  for (const use of uses) {
    if (!use.target) valid = reportUnknown(source, use, anchorNames);
    else if (use.insideTarget)
      valid = report(
        source,
        use.alias,
        `alias "*${use.alias.source}" is inside the value it names; a value cannot contain itself`,
        `anchor a value that does not contain "*${use.alias.source}"`,
      );
  }
  if (!valid) return false;
  if (exceedsAliasCount(source.document)) {
    const culprit = firstOverLimit(uses) ?? uses[uses.length - 1]!;
    return report(
      source,
      culprit.alias,
      `aliases expand too much: "*${culprit.alias.source}" passes yaml's limit of ${COMPILE_LIMITS.aliasCount} alias expansions (aliases of aliases count multiplied)`,
      'write the repeated value out where it is needed, or alias it fewer times',
    );
  }
  // In document order: an anchored node lies before its aliases, so the aliases inside it are
  // already replaced when it is copied.
  for (const use of uses) {
    const size = measureTree(use.target!);
    if (use.depth + size.depth > COMPILE_LIMITS.nesting)
      return report(source, use.alias, nestingMessage(), NESTING_HINT, 'E_TOO_LARGE');
    if (!source.spend('yamlNodes', size.nodes, use.alias)) return false;
    replaceAt(use.slot, use.target!.clone() as Node);
  }
  return true;
}

function aliasUses(document: Document.Parsed): { uses: AliasUse[]; anchorNames: Set<string> } {
  const anchors = new Map<string, Node>();
  const uses: AliasUse[] = [];
  walkTree(document.contents, ({ node, slot, depth, ancestors }) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      uses.push({ alias: node, slot, depth, target, insideTarget: target !== undefined && ancestors.includes(target) });
    } else if (node.anchor) {
      anchors.set(node.anchor, node);
    }
  });
  return { uses, anchorNames: new Set(anchors.keys()) };
}

/** yaml's own verdict: its conversion refuses unknown aliases and alias bombs. */
function exceedsAliasCount(document: Document.Parsed): boolean {
  try {
    // mapAsMap: keys that are lists or mappings stay keys instead of being stringified with a warning.
    document.toJS({ maxAliasCount: COMPILE_LIMITS.aliasCount, mapAsMap: true });
    return false;
  } catch (error) {
    if (error instanceof ReferenceError) return true;
    throw error;
  }
}

/**
 * The alias at which yaml's count passes the limit, counted as yaml counts (uses of an anchor
 * times the largest count of the aliases inside it), to point at the place to fix.
 */
function firstOverLimit(uses: readonly AliasUse[]): AliasUse | undefined {
  const counts = new Map<Node, { uses: number; factor: number }>();
  const targets = new Map<Node, Node | undefined>(uses.map((use) => [use.alias, use.target]));
  const factorOf = (target: Node): number => {
    let factor = 0;
    walkTree(target, ({ node }) => {
      if (isAlias(node)) {
        const inner = targets.get(node);
        const data = inner && counts.get(inner);
        factor = Math.max(factor, data ? data.uses * data.factor : 0);
      } else if (isScalar(node)) factor = Math.max(factor, 1);
      return isCollection(node);
    });
    return factor;
  };
  for (const use of uses) {
    const data = counts.get(use.target!) ?? { uses: 0, factor: 0 };
    counts.set(use.target!, data);
    data.uses += 1;
    if (data.factor === 0) data.factor = factorOf(use.target!);
    if (data.uses * data.factor > COMPILE_LIMITS.aliasCount) return use;
  }
  return undefined;
}

function reportUnknown(source: SourceFile, use: AliasUse, anchorNames: ReadonlySet<string>): false {
  const name = use.alias.source;
  const hint = anchorNames.has(name)
    ? `"&${name}" is defined after this alias; an anchor must come before its aliases`
    : `mark the value to repeat with "&${name}" above this place`;
  return report(source, use.alias, `alias "*${name}" names no anchor "&${name}" before it`, hint);
}

function report(
  source: SourceFile,
  alias: Alias,
  message: string,
  hint: string,
  code: 'E_YAML_ALIAS' | 'E_TOO_LARGE' = 'E_YAML_ALIAS',
): false {
  source.report('error', code, alias, '', message, hint);
  return false;
}
