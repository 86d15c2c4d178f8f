// py-orc's natural-language actions (`action: "<AUTO>…</AUTO>"`, issue 17 item 4) given a
// precise meaning: a model step whose prompt is the action's text (a tag nested in it answered
// first, as any runtime <AUTO> tag), with `produces` and
// `location` written into it; with a `tool`, an agent step offered that tool. `requires_model`
// chooses the model. The interpreter writes a plain step's answer to `location`, and checks that
// an agent wrote it (steps/model-step.ts).
import { autoTagParts, findAutoTagSpans } from '../../auto-tag-spans.js';
import type { ModelStepIR } from '../../ir.js';
import { resolveAgentTools } from '../../tools/index.js';
import { compileModelChoice, compileRequirements } from '../compile-model.js';
import type { CompileContext, CompiledStep } from '../context.js';
import type { Entry } from '../mapping.js';
import { readString } from '../values.js';
import type { StepDefaults } from './index.js';
import { rejectKeys } from './reject-keys.js';

/** Tools that cannot write a workspace file: an agent offered only these has its answer saved. */
const READ_ONLY_TOOLS = new Set(['headless-browser', 'web-search']);

type ModelFields = Omit<ModelStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

/** The whole action is one tag: `<AUTO>…</AUTO>`, maybe with tags nested inside. */
export function isAutoAction(text: unknown): text is string {
  return typeof text === 'string' && /^\s*<AUTO[\s>][\s\S]*<\/AUTO>\s*$/.test(text);
}

/** The text without its tags (`produces`: a description, whose nested tags describe parts of it). */
export const withoutTags = (text: string) => text.replace(/<\/?AUTO\b[^>]*>/g, '').trim();

export function compileAutoActionStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): ModelFields | undefined {
  rejectKeys(context, id, 'a natural-language step', entries, [
    'action',
    'tool',
    'produces',
    'location',
    'requires_model',
    'model',
  ]);
  const actionEntry = entries.get('action')!;
  const instruction = autoTagParts((readString(context.source, actionEntry, 'action') ?? '').trim()).inner.trim();
  const toolEntry = entries.get('tool');
  const tool = toolEntry ? readString(context.source, toolEntry, 'tool') : undefined;
  const tools = tool === undefined ? undefined : resolveAgentTools([tool], context.tools);
  if (tools && 'problem' in tools) {
    context.source.report(
      'error',
      'E_UNKNOWN_TOOL',
      toolEntry!.value,
      toolEntry!.pointer,
      `step "${id}": ${tools.problem}`,
    );
    return undefined;
  }
  const producesEntry = entries.get('produces');
  const produces = producesEntry ? withoutTags(readString(context.source, producesEntry, 'produces') ?? '') : '';
  const locationEntry = entries.get('location');
  const location = locationEntry ? readString(context.source, locationEntry, 'location') : undefined;
  // An agent whose tools only read (the web) cannot write its product: its final answer is it.
  const writes = tools !== undefined && !READ_ONLY_TOOLS.has(tool!);
  const prompt = [
    instruction,
    ...(produces ? [`What to produce: ${produces}.`] : []),
    ...(location
      ? [
          writes
            ? `Write it to the file ${location} with your tools.`
            : `Your answer is saved as the file ${location}: answer with its content only.`,
        ]
      : []),
  ].join('\n\n');
  step.templates.push({ text: prompt, node: actionEntry.value!, pointer: actionEntry.pointer, expression: false });
  // A tag nested in the instruction is a question of its own, answered first; its answer takes its place.
  for (const span of findAutoTagSpans(prompt))
    (step.autoTags ??= []).push({
      pointer: '/parameters/prompt',
      text: prompt.slice(span.start, span.end),
      attributes: {},
    });
  if (location !== undefined)
    step.templates.push({
      text: location,
      node: locationEntry!.value!,
      pointer: locationEntry!.pointer,
      expression: false,
    });
  const requirementsEntry = entries.get('requires_model');
  const requirements = requirementsEntry ? compileRequirements(context, requirementsEntry) : undefined;
  const modelEntry = entries.get('model');
  const model = requirements
    ? { kind: 'auto' as const, requirements }
    : modelEntry
      ? compileModelChoice(context, modelEntry)
      : defaults.model;
  // The answer is text, whether a plain model or an agent gives it (steps/product.ts keeps it).
  step.resultFields = [];
  return {
    kind: 'model',
    action: tools ? 'agent' : 'generate',
    parameters: { prompt },
    ...(model ? { model } : {}),
    ...(tools ? { agent_tools: tools.tools } : {}),
    ...(location !== undefined ? { product: { location, ...(tools && !writes ? { from_answer: true } : {}) } } : {}),
  };
}
