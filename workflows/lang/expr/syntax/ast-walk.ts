// Generic walking of expression trees, for checks that must not recurse.

import { MAX_EXPRESSION_DEPTH, limitError } from '../shared/index.js';
import type { CallArguments, Expression, Invocation, Statement } from './ast.js';

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
      return [node.operand, ...argumentExpressions(node)];
    case 'call':
      return [node.callee, ...argumentExpressions(node)];
  }
}

/** The expressions of a call's arguments, `*list` and `**mapping` included. */
export function argumentExpressions(callArguments: CallArguments): Expression[] {
  const expressions = [...callArguments.args, ...callArguments.kwargs.map((keyword) => keyword.value)];
  if (callArguments.starArgs !== undefined) expressions.push(callArguments.starArgs);
  if (callArguments.starKwargs !== undefined) expressions.push(callArguments.starKwargs);
  return expressions;
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

function invocationExpressions(filters: readonly Invocation[]): Expression[] {
  return filters.flatMap((filter) => argumentExpressions(filter));
}

/** A statement's own expressions and the statements nested in it. */
export function statementChildren(statement: Statement): {
  expressions: Expression[];
  statements: readonly Statement[];
} {
  switch (statement.kind) {
    case 'text':
      return { expressions: [], statements: [] };
    case 'output':
      return { expressions: [statement.expression], statements: [] };
    case 'if':
      return {
        expressions: statement.branches.map((branch) => branch.test),
        statements: [...statement.branches.flatMap((branch) => branch.body), ...(statement.otherwise ?? [])],
      };
    case 'for':
      return {
        expressions: statement.filter === null ? [statement.iterable] : [statement.iterable, statement.filter],
        statements: [...statement.body, ...(statement.otherwise ?? [])],
      };
    case 'set':
      return { expressions: [statement.value], statements: [] };
    case 'set-block':
    case 'filter-block':
      return { expressions: invocationExpressions(statement.filters), statements: statement.body };
    case 'with':
      return { expressions: statement.bindings.map((binding) => binding.value), statements: statement.body };
    case 'macro':
      return { expressions: defaults(statement.signature.params), statements: statement.body };
    case 'call-block':
      return {
        expressions: [statement.call, ...defaults(statement.signature.params)],
        statements: statement.body,
      };
  }
}

function defaults(params: readonly { readonly default: Expression | null }[]): Expression[] {
  return params.flatMap((param) => (param.default === null ? [] : [param.default]));
}
