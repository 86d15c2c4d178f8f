// A for loop's run: the items (filtered by its `if`), the `else` when there are none, and the
// `loop` variable — index, first, last, length, depth…, `loop.cycle(…)`, `loop.changed(…)`,
// and, in a `recursive` loop, `loop(items)`, which runs the loop's body over other items one
// level deeper and gives the text.

import { iterate } from '../operations/index.js';
import { pyEquals } from '../python/index.js';
import { Callable, Undefined, typeError } from '../shared/index.js';
import type { Arguments, Budget } from '../shared/index.js';
import type { Statement } from '../syntax/index.js';
import { assign } from './assign.js';
import type { Evaluator } from './evaluator.js';
import { Frame } from './frame.js';

type ForStatement = Extract<Statement, { kind: 'for' }>;

export interface LoopRenderer {
  readonly evaluator: Evaluator;
  readonly budget: Budget;
  renderBody(body: readonly Statement[], frame: Frame): void;
  /** Runs `run` with a renderer of its own and gives the text it wrote. */
  renderNested(run: (renderer: LoopRenderer) => void): string;
}

/** What `loop.changed` compares with: the values of its last call in this run of the loop. */
interface ChangedState {
  last: Arguments | undefined;
}

export function runLoop(
  statement: ForStatement,
  iterable: unknown,
  frame: Frame,
  depth0: number,
  renderer: LoopRenderer,
): void {
  const { evaluator, budget } = renderer;
  if (iterable instanceof Undefined && !iterable.silent) throw iterable.error();
  let items = iterable instanceof Undefined ? [] : iterate(iterable, budget, 'the loop value');
  const { filter } = statement;
  if (filter !== null) {
    items = items.filter((item) => {
      budget.iteration(statement);
      const scope = new Frame(frame);
      assign(scope, statement.target, item, budget);
      return evaluator.test(filter, scope);
    });
  }
  if (items.length === 0) {
    if (statement.otherwise !== null) renderer.renderBody(statement.otherwise, frame);
    return;
  }
  const changed: ChangedState = { last: undefined };
  const recurse = statement.recursive
    ? (nested: unknown): string =>
        renderer.renderNested((inner) => runLoop(statement, nested, frame, depth0 + 1, inner))
    : undefined;
  items.forEach((item, index) => {
    budget.iteration(statement);
    const scope = new Frame(frame);
    assign(scope, statement.target, item, budget);
    scope.set('loop', loopVariable(items, index, depth0, changed, recurse));
    renderer.renderBody(statement.body, scope);
  });
}

function loopVariable(
  items: readonly unknown[],
  index: number,
  depth0: number,
  changed: ChangedState,
  recurse: ((items: unknown) => string) | undefined,
): Callable {
  const length = items.length;
  const attributes: Record<string, unknown> = {
    index: index + 1,
    index0: index,
    revindex: length - index,
    revindex0: length - index - 1,
    first: index === 0,
    last: index === length - 1,
    length,
    depth: depth0 + 1,
    depth0,
    cycle: new Callable('loop.cycle', (args) => {
      if (args.length === 0) throw typeError('loop.cycle() needs at least one value to cycle through');
      return args[index % args.length];
    }),
    changed: new Callable('loop.changed', (args, _kwargs, context) => {
      if (changed.last !== undefined && pyEquals(changed.last, args, context.budget)) return false;
      changed.last = args;
      return true;
    }),
  };
  if (index > 0) attributes['previtem'] = items[index - 1];
  if (index < length - 1) attributes['nextitem'] = items[index + 1];
  return new Callable(
    'loop',
    (args, kwargs) => {
      if (recurse === undefined) {
        throw typeError('loop(…) runs the loop again only in a recursive loop: write {% for … recursive %}');
      }
      if (args.length !== 1 || kwargs.size > 0) throw typeError('loop(…) takes exactly one argument: the items');
      return recurse(args[0]);
    },
    attributes,
  );
}
