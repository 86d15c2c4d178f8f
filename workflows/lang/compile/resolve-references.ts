// What each template reads, resolved against the step lists it can see: siblings become
// dependencies, steps of enclosing lists become dependencies of the enclosing loop, loop
// variables and run variables are free, anything else is a diagnostic with "did you mean".
import { closestMatch } from '../diagnostics.js';
import {
  TemplateError,
  expressionReferences,
  parseTemplate,
  templateReferences,
  type TemplateReference,
} from '../expr/index.js';
import type { CompiledStep, StepTemplate } from './context.js';
import type { DeclaredOutputs } from './readable-outputs.js';
import { FOR_EACH_VARIABLES, LOOP_VARIABLES, RUN_VARIABLES } from './key-tables.js';
import { checkResultField } from './result-fields.js';
import { resolveSecretReference } from './secret-references.js';
import type { SourceFile } from './source.js';

export interface ListScope {
  steps: CompiledStep[];
  ids: Set<string>;
  parent?: ListScope;
  /** The loop or failing step that owns this list. */
  owner?: CompiledStep;
  /** Names bound in this list: loop variables, `error` in handlers. */
  variables: Set<string>;
}

export interface Resolution {
  source: SourceFile;
  parameters: ReadonlySet<string>;
  /** Every step id of the file → the list it lives in. */
  homes: Map<string, ListScope>;
  /** Steps that failed to compile (already reported). */
  failedIds: ReadonlySet<string>;
  dependencies: Map<CompiledStep, Set<string>>;
  /** The pipeline's outputs, which templates may read as `outputs.<name>` (readable-outputs.ts). */
  outputs?: DeclaredOutputs;
  /** Resolves a read of `outputs.<name>` (readable-outputs.ts's readOutput); absent, such a read is refused. */
  readOutput?: (
    resolution: Resolution,
    scope: ListScope,
    reader: Reader,
    template: StepTemplate,
    reference: TemplateReference,
  ) => void;
  /** Output cycles already reported (each once). */
  outputCycles?: Set<string>;
}

/** Who reads: a step, or (when `output` is set) an output of the pipeline. */
export interface Reader {
  step?: CompiledStep;
  output?: string;
  label: string;
}

export function scopeOf(
  steps: CompiledStep[],
  parent?: ListScope,
  owner?: CompiledStep,
  variables: Iterable<string> = [],
): ListScope {
  return { steps, ids: new Set(steps.map((step) => step.ir.id)), parent, owner, variables: new Set(variables) };
}

/** The references of one template, or none when it does not parse (then it is reported). */
export function referencesOf(source: SourceFile, template: StepTemplate): TemplateReference[] {
  try {
    return template.expression ? expressionReferences(template.text) : templateReferences(parseTemplate(template.text));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const [start, end] =
      error.offset === undefined
        ? (template.node.range ?? [0, 1])
        : source.offsetInScalar(template.node, template.text, error.offset, error.length ?? 1);
    source.reportAt(
      'error',
      'E_TEMPLATE_SYNTAX',
      start,
      end,
      `${template.expression ? 'expression' : 'template'} error: ${error.message}`,
      template.pointer,
      relatedHint(source, template, error) ??
        'templates are Jinja2: {{ expression }}, {% if %}…{% endif %}, {% for x in xs %}…{% endfor %}',
    );
    return [];
  }
}

/** Where the place an error names is in the file (the open block an end tag does not close). */
function relatedHint(source: SourceFile, template: StepTemplate, error: TemplateError): string | undefined {
  if (!error.related) return undefined;
  const [start] = source.offsetInScalar(template.node, template.text, error.related.offset, error.related.length);
  const { line, column } = source.position(start);
  return `${error.related.what} is at line ${line}, column ${column}`;
}

/** Resolves one reference read from `scope` by `reader`; returns the step id it depends on. */
export function resolveReference(
  resolution: Resolution,
  scope: ListScope,
  reader: Reader,
  template: StepTemplate,
  reference: TemplateReference,
): void {
  const { source } = resolution;
  if (reference.name === 'secrets') return resolveSecretReference(source, reader, template, reference);
  const indirect = reference.name === 'steps' || reference.name === 'parameters' || reference.name === 'inputs';
  const name = indirect ? reference.path[0] : reference.name;
  if (name === undefined) return;
  if (reference.name === 'parameters' || reference.name === 'inputs') {
    if (!resolution.parameters.has(name) && !reference.guarded)
      report(
        resolution,
        template,
        reference,
        'E_UNKNOWN_NAME',
        `${reader.label} references unknown parameter "${name}"`,
        closestMatch(name, resolution.parameters),
      );
    return;
  }
  if (reference.name === 'outputs' && !resolution.homes.has('outputs')) {
    if (resolution.readOutput) return resolution.readOutput(resolution, scope, reader, template, reference);
    report(
      resolution,
      template,
      reference,
      'E_UNSUPPORTED',
      `${reader.label} reads an output ("outputs.${reference.path[0] ?? ''}"); outputs are rendered from steps and parameters when the run ends, nothing reads them`,
      undefined,
      'compute the value in a step and read that step',
    );
    return;
  }
  if (
    !indirect &&
    reader.step?.inertKeys?.includes(name) &&
    !resolution.parameters.has(name) &&
    !resolution.homes.has(name)
  ) {
    report(
      resolution,
      template,
      reference,
      'E_UNSUPPORTED',
      `${reader.label} reads its own "${name}", a py-orc key that is not a variable here`,
      undefined,
      `write the value itself where it is needed`,
    );
    return;
  }
  if (!indirect && (isBoundName(scope, name, resolution.parameters) || reader.step?.boundNames?.includes(name))) return;
  if (reader.step && name === reader.step.ir.id && template.readsBody) return;
  // A while/until condition is checked in the loop's frame, where $iteration is bound.
  if (reader.step?.ir.kind === 'loop' && template.readsBody && (LOOP_VARIABLES as readonly string[]).includes(name))
    return;
  // In a while/until body a step may read its own value from the previous iteration.
  if (reader.step && name === reader.step.ir.id && scope.owner?.ir.kind === 'loop') return;
  const home = resolution.homes.get(name);
  if (home) {
    dependOn(resolution, scope, reader, template, reference, name, home);
    const target = home.steps.find((step) => step.ir.id === name);
    if (target) checkResultField(resolution.source, reader.label, template, reference, target, indirect);
    return;
  }
  if (reference.guarded || resolution.failedIds.has(name)) return;
  reportUnknown(resolution, template, reference, reader.label, name, indirect);
}

