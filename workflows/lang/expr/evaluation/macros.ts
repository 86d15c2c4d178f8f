// Macros and the bodies of call blocks, as callables: arguments bound as Jinja2 binds them
// (positional, then by name, then defaults evaluated in the macro's own scope), `caller`,
// `varargs` and `kwargs` for the bodies that read them, and clear errors for the rest.

import { Callable, Undefined, createMapping, typeError } from '../shared/index.js';
import type { Arguments, KeywordArguments } from '../shared/index.js';
import type { MacroSignature, Statement } from '../syntax/index.js';
import type { Evaluator } from './evaluator.js';
import { Frame } from './frame.js';

export interface MacroDefinition {
  readonly name: string;
  readonly signature: MacroSignature;
  readonly body: readonly Statement[];
}

export interface MacroRenderer {
  readonly evaluator: Evaluator;
  /** Renders a macro's body into text of its own. */
  renderBody(body: readonly Statement[], frame: Frame): string;
}

/** The macro as a value of `closure`, the scope it was defined in (which it sees as it is when called). */
export function createMacro(definition: MacroDefinition, closure: Frame, renderer: MacroRenderer): Callable {
  const { name, signature } = definition;
  return new Callable(
    name,
    (args, kwargs) => {
      const frame = new Frame(closure);
      bindArguments(definition, frame, args, new Map(kwargs), renderer.evaluator);
      return renderer.renderBody(definition.body, frame);
    },
    { name, arguments: signature.params.map((param) => param.name) },
  );
}

function bindArguments(
  definition: MacroDefinition,
  frame: Frame,
  args: Arguments,
  kwargs: Map<string, unknown>,
  evaluator: Evaluator,
): void {
  const { name, signature } = definition;
  signature.params.forEach((param, index) => {
    if (index < args.length) {
      if (kwargs.has(param.name)) throw typeError(`the macro '${name}' got the argument '${param.name}' twice`);
      return frame.set(param.name, args[index]);
    }
    if (kwargs.has(param.name)) {
      frame.set(param.name, kwargs.get(param.name));
      return kwargs.delete(param.name);
    }
    const fallback =
      param.default === null
        ? new Undefined(`the macro '${name}' was called without its parameter '${param.name}'`)
        : evaluator.evaluateLenient(param.default, frame);
    frame.set(param.name, fallback);
  });
  if (signature.usesCaller) {
    const caller = kwargs.get('caller');
    kwargs.delete('caller');
    frame.set(
      'caller',
      caller ?? new Undefined(`the macro '${name}' reads caller(), but no {% call %} block called it`),
    );
  }
  bindExtra(definition, frame, args.slice(signature.params.length), kwargs);
}

/** `varargs` and `kwargs`, for a body that reads them; else extra arguments are an error. */
function bindExtra(definition: MacroDefinition, frame: Frame, extra: Arguments, kwargs: KeywordArguments): void {
  const { name, signature } = definition;
  if (signature.usesKwargs) {
    frame.set('kwargs', createMapping(kwargs));
  } else if (kwargs.size > 0) {
    const [unexpected = ''] = kwargs.keys();
    if (unexpected === 'caller') {
      throw typeError(`the macro '${name}' does not read caller(), so it takes no {% call %} block`);
    }
    throw typeError(`the macro '${name}' has no parameter '${unexpected}'${parameterList(definition)}`);
  }
  if (signature.usesVarargs) {
    frame.set('varargs', [...extra]);
  } else if (extra.length > 0) {
    const count = signature.params.length;
    throw typeError(
      `the macro '${name}' takes at most ${count} argument${count === 1 ? '' : 's'}, got ${count + extra.length}`,
    );
  }
}

function parameterList(definition: MacroDefinition): string {
  const names = definition.signature.params.map((param) => param.name);
  return names.length === 0 ? ' (it takes none)' : ` (its parameters: ${names.join(', ')})`;
}
