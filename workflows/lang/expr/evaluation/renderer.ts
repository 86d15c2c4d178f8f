// Executes statements: text, output, if, for, set (of names, of a namespace's attribute, and
// block set), with, macro, call and filter blocks. What runs in a scope of its own — a macro,
// a caller, a loop run by `loop(…)`, a block set or filter block — renders into a Renderer of
// its own, which returns the text.

import { toText } from '../python/index.js';
import { TemplateError, withSpan } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import type { Invocation, Statement } from '../syntax/index.js';
import { assign, assignTarget } from './assign.js';
import type { Evaluator } from './evaluator.js';
import { Frame } from './frame.js';
import { runLoop } from './loops.js';
import type { LoopRenderer } from './loops.js';
import { createMacro } from './macros.js';
import type { MacroRenderer } from './macros.js';

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

  /** Renders `statements` in a scope of their own (a child of `frame`), into text of their own. */
  renderScoped(statements: readonly Statement[], frame: Frame, span: Statement): string {
    const inner = new Renderer(this.evaluator, this.budget);
    return this.nested(() => inner.render(statements, new Frame(frame)), span);
  }

  renderBody(statements: readonly Statement[], frame: Frame): void {
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
    const { evaluator, budget } = this;
    switch (statement.kind) {
      case 'text':
        return this.write(statement.text, statement);
      case 'output':
        return this.write(toText(evaluator.evaluateLenient(statement.expression, frame), budget), statement);
      case 'if': {
        const branch = statement.branches.find((candidate) => evaluator.test(candidate.test, frame));
        const body = branch === undefined ? statement.otherwise : branch.body;
        if (body !== null) this.nested(() => this.renderBody(body, frame), statement);
        return;
      }
      case 'for':
        return this.nested(() => this.renderFor(statement, frame), statement);
      case 'set':
        return assignTarget(frame, statement.target, evaluator.evaluateLenient(statement.value, frame), evaluator);
      case 'set-block': {
        const text = this.filtered(statement.filters, this.renderScoped(statement.body, frame, statement), frame);
        return assignTarget(frame, statement.target, text, evaluator);
      }
      case 'filter-block': {
        const text = this.filtered(statement.filters, this.renderScoped(statement.body, frame, statement), frame);
        return this.write(toText(text, budget), statement);
      }
      case 'with':
        return this.renderWith(statement, frame);
      case 'macro':
        return frame.set(statement.name, createMacro(statement, frame, this.bodyRenderer()));
      case 'call-block': {
        const caller = createMacro({ ...statement, name: 'caller' }, frame, this.bodyRenderer());
        const value = evaluator.call(statement.call, frame, new Map([['caller', caller]]));
        return this.write(toText(value, budget), statement);
      }
    }
  }

  /** `{% with a = 1, b = a %}`: every value is taken from outside, then bound inside. */
  private renderWith(statement: Extract<Statement, { kind: 'with' }>, frame: Frame): void {
    const values = statement.bindings.map((binding) => this.evaluator.evaluateLenient(binding.value, frame));
    const scope = new Frame(frame);
    statement.bindings.forEach((binding, index) => assign(scope, binding.target, values[index], this.budget));
    this.nested(() => this.renderBody(statement.body, scope), statement);
  }

  private renderFor(statement: Extract<Statement, { kind: 'for' }>, frame: Frame): void {
    const iterable = this.evaluator.evaluateLenient(statement.iterable, frame);
    runLoop(statement, iterable, frame, 0, this.loopRenderer());
  }

  private filtered(filters: readonly Invocation[], text: string, frame: Frame): unknown {
    return filters.reduce<unknown>((value, filter) => this.evaluator.applyInvocation(filter, value, frame), text);
  }

  /** How a macro renders its body: into text of its own, one level deeper. */
  private bodyRenderer(): MacroRenderer {
    return {
      evaluator: this.evaluator,
      renderBody: (body, frame) => {
        const inner = new Renderer(this.evaluator, this.budget);
        this.budget.enter();
        try {
          return inner.render(body, frame);
        } finally {
          this.budget.leave();
        }
      },
    };
  }

  private loopRenderer(): LoopRenderer {
    return {
      evaluator: this.evaluator,
      budget: this.budget,
      renderBody: (body, frame) => this.renderBody(body, frame),
      renderNested: (run) => {
        const inner = new Renderer(this.evaluator, this.budget);
        this.budget.enter();
        try {
          run(inner.loopRenderer());
          return inner.output.join('');
        } finally {
          this.budget.leave();
        }
      },
    };
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
