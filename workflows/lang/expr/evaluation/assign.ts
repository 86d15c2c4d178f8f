// Binding values to the targets of for, set and with: a name, names unpacked from a pair (or
// a groupby group, or a string), or the attribute of a namespace (`{% set ns.count = 1 %}`).

import { checkSafeName, iterate } from '../operations/index.js';
import { Undefined, describeKind, isMapping, isNamespace, mappingEntries, typeError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import type { AssignTarget } from '../syntax/index.js';
import type { Evaluator } from './evaluator.js';
import type { Frame } from './frame.js';

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

/** As assign, and `ns.name = value` on a namespace() — the only values a template may change. */
export function assignTarget(frame: Frame, target: AssignTarget, value: unknown, evaluator: Evaluator): void {
  const [name] = target.names;
  if (target.attribute === undefined || name === undefined) return assign(frame, target, value, evaluator.budget);
  checkSafeName(target.attribute);
  const namespace = evaluator.resolve(name, frame);
  if (namespace instanceof Undefined) throw namespace.error();
  if (!isNamespace(namespace)) {
    throw typeError(
      `cannot set "${name}.${target.attribute}": "${name}" is ${describeKind(namespace)}, not a namespace; ` +
        `make one with {% set ${name} = namespace() %}`,
    );
  }
  if (value instanceof Undefined && !value.silent) throw value.error();
  const stored = value instanceof Undefined ? null : value;
  Object.defineProperty(namespace, target.attribute, {
    value: stored,
    enumerable: true,
    writable: true,
    configurable: true,
  });
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
