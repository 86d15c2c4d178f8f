// Static analysis for the compiler: which free names a template or expression reads, with
// the static part of each access path, where, and whether `default` or `is defined`
// guards it. Names bound by {% set %}, {% for %} and `loop` are not free.

import { BUILTIN_GLOBALS } from '../filters/index.js';
import { argumentExpressions, childExpressions } from './ast-walk.js';
import type { AssignTarget, CallArguments, Expression, Invocation, MacroSignature, Statement } from './ast.js';

export interface TemplateReference {
  name: string;
  path: string[];
  offset: number;
  length: number;
  guarded: boolean;
}

const GUARDING_FILTERS = new Set(['default', 'd']);
const GUARDING_TESTS = new Set(['defined', 'undefined']);

class ReferenceCollector {
  readonly references: TemplateReference[] = [];
  private readonly scopes: Set<string>[] = [new Set()];

  statements(statements: readonly Statement[]): void {
    for (const statement of statements) this.statement(statement);
  }

  private statement(statement: Statement): void {
    switch (statement.kind) {
      case 'text':
        return;
      case 'output':
        return this.expression(statement.expression, false);
      case 'if':
        for (const branch of statement.branches) {
          this.expression(branch.test, false);
          this.statements(branch.body);
        }
        return this.statements(statement.otherwise ?? []);
      case 'for':
        this.expression(statement.iterable, false);
        this.scoped([...statement.target.names, 'loop'], () => {
          if (statement.filter !== null) this.expression(statement.filter, false);
          this.statements(statement.body);
        });
        return this.statements(statement.otherwise ?? []);
      case 'set':
        this.expression(statement.value, false);
        return this.assign(statement.target, statement);
      case 'set-block':
      case 'filter-block':
        this.invocations(statement.filters);
        this.scoped([], () => this.statements(statement.body));
        return statement.kind === 'set-block' ? this.assign(statement.target, statement) : undefined;
      case 'with':
        for (const binding of statement.bindings) this.expression(binding.value, false);
        return this.scoped(
          statement.bindings.flatMap((binding) => binding.target.names),
          () => this.statements(statement.body),
        );
      case 'macro':
        this.bind([statement.name]);
        return this.signatureScope(statement.signature, statement.body);
      case 'call-block':
        this.expression(statement.call, false);
        return this.signatureScope(statement.signature, statement.body);
    }
  }

  /** A macro's or caller's body: its parameters (and caller, varargs, kwargs) are bound there. */
  private signatureScope(signature: MacroSignature, body: readonly Statement[]): void {
    this.scoped(['caller', 'varargs', 'kwargs'], () => {
      for (const param of signature.params) {
        if (param.default !== null) this.expression(param.default, false);
        this.bind([param.name]);
      }
      this.statements(body);
    });
  }

  private scoped(names: readonly string[], walk: () => void): void {
    this.scopes.push(new Set(names));
    walk();
    this.scopes.pop();
  }

  /** `{% set x = … %}` binds x; `{% set ns.a = … %}` reads ns. */
  private assign(target: AssignTarget, statement: Statement): void {
    const [name] = target.names;
    if (target.attribute === undefined || name === undefined) return this.bind(target.names);
    if (!this.isBound(name)) {
      const length = name.length + 1 + target.attribute.length;
      this.references.push({ name, path: [], offset: statement.offset, length, guarded: false });
    }
  }

  private invocations(filters: readonly Invocation[]): void {
    for (const filter of filters) this.arguments(filter);
  }

  private bind(names: readonly string[]): void {
    const scope = this.scopes[this.scopes.length - 1];
    for (const name of names) scope?.add(name);
  }

  private isBound(name: string): boolean {
    return this.scopes.some((scope) => scope.has(name));
  }

  expression(node: Expression, guarded: boolean): void {
    if (node.kind === 'name' || node.kind === 'attribute' || node.kind === 'item' || node.kind === 'slice') {
      return this.accessChain(node, guarded);
    }
    if (node.kind === 'filter') {
      this.expression(node.operand, GUARDING_FILTERS.has(node.name));
      return this.arguments(node);
    }
    if (node.kind === 'test') {
      this.expression(node.operand, GUARDING_TESTS.has(node.name));
      return this.arguments(node);
    }
    if (node.kind === 'call') {
      const { callee } = node;
      if (callee.kind === 'attribute') this.expression(callee.object, false);
      else if (!(callee.kind === 'name' && BUILTIN_GLOBALS.has(callee.name) && !this.isBound(callee.name)))
        this.expression(callee, false);
      return this.arguments(node);
    }
    for (const child of childExpressions(node)) this.expression(child, false);
  }

  private arguments(node: CallArguments): void {
    for (const argument of argumentExpressions(node)) this.expression(argument, false);
  }

  /** `a.b['c'][i].d`: reports `a` with path ['b', 'c'], then walks `i`. */
  private accessChain(node: Expression, guarded: boolean): void {
    const accessors: Expression[] = [];
    let root = node;
    while (root.kind === 'attribute' || root.kind === 'item' || root.kind === 'slice') {
      accessors.unshift(root);
      root = root.object;
    }
    if (root.kind !== 'name') this.expression(root, false);
    const path: string[] = [];
    let end = root.offset + root.length;
    let isStatic = true;
    for (const accessor of accessors) {
      const key = staticKey(accessor);
      if (isStatic && key !== undefined) {
        path.push(key);
        end = accessor.offset + accessor.length;
      } else {
        isStatic = false;
      }
      if (accessor.kind === 'item') this.expression(accessor.key, false);
      if (accessor.kind === 'slice')
        for (const bound of [accessor.start, accessor.stop, accessor.step])
          if (bound !== null) this.expression(bound, false);
    }
    if (root.kind === 'name' && !this.isBound(root.name)) {
      this.references.push({ name: root.name, path, offset: root.offset, length: end - root.offset, guarded });
    }
  }
}

/**
 * A literal index (`xs[0]`) is kept in the path as `[0]`, so a result's list items can be
 * checked below it (compile/result-fields.ts); names never start with `[`.
 */
function staticKey(accessor: Expression): string | undefined {
  if (accessor.kind === 'attribute') return accessor.name;
  if (accessor.kind === 'item' && accessor.key.kind === 'literal' && typeof accessor.key.value === 'string')
    return accessor.key.value;
  if (accessor.kind === 'item' && accessor.key.kind === 'literal' && Number.isInteger(accessor.key.value))
    return `[${String(accessor.key.value)}]`;
  return undefined;
}

export function collectTemplateReferences(statements: readonly Statement[]): TemplateReference[] {
  const collector = new ReferenceCollector();
  collector.statements(statements);
  return collector.references.sort((left, right) => left.offset - right.offset);
}

export function collectExpressionReferences(expression: Expression): TemplateReference[] {
  const collector = new ReferenceCollector();
  collector.expression(expression, false);
  return collector.references.sort((left, right) => left.offset - right.offset);
}
