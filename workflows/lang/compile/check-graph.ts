// The step graph, list by list: explicit and template dependencies, routing edges, cycles, and
// routing targets that must be later steps of the same list.
import type { CompiledStep } from './context.js';
import { readOutput, type DeclaredOutputs } from './readable-outputs.js';
import { FOR_EACH_VARIABLES, LOOP_VARIABLES } from './key-tables.js';
import { referencesOf, resolveReference, scopeOf, type ListScope, type Resolution } from './resolve-references.js';
import { groupDigits } from './limits.js';
import type { SourceFile } from './source.js';

/**
 * Every list of the file with its scope, outermost first (depth-first, a step's nested lists
 * right after it). Iterative: generated files nest deeper than a call stack goes.
 */
export function buildScopes(top: CompiledStep[]): { scopes: ListScope[]; homes: Map<string, ListScope> } {
  const topScope = scopeOf(top);
  const scopes: ListScope[] = [topScope];
  const homes = new Map<string, ListScope>();
  const frames = [{ scope: topScope, stepIndex: 0, childIndex: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    const step = frame.scope.steps[frame.stepIndex];
    if (!step) {
      frames.pop();
      continue;
    }
    if (frame.childIndex === 0) homes.set(step.ir.id, frame.scope);
    const child = step.children[frame.childIndex];
    if (!child) {
      frame.stepIndex += 1;
      frame.childIndex = 0;
      continue;
    }
    frame.childIndex += 1;
    const variables =
      child.role === 'handlers'
        ? ['error']
        : step.ir.kind === 'for_each'
          ? [step.ir.as, ...FOR_EACH_VARIABLES]
          : step.ir.kind === 'loop'
            ? [...LOOP_VARIABLES]
            : [];
    const scope = scopeOf(child.steps, frame.scope, step, variables);
    scopes.push(scope);
    frames.push({ scope, stepIndex: 0, childIndex: 0 });
  }
  return { scopes, homes };
}

export function resolveGraph(
  source: SourceFile,
  parameters: ReadonlySet<string>,
  top: CompiledStep[],
  failedIds: ReadonlySet<string>,
  outputs?: DeclaredOutputs,
): { homes: Map<string, ListScope>; top: ListScope } {
  const { scopes, homes } = buildScopes(top);
  const resolution: Resolution = {
    source,
    parameters,
    homes,
    failedIds,
    dependencies: new Map(),
    ...(outputs ? { outputs, readOutput } : {}),
  };
  for (const scope of scopes) for (const step of scope.steps) resolution.dependencies.set(step, new Set());
  for (const scope of scopes) {
    for (const step of scope.steps) {
      explicitDependencies(resolution, scope, step);
      for (const template of step.templates) {
        for (const reference of referencesOf(source, template))
          resolveReference(resolution, scope, { step, label: `step "${step.ir.id}"` }, template, reference);
      }
      routingEdges(resolution, scope, step);
    }
  }
  for (const scope of scopes) {
    for (const step of scope.steps)
      step.ir.depends_on = [...(resolution.dependencies.get(step) ?? [])].filter((id) => scope.ids.has(id));
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
    const suggestion = home ? undefined : resolution.source.suggestStep(id, except(scope.ids, step.ir.id));
    const message = home
      ? `step "${step.ir.id}" depends on step "${id}", which is inside "${home.owner?.ir.id}" and cannot be waited for from here`
      : `step "${step.ir.id}" depends on unknown step "${id}"`;
    resolution.source.report(
      'error',
      home ? 'E_LOOP_BODY_REFERENCE' : 'E_UNKNOWN_STEP',
      node,
      `${step.pointer}/depends_on`,
      message,
      suggestion ? `did you mean "${suggestion}"?` : undefined,
    );
  }
}

const positionCache = new WeakMap<ListScope, Map<string, number>>();

/** Step id → index in its list, built once per list (lookups stay constant in long lists). */
function positionsOf(scope: ListScope): Map<string, number> {
  let positions = positionCache.get(scope);
  if (!positions) {
    positions = new Map();
    // The first step with an id wins, as findIndex did (duplicates are reported elsewhere).
    scope.steps.forEach(
      (candidate, index) => positions!.has(candidate.ir.id) || positions!.set(candidate.ir.id, index),
    );
    positionCache.set(scope, positions);
  }
  return positions;
}

function* except(ids: Iterable<string>, left: string): Iterable<string> {
  for (const id of ids) if (id !== left) yield id;
}

/** A jump goes forward in the same list; its target then also waits for the jumping step. */
function routingEdges(resolution: Resolution, scope: ListScope, step: CompiledStep): void {
  if (step.jumps.length === 0) return;
  const positions = positionsOf(scope);
  const index = positions.get(step.ir.id) ?? -1;
  for (const jump of step.jumps) {
    const targetIndex = positions.get(jump.target) ?? -1;
    if (targetIndex > index) {
      resolution.dependencies.get(scope.steps[targetIndex]!)?.add(step.ir.id);
      continue;
    }
    if (resolution.failedIds.has(jump.target)) continue;
    const known = resolution.homes.has(jump.target);
    const suggestion = known ? undefined : resolution.source.suggestStep(jump.target, scope.ids);
    const message = !known
      ? `step "${step.ir.id}": ${jump.key} names unknown step "${jump.target}"`
      : targetIndex === -1
        ? `step "${step.ir.id}": ${jump.key} jumps to "${jump.target}", which is not in the same step list`
        : `step "${step.ir.id}": ${jump.key} jumps back to "${jump.target}"; jumps only go forward`;
    resolution.source.report(
      'error',
      known ? 'E_ROUTE_TARGET' : 'E_UNKNOWN_STEP',
      jump.node,
      `${step.pointer}/${jump.key}`,
      message,
      suggestion
        ? `did you mean "${suggestion}"?`
        : 'jump to a later step of the same list; use a while/until loop to repeat steps',
    );
  }
}

/**
 * Reports every cycle once, at the step listed first in it, printing the cycle. A depth-first
 * walk with its own stack: a generated chain or cycle of thousands of steps is a diagnostic, not
 * a RangeError.
 */
export function reportCycles(source: SourceFile, steps: readonly CompiledStep[]): void {
  const byId = new Map(steps.map((step) => [step.ir.id, step]));
  const order = new Map(steps.map((step, index) => [step.ir.id, index]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const trail: string[] = [];
  const positionInTrail = new Map<string, number>();
  const nextDependency: number[] = [];
  const enter = (id: string) => {
    state.set(id, 'visiting');
    positionInTrail.set(id, trail.length);
    trail.push(id);
    nextDependency.push(0);
  };
  for (const root of steps) {
    if (state.has(root.ir.id)) continue;
    enter(root.ir.id);
    while (trail.length > 0) {
      const id = trail[trail.length - 1]!;
      const dependencies = byId.get(id)?.ir.depends_on ?? [];
      const index = nextDependency[nextDependency.length - 1]!++;
      if (index >= dependencies.length) {
        state.set(id, 'done');
        positionInTrail.delete(id);
        trail.pop();
        nextDependency.pop();
        continue;
      }
      const dependency = dependencies[index]!;
      if (state.get(dependency) === 'visiting')
        reportCycle(source, [...trail.slice(positionInTrail.get(dependency)), dependency], steps, order, reported);
      else if (!state.has(dependency)) enter(dependency);
    }
  }
}

function reportCycle(
  source: SourceFile,
  cycle: string[],
  steps: readonly CompiledStep[],
  order: ReadonlyMap<string, number>,
  reported: Set<string>,
): void {
  const key = [...new Set(cycle)].sort().join(',');
  if (reported.has(key)) return;
  reported.add(key);
  let firstIndex = Infinity;
  for (const id of cycle) firstIndex = Math.min(firstIndex, order.get(id) ?? Infinity);
  const first = steps[firstIndex];
  if (!first) return;
  // A cycle of one step is the common slip of listing a step in its own depends_on.
  if (new Set(cycle).size === 1) {
    const id = first.ir.id;
    const listed = first.explicitDependencies.find((dependency) => dependency.id === id);
    // The model step answering an <AUTO> output (readable-outputs.ts) has no id of its own in the file.
    if (id.startsWith('outputs.'))
      return source.report(
        'error',
        'E_DEPENDENCY_CYCLE',
        first.node,
        first.pointer,
        `output "${id.slice('outputs.'.length)}" reads its own answer, so its question could never be asked`,
        'write the question from parameters and steps',
      );
    source.report(
      'error',
      'E_DEPENDENCY_CYCLE',
      listed?.node ?? first.idNode ?? first.node,
      first.pointer,
      `${id} depends on itself, so it could never start`,
      listed
        ? `remove "${id}" from its own depends_on`
        : `a step cannot read its own result: its templates read {{ ${id}.… }}`,
    );
    return;
  }
  source.report(
    'error',
    'E_DEPENDENCY_CYCLE',
    first.idNode ?? first.node,
    first.pointer,
    `steps wait for each other in a cycle: ${describeCycle(rotateToFirst(cycle, first.ir.id))} (each waits for the next)`,
    'remove one of these dependencies (a template reference counts as one)',
  );
}

const MAX_CYCLE_SHOWN = 12;

/** A long cycle is shown by its ends: thousands of ids would bury the message. */
function describeCycle(cycle: string[]): string {
  if (cycle.length <= MAX_CYCLE_SHOWN) return cycle.join(' → ');
  const omitted = cycle.length - MAX_CYCLE_SHOWN;
  return [...cycle.slice(0, 6), `… ${groupDigits(omitted)} more …`, ...cycle.slice(-MAX_CYCLE_SHOWN + 6)].join(' → ');
}

function rotateToFirst(cycle: string[], first: string): string[] {
  const ring = cycle.slice(0, -1);
  const start = ring.indexOf(first);
  return [...ring.slice(start), ...ring.slice(0, start), first];
}
