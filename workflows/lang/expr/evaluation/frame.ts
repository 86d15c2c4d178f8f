// Variable scopes: the caller's scope, then globals, with frames for {% set %} and loops.

import { BUILTIN_GLOBALS } from '../filters/index.js';
import { checkSafeName } from '../operations/index.js';
import { Callable, Undefined, didYouMean, ownValue, typeError } from '../shared/index.js';
import type { Budget, SourceSpan } from '../shared/index.js';

export type Scope = Record<string, unknown>;

/** One level of template-local variables: the template itself, or one loop iteration. */
export class Frame {
  private readonly variables = new Map<string, unknown>();

  constructor(readonly parent: Frame | null) {}

  set(name: string, value: unknown): void {
    this.variables.set(name, value);
  }

  find(name: string): { value: unknown } | undefined {
    if (this.variables.has(name)) return { value: this.variables.get(name) };
    return this.parent === null ? undefined : this.parent.find(name);
  }

  names(): string[] {
    return [...this.variables.keys(), ...(this.parent === null ? [] : this.parent.names())];
  }
}

export interface Environment {
  readonly scope: Scope;
  readonly globals: Record<string, unknown> | undefined;
  readonly budget: Budget;
  readonly now: (() => string) | undefined;
}

/** A name's value: template variables, then the scope, then globals; else an Undefined. */
export function resolveName(name: string, frame: Frame, environment: Environment, span: SourceSpan): unknown {
  checkSafeName(name, span);
  const local = frame.find(name);
  if (local !== undefined) return local.value;
  const scoped = ownValue(environment.scope, name);
  if (scoped !== undefined) return scoped.value;
  const global = environment.globals === undefined ? undefined : ownValue(environment.globals, name);
  if (global !== undefined) return wrapGlobal(name, global.value);
  const builtin = BUILTIN_GLOBALS.get(name);
  if (builtin !== undefined) return builtin;
  return new Undefined(() => {
    const candidates = [...frame.names(), ...Object.keys(environment.scope), ...Object.keys(environment.globals ?? {})];
    const hint = name.includes('-') ? ' (to subtract, put spaces around "-")' : didYouMean(name, candidates);
    return `"${name}" is undefined${hint}`;
  }, span);
}

/** A function given by the caller in `globals` is callable with positional arguments. */
function wrapGlobal(name: string, value: unknown): unknown {
  if (typeof value !== 'function') return value;
  const fn = value as (...args: unknown[]) => unknown;
  return new Callable(name, (args, kwargs) => {
    if (kwargs.size > 0) throw typeError(`${name}() takes no keyword arguments`);
    return fn(...args);
  });
}
