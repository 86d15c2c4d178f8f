// The step graph, list by list: explicit and template dependencies, routing edges, cycles, and
// routing targets that must be later steps of the same list.
import { closestMatch } from '../diagnostics.js';
import type { CompiledStep } from './context.js';
import { FOR_EACH_VARIABLES } from './key-tables.js';
import { referencesOf, resolveReference, scopeOf, type ListScope, type Resolution } from './resolve-references.js';
import type { SourceFile } from './source.js';

/** Every list of the file with its scope, outermost first. */
export function buildScopes(top: CompiledStep[]): { scopes: ListScope[]; homes: Map<string, ListScope> } {
  const scopes: ListScope[] = [];
  const homes = new Map<string, ListScope>();
  const visit = (scope: ListScope) => {
    scopes.push(scope);
    for (const step of scope.steps) {
      homes.set(step.ir.id, scope);
      for (const child of step.children) {
        const variables = child.role === 'handlers' ? ['error'] : step.ir.kind === 'for_each' ? [step.ir.as, ...FOR_EACH_VARIABLES] : [];
        visit(scopeOf(child.steps, scope, step, variables));
      }
    }
  };
  visit(scopeOf(top));
  return { scopes, homes };
}

export function resolveGraph(source: SourceFile, parameters: ReadonlySet<string>, top: CompiledStep[], failedIds: ReadonlySet<string>): { homes: Map<string, ListScope>; top: ListScope } {
  const { scopes, homes } = buildScopes(top);
  const resolution: Resolution = { source, parameters, homes, failedIds, dependencies: new Map() };
  for (const scope of scopes) for (const step of scope.steps) resolution.dependencies.set(step, new Set());
  for (const scope of scopes) {
    for (const step of scope.steps) {
      explicitDependencies(resolution, scope, step);
      for (const template of step.templates) {
        for (const reference of referencesOf(source, template)) resolveReference(resolution, scope, { step, label: `step "${step.ir.id}"` }, template, reference);
      }
      routingEdges(resolution, scope, step);
    }
  }
  for (const scope of scopes) {
    for (const step of scope.steps) step.ir.depends_on = [...(resolution.dependencies.get(step) ?? [])].filter((id) => scope.ids.has(id));
    reportCycles(source, scope.steps);
  }
  return { homes, top: scopes[0]! };
}

function explicitDependencies(resolution: Resolution, scope: ListScope, step: CompiledStep): void {
  for (const { id, node } of step.explicitDependencies) {
    const home = resolution.homes.get(id);
    let dependent: CompiledStep | undefined = step;
    let found = false;
    for (let current: ListScope | undefined = scope; current && !found; current = current.parent) {
      if (current === home) {
        if (dependent) resolution.dependencies.get(dependent)?.add(id);
        found = true;
      }
      dependent = current.owner;
    }
    if (found || resolution.failedIds.has(id)) continue;
    const suggestion = home ? undefined : closestMatch(id, [...scope.ids].filter((candidate) => candidate !== step.ir.id));
    const message = home ? `step "${step.ir.id}" depends on step "${id}", which is inside "${home.owner?.ir.id}" and cannot be waited for from here` : `step "${step.ir.id}" depends on unknown step "${id}"`;
    resolution.source.report('error', home ? 'E_LOOP_BODY_REFERENCE' : 'E_UNKNOWN_STEP', node, `${step.pointer}/depends_on`, message, suggestion ? `did you mean "${suggestion}"?` : undefined);
  }
}

/** A jump goes forward in the same list; its target then also waits for the jumping step. */
function routingEdges(resolution: Resolution, scope: ListScope, step: CompiledStep): void {
  const index = scope.steps.indexOf(step);
  for (const jump of step.jumps) {
    const targetIndex = scope.steps.findIndex((candidate) => candidate.ir.id === jump.target);
    if (targetIndex > index) {
      resolution.dependencies.get(scope.steps[targetIndex]!)?.add(step.ir.id);
      continue;
    }
    if (resolution.failedIds.has(jump.target)) continue;
    const known = resolution.homes.has(jump.target);
    const suggestion = known ? undefined : closestMatch(jump.target, [...scope.ids]);
    const message = !known
      ? `step "${step.ir.id}": ${jump.key} names unknown step "${jump.target}"`
      : targetIndex === -1
        ? `step "${step.ir.id}": ${jump.key} jumps to "${jump.target}", which is not in the same step list`
        : `step "${step.ir.id}": ${jump.key} jumps back to "${jump.target}"; jumps only go forward`;
    resolution.source.report('error', known ? 'E_ROUTE_TARGET' : 'E_UNKNOWN_STEP', jump.node, `${step.pointer}/${jump.key}`, message, suggestion ? `did you mean "${suggestion}"?` : 'jump to a later step of the same list; use a while/until loop to repeat steps');
  }
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
  return [...ring.slice(start), ...ring.slice(0, start), first];
}
