// Executes statements: text, output, if, for (with loop variables), set.

import { iterate } from '../operations/index.js';
import { toText } from '../python/index.js';
import {
  TemplateError,
  Undefined,
  describeKind,
  isMapping,
  mappingEntries,
  typeError,
  withSpan,
} from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import type { AssignTarget, Statement } from '../syntax/index.js';
import type { Evaluator } from './evaluator.js';
import { Frame } from './frame.js';

export class Renderer {
  private readonly output: string[] = [];

  constructor(
    private readonly evaluator: Evaluator,
    private readonly budget: Budget,
  ) {}

  render(statements: readonly Statement[], frame: Frame): string {
    this.renderBody(statements, frame);
    return this.output.join('');
  }

  private renderBody(statements: readonly Statement[], frame: Frame): void {
    for (const statement of statements) {
      try {
        this.renderStatement(statement, frame);
      } catch (error) {
        throw error instanceof TemplateError ? withSpan(error, statement) : error;
      }
    }
  }

  private write(text: string, statement: Statement): void {
    if (text === '') return;
    this.budget.output(text.length, statement);
    this.output.push(text);
  }

  private renderStatement(statement: Statement, frame: Frame): void {
    switch (statement.kind) {
      case 'text':
        return this.write(statement.text, statement);
      case 'output': {
        const value = this.evaluator.evaluateLenient(statement.expression, frame);
        return this.write(toText(value, this.budget), statement);
      }
      case 'if': {
        const branch = statement.branches.find((candidate) => this.evaluator.test(candidate.test, frame));
        const body = branch === undefined ? statement.otherwise : branch.body;
        if (body !== null) this.nested(() => this.renderBody(body, frame), statement);
        return;
      }
      case 'for':
        return this.nested(() => this.renderFor(statement, frame), statement);
      case 'set':
        return assign(frame, statement.target, this.evaluator.evaluateLenient(statement.value, frame), this.budget);
      case 'set-block': {
        const inner = new Renderer(this.evaluator, this.budget);
        const text = this.nested(() => inner.render(statement.body, frame), statement);
        return frame.set(statement.name, text);
      }
    }
  }

  private renderFor(statement: Extract<Statement, { kind: 'for' }>, frame: Frame): void {
    const iterable = this.evaluator.evaluateLenient(statement.iterable, frame);
    if (iterable instanceof Undefined && !iterable.silent) throw iterable.error();
    let items = iterable instanceof Undefined ? [] : iterate(iterable, this.budget, 'the loop value');
    const { filter } = statement;
    if (filter !== null) {
      items = items.filter((item) => {
        this.budget.iteration(statement);
        const scope = new Frame(frame);
        assign(scope, statement.target, item, this.budget);
        return this.evaluator.test(filter, scope);
      });
    }
    if (items.length === 0) {
      if (statement.otherwise !== null) this.renderBody(statement.otherwise, frame);
      return;
    }
    items.forEach((item, index) => {
      this.budget.iteration(statement);
      const scope = new Frame(frame);
      assign(scope, statement.target, item, this.budget);
      scope.set('loop', loopVariable(items, index));
      this.renderBody(statement.body, scope);
    });
  }

  private nested<T>(run: () => T, statement: Statement): T {
    this.budget.enter(statement);
    try {
      return run();
    } finally {
      this.budget.leave();
    }
  }
}

/** A plain object of fixed, known keys: built at every iteration, so built the fast way. */
function loopVariable(items: readonly unknown[], index: number): Record<string, unknown> {
  const length = items.length;
  const loop: Record<string, unknown> = {
    index: index + 1,
    index0: index,
    revindex: length - index,
    revindex0: length - index - 1,
    first: index === 0,
    last: index === length - 1,
    length,
    depth: 1,
    depth0: 0,
  };
  if (index > 0) loop['previtem'] = items[index - 1];
  if (index < length - 1) loop['nextitem'] = items[index + 1];
  return loop;
}

/** Binds `x`, or unpacks into `k, v` (a pair, a groupby group, or a string). */
export function assign(frame: Frame, target: AssignTarget, value: unknown, budget: Budget): void {
  const [single] = target.names;
  if (!target.unpack && single !== undefined) return frame.set(single, value);
  const parts = unpack(value, budget);
  if (parts === undefined || parts.length !== target.names.length) {
    const count = parts === undefined ? describeKind(value) : `${parts.length} values`;
    throw typeError(`cannot unpack ${count} into ${target.names.length} names (${target.names.join(', ')})`);
  }
  target.names.forEach((name, index) => frame.set(name, parts[index]));
}

function unpack(value: unknown, budget: Budget): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return iterate(value, budget);
  if (value instanceof Undefined) throw value.error();
  if (isMapping(value)) {
    const entries = mappingEntries(value, budget);
    const [first, second] = entries;
    if (entries.length === 2 && first?.[0] === 'grouper' && second?.[0] === 'list') return [first[1], second[1]];
  }
  return undefined;
}