export function isBoundName(scope: ListScope, name: string, parameters: ReadonlySet<string>): boolean {
  if (parameters.has(name) || (RUN_VARIABLES as readonly string[]).includes(name)) return true;
  for (let current: ListScope | undefined = scope; current; current = current.parent) {
    if (current.variables.has(name) || current.owner?.ir.id === name) return true;
  }
  return false;
}

export function dependOn(
  resolution: Resolution,
  scope: ListScope,
  reader: Reader,
  template: StepTemplate,
  reference: TemplateReference,
  name: string,
  home: ListScope,
): void {
  // Hoist: a body reading an outer step makes the enclosing step (at the outer level) wait.
  let dependent = reader.step;
  for (let current: ListScope | undefined = scope; current; current = current.parent) {
    if (current === home) {
      // Reading itself is kept as a dependency: the cycle check then reports it.
      if (dependent) resolution.dependencies.get(dependent)?.add(name);
      return;
    }
    dependent = current.owner;
  }
  if (template.readsBody && reader.step && isInside(home, reader.step)) return;
  const owner = home.owner?.ir.id ?? '?';
  report(
    resolution,
    template,
    reference,
    'E_LOOP_BODY_REFERENCE',
    `${reader.label} reads step "${name}", which is inside "${owner}"; it cannot be read from outside`,
    undefined,
    `read "${owner}" instead (a loop's result lists each iteration's last step result; "${owner}.each" has every body step)`,
  );
}

function isInside(home: ListScope, step: CompiledStep): boolean {
  for (let current: ListScope | undefined = home; current; current = current.parent)
    if (current.owner === step) return true;
  return false;
}

function reportUnknown(
  resolution: Resolution,
  template: StepTemplate,
  reference: TemplateReference,
  label: string,
  name: string,
  indirect: boolean,
): void {
  const stepSuggestion = resolution.source.suggestStep(name, resolution.homes.keys());
  if (indirect || stepSuggestion || reference.path[0] === 'result') {
    report(
      resolution,
      template,
      reference,
      'E_UNKNOWN_STEP',
      `${label} references unknown step "${name}"`,
      stepSuggestion,
    );
    return;
  }
  const suggestion = closestMatch(name, [
    ...resolution.parameters,
    ...RUN_VARIABLES,
    ...FOR_EACH_VARIABLES,
    ...LOOP_VARIABLES,
  ]);
  report(
    resolution,
    template,
    reference,
    'E_UNKNOWN_NAME',
    `${label} reads "${name}", which is not a parameter, a step or a run variable`,
    suggestion,
    suggestion ? undefined : unknownNameHint(name),
  );
}

function unknownNameHint(name: string): string {
  // py-orc's runner hands every pipeline `output_path`; orc's runner does so when asked.
  if (name === 'output_path')
    return 'declare it under "parameters:", or give the folder with -o DIR (orc run and orc validate fill output_path as py-orc\'s run_pipeline.py -o does)';
  return `declare it under "parameters:" or use {{ ${name} | default(...) }}`;
}

export function report(
  resolution: Resolution,
  template: StepTemplate,
  reference: TemplateReference,
  code: 'E_UNKNOWN_STEP' | 'E_UNKNOWN_NAME' | 'E_LOOP_BODY_REFERENCE' | 'E_UNSUPPORTED',
  message: string,
  suggestion: string | undefined,
  hint?: string,
): void {
  if (!resolution.source.allowMoreAbout(template.node)) return;
  const length =
    reference.name === 'steps' || reference.name === 'parameters' || reference.name === 'inputs'
      ? reference.length
      : reference.name.length;
  const [start, end] = resolution.source.offsetInScalar(template.node, template.text, reference.offset, length);
  resolution.source.reportAt(
    'error',
    code,
    start,
    end,
    message,
    template.pointer,
    suggestion ? `did you mean "${suggestion}"?` : hint,
  );
}
