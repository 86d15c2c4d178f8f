// A walk over a YAML tree in document order (a mapping's key before its value) with an explicit
// stack: generated files nest and repeat far more than a call stack allows, and the walk must
// end in a diagnostic, never a RangeError.
import { isCollection, isNode, isPair, type Node, type Pair } from 'yaml';
import { COMPILE_LIMITS } from './limits.js';

/** Where a node sits, so that it can be replaced there. */
export type Slot =
  { parent: null } | { parent: Pair; key: 'key' | 'value' } | { parent: { items: unknown[] }; key: number };

export interface Visit {
  node: Node;
  slot: Slot;
  /** 0 for the root; a mapping's keys and values are one level below it. */
  depth: number;
  /** The collections around the node, outermost first (the live stack: copy to keep). */
  ancestors: readonly Node[];
}

/** Calls `visitor` for every node under `root` in document order; `false` skips its children. */
export function walkTree(root: unknown, visitor: (visit: Visit) => boolean | void): void {
  const stack: { node: Node; slot: Slot; depth: number }[] = isNode(root)
    ? [{ node: root, slot: { parent: null }, depth: 0 }]
    : [];
  const ancestors: Node[] = [];
  while (stack.length > 0) {
    const { node, slot, depth } = stack.pop()!;
    ancestors.length = depth;
    if (visitor({ node, slot, depth, ancestors }) === false || !isCollection(node)) continue;
    ancestors.push(node);
    const items = node.items as unknown[];
    // Pushed last to first, so that they are popped in document order.
    for (let index = items.length - 1; index >= 0; index--) {
      const item = items[index];
      if (isPair(item)) {
        if (isNode(item.value))
          stack.push({ node: item.value, slot: { parent: item, key: 'value' }, depth: depth + 1 });
        if (isNode(item.key)) stack.push({ node: item.key, slot: { parent: item, key: 'key' }, depth: depth + 1 });
      } else if (isNode(item)) {
        stack.push({ node: item, slot: { parent: node as { items: unknown[] }, key: index }, depth: depth + 1 });
      }
    }
  }
}

export function replaceAt(slot: Slot, replacement: Node): void {
  if (slot.parent === null) throw new Error('replaceAt: the root has no slot');
  if (isPair(slot.parent))
    (slot.parent as unknown as Record<string, unknown>)[(slot as { key: string }).key] = replacement;
  else slot.parent.items[(slot as { key: number }).key] = replacement;
}

/** Nodes under `root` (itself included) and the levels below it (0 for a scalar). */
export function measureTree(root: unknown): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  walkTree(root, (visit) => {
    nodes++;
    depth = Math.max(depth, visit.depth);
  });
  return { nodes, depth };
}

export function nestingMessage(): string {
  return `the YAML nests more than ${COMPILE_LIMITS.nesting} levels deep`;
}

export const NESTING_HINT =
  'flatten the structure: steps nest through loops a few levels deep, and data this deep belongs in a file a step reads';
