// Generic walking of expression trees, for checks that must not recurse.

import { MAX_EXPRESSION_DEPTH, limitError } from '../shared/index.js';
import type { Expression } from './ast.js';

export function childExpressions(node: Expression): Expression[] {
  switch (node.kind) {
    case 'literal':
    case 'name':
      return [];
    case 'list':
    case 'tuple':
      return [...node.items];
    case 'dict':
      return node.entries.flatMap((entry) => [entry.key, entry.value]);
    case 'attribute':
      return [node.object];
    case 'item':
      return [node.object, node.key];
    case 'slice':
      return [node.object, node.start, node.stop, node.step].filter((child): child is Expression => child !== null);
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'compare':
      return [node.first, ...node.rest.map((comparison) => comparison.operand)];
    case 'conditional':
      return [node.test, node.then, ...(node.otherwise === null ? [] : [node.otherwise])];
    case 'filter':
    case 'test':
      return [node.operand, ...node.args, ...node.kwargs.map((keyword) => keyword.value)];
    case 'call':
      return [node.callee, ...node.args, ...node.kwargs.map((keyword) => keyword.value)];
  }
}

/**
 * Refuses trees deeper than the evaluator may recurse, such as a chain of thousands of
 * `+`: checked here, without recursion, so that no later walk can overflow the stack.
 */
export function checkExpressionDepth(root: Expression): void {
  const pending: { node: Expression; depth: number }[] = [{ node: root, depth: 1 }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (entry.depth > MAX_EXPRESSION_DEPTH) {
      throw limitError(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels; split it with {% set %}`, {
        offset: entry.node.offset,
        length: entry.node.length,
      });
    }
    for (const child of childExpressions(entry.node)) pending.push({ node: child, depth: entry.depth + 1 });
  }
}
