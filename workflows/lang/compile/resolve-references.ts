// What each template reads: step ids become dependencies, unknown names become diagnostics
// with "did you mean", and the dependency graph is checked for cycles.
import type { Node } from 'yaml';
import { closestMatch } from '../diagnostics.js';
import type { TemplateReference } from '../expr/index.js';
import { findTemplates } from './compile-templates.js';
import { RUN_VARIABLES } from './key-tables.js';
import type { CompiledStep } from './compile-step.js';
import type { SourceFile } from './source.js';

export interface NameScope {
  parameters: ReadonlySet<string>;
  steps: ReadonlySet<string>;
}

/** The step ids a template reference reads, reporting names that exist nowhere. */
export function stepsReadBy(source: SourceFile, scope: NameScope, reference: TemplateReference, node: Node, text: string, pointer: string, reader: string): string[] {
  const { name, path } = reference;
  if (scope.steps.has(name)) return [name];
  if (scope.parameters.has(name)) return [];
  if (name === 'steps') return checkIndirect(source, scope.steps, 'step', reference, node, text, pointer, reader);
  if (name === 'parameters' || name === 'inputs') {
    checkIndirect(source, scope.parameters, 'parameter', reference, node, text, pointer, reader);
    return [];
  }
  if ((RUN_VARIABLES as readonly string[]).includes(name) || reference.guarded) return [];
  const [start, end] = source.offsetInScalar(node, text, reference.offset, name.length);
  const stepSuggestion = closestMatch(name, scope.steps);
  if (stepSuggestion || path[0] === 'result') {
    source.reportAt('error', 'E_UNKNOWN_STEP', start, end, `${reader} references unknown step "${name}"`, pointer, stepSuggestion ? `did you mean "${stepSuggestion}"?` : `steps: ${[...scope.steps].join(', ')}`);
    return [];
  }
  const suggestion = closestMatch(name, [...scope.parameters, ...RUN_VARIABLES]);
  source.reportAt(
    'error',
    'E_UNKNOWN_NAME',
    start,
    end,
    `${reader} reads "${name}", which is not a parameter, a step or a run variable`,
    pointer,
    suggestion ? `did you mean "${suggestion}"?` : `declare it under "parameters:" or use {{ ${name} | default(...) }}`,
  );
  return [];
}

function checkIndirect(source: SourceFile, known: ReadonlySet<string>, what: string, reference: TemplateReference, node: Node, text: string, pointer: string, reader: string): string[] {
  const target = reference.path[0];
  if (target === undefined || known.has(target)) return target === undefined ? [...known] : [target];
  if (reference.guarded) return [];
  const [start, end] = source.offsetInScalar(node, text, reference.offset, reference.length);
  const suggestion = closestMatch(target, known);
  source.reportAt('error', what === 'step' ? 'E_UNKNOWN_STEP' : 'E_UNKNOWN_NAME', start, end, `${reader} references unknown ${what} "${target}"`, pointer, suggestion ? `did you mean "${suggestion}"?` : undefined);
  return [];
}

/** Fills each step's `depends_on` from its explicit list and what its templates read. */
export function resolveStepDependencies(source: SourceFile, scope: NameScope, compiled: CompiledStep): void {
  const { ir } = compiled;
  const dependencies = new Set<string>();
  for (const { id, node } of compiled.explicitDependencies) {
    if (scope.steps.has(id)) dependencies.add(id);
    else {
      const suggestion = closestMatch(id, scope.steps);
      source.report('error', 'E_UNKNOWN_STEP', node, `${compiled.pointer}/depends_on`, `step "${ir.id}" depends on unknown step "${id}"`, suggestion ? `did you mean "${suggestion}"?` : undefined);
    }
  }
  const templated = [...findTemplates(source, nodeAt(compiled.node, 'parameters'), `${compiled.pointer}/parameters`), ...findTemplates(source, nodeAt(compiled.node, 'summary'), `${compiled.pointer}/summary`)];
  for (const template of templated) {
    for (const reference of template.references) {
      for (const id of stepsReadBy(source, scope, reference, template.node, template.text, template.pointer, `step "${ir.id}"`)) dependencies.add(id);
    }
  }
  ir.depends_on = [...dependencies];
}

function nodeAt(node: Node, key: string): Node | null {
  const value = (node as { get?: (key: string, keepScalar: boolean) => unknown }).get?.(key, true);
  return (value as Node | undefined) ?? null;
}

/** Reports every cycle once, at the step listed first in it, printing the whole cycle. */
export function reportCycles(source: SourceFile, steps: readonly CompiledStep[]): void {
  const byId = new Map(steps.map((step) => [step.ir.id, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const key = [...new Set(cycle)].sort().join(',');
      const first = steps.find((step) => cycle.includes(step.ir.id));
      if (!reported.has(key) && first) {
        reported.add(key);
        source.report('error', 'E_DEPENDENCY_CYCLE', first.idNode ?? first.node, first.pointer, `steps wait for each other in a cycle: ${rotateToFirst(cycle, first.ir.id).join(' → ')} (each waits for the next)`, 'remove one of these dependencies (a template reference counts as one)');
      }
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.ir.depends_on ?? []) visit(dependency, [...trail, id]);
    state.set(id, 'done');
  };
  for (const step of steps) visit(step.ir.id, []);
}

function rotateToFirst(cycle: string[], first: string): string[] {
  const ring = cycle.slice(0, -1);
  const start = ring.indexOf(first);
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  return [...rotated, first];
}
