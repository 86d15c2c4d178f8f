// Reads of a step's fields, checked against the shape of its result: `{{ read.contnet }}` is an
// error at compile time (E_UNKNOWN_RESULT_FIELD), not an undefined value when the run gets there.
// A step value holds the result's fields, the step report's own fields and `result` itself
// (interpreter/run-state.ts, stepValue); a step whose result is open-ended is not checked.
import { closestMatch } from '../diagnostics.js';
import type { TemplateReference } from '../expr/index.js';
import type { StepReport } from '../../result-document.js';
import type { CompiledStep, StepTemplate } from './context.js';
import type { SourceFile } from './source.js';
import type { ResultShape } from '../result-shape.js';

const REPORT_FIELDS = {
  status: true,
  success: true,
  result: true,
  error: true,
  handled: true,
  skipped_by: true,
  attempts: true,
  execution: true,
  local_fallback: true,
  started_at: true,
  duration_ms: true,
  location: true,
  model: true,
  fallbacks: true,
  usage: true,
  cost_usd: true,
  iterations: true,
  each: true,
  completed: true,
  approved: true,
  comment: true,
  by: true,
  turns: true,
  transcript: true,
  auto: true,
  reused: true,
  reused_calls: true,
  cached: true,
  cached_calls: true,
} as const satisfies Record<keyof StepReport, true>;

/** Every step value has these, whatever its result. */
export const STEP_VALUE_FIELDS: readonly string[] = Object.keys(REPORT_FIELDS);

/** Jinja's mapping methods (`step.result.items()`): not fields, never reported. */
const MAPPING_METHODS = new Set(['items', 'keys', 'values', 'get']);

export function checkResultField(
  source: SourceFile,
  label: string,
  template: StepTemplate,
  reference: TemplateReference,
  target: CompiledStep,
  indirect: boolean,
): void {
  const fields = target.resultFields;
  if (!fields || reference.guarded) return;
  const path = indirect ? reference.path.slice(1) : reference.path;
  const [first, second] = path;
  if (first === undefined || MAPPING_METHODS.has(first) || isIndex(first)) return;
  const underResult = first === 'result';
  const field = underResult ? second : first;
  // `loop.result[0]`: an item of a list result, whose items are not declared.
  if (field === undefined || MAPPING_METHODS.has(field) || isIndex(field)) return;
  const read = `${underResult ? 'result.' : ''}${field}`;
  if (fields.includes(field)) {
    const shape = target.resultShape?.properties?.[field];
    const deeper = shape && unknownBelow(shape, path.slice(underResult ? 2 : 1), read);
    if (deeper) report(source, label, template, reference, target, deeper.read, deeper.hint);
    return;
  }
  // `location` is a field only of a step that declares one (readable there: not among its inert keys).
  const inert = !underResult && target.inertKeys?.includes(field);
  if (!underResult && STEP_VALUE_FIELDS.includes(field) && !inert) return;
  if (inert) {
    if (!source.allowMoreAbout(template.node)) return;
    const [start, end] = source.offsetInScalar(template.node, template.text, reference.offset, reference.length);
    source.reportAt(
      'error',
      'E_UNSUPPORTED',
      start,
      end,
      `${label} reads "${field}" of step "${target.ir.id}", a py-orc key that is not part of its value here`,
      template.pointer,
      'write the value itself where it is needed',
    );
    return;
  }
  const suggestion = closestMatch(field, underResult ? fields : [...fields, ...STEP_VALUE_FIELDS]);
  const id = target.ir.id;
  report(
    source,
    label,
    template,
    reference,
    target,
    read,
    suggestion
      ? `did you mean "${suggestion}"?`
      : fields.length === 0
        ? `its result is ${target.resultSummary ?? 'a single value'}, with no fields: read it whole, as {{ ${id}.result }}`
        : `its result's fields: ${fields.join(', ')}${underResult ? '' : `; every step also has ${STEP_VALUE_FIELDS.slice(0, 4).join(', ')}, …`}`,
  );
}

const isIndex = (segment: string) => segment.startsWith('[');

/**
 * The first read below a declared field that its shape does not have (`people[0].nmae`), with
 * its hint; undefined when the path stays inside the shape or reaches an open-ended part.
 */
function unknownBelow(shape: ResultShape, rest: readonly string[], read: string) {
  let current = shape;
  let sofar = read;
  for (const segment of rest) {
    if (isIndex(segment)) {
      if (!current.items) return undefined;
      current = current.items;
    } else {
      const properties = current.properties;
      if (!properties || MAPPING_METHODS.has(segment)) return undefined;
      const next = properties[segment];
      if (next === undefined) {
        const names = Object.keys(properties);
        const suggestion = closestMatch(segment, names);
        return {
          read: `${sofar}.${segment}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : `${sofar} has the fields: ${names.join(', ') || 'none'}`,
        };
      }
      current = next;
    }
    sofar += isIndex(segment) ? segment : `.${segment}`;
  }
  return undefined;
}

function report(
  source: SourceFile,
  label: string,
  template: StepTemplate,
  reference: TemplateReference,
  target: CompiledStep,
  read: string,
  hint: string,
): void {
  if (!source.allowMoreAbout(template.node)) return;
  const [start, end] = source.offsetInScalar(template.node, template.text, reference.offset, reference.length);
  // Outputs are rendered leniently when the run ends: an unknown field is null there, as in py-orc.
  const isOutput = label.startsWith('output ');
  source.reportAt(
    isOutput ? 'warning' : 'error',
    isOutput ? 'W_UNKNOWN_RESULT_FIELD' : 'E_UNKNOWN_RESULT_FIELD',
    start,
    end,
    `${label} reads "${read}" of step "${target.ir.id}", whose result has no such field${isOutput ? ': the output will be null' : ''}`,
    template.pointer,
    hint,
  );
}
