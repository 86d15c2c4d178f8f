// Model steps: `action: generate | generate_structured | analyze_text | agent` with inputs under
// `parameters:`; `model` at step level or inside `parameters` (py-orc does both).
import { isMap, isScalar, type Node } from 'yaml';
import type { AgentToolIR, AutoTagIR, ModelActionIR, ModelChoiceIR, ModelStepIR } from '../../ir.js';
import { resolveAgentTools } from '../../tools/index.js';
import type { CompileContext, CompiledStep } from '../context.js';
import { compileModelChoice, compileRequirements } from '../compile-model.js';
import type { Entry } from '../mapping.js';
import { describeNode } from '../values.js';
import type { StepDefaults } from './index.js';
import { rejectKeys } from './reject-keys.js';
import { scanValues } from '../scan-values.js';
import { pointerJoin } from '../source.js';
import { compileCache, effectiveCache } from '../compile-cache.js';
import { closestMatch } from '../../diagnostics.js';
import { checkModelMedia } from './model-media.js';
import { modelResultFields, modelResultShape } from '../../model-results.js';

type ModelFields = Omit<ModelStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

/** What each action needs; other parameters are rendered and kept (py-orc passes them on). */
const REQUIRED: Record<ModelActionIR, readonly string[][]> = {
  generate: [['prompt', 'messages']],
  generate_structured: [['prompt', 'messages'], ['schema']],
  analyze_text: [['text', 'prompt']],
  agent: [['prompt']],
  generate_image: [['prompt']],
  transcribe_audio: [['audio']],
  generate_speech: [['text']],
};

/** The capability a media action needs: without a model, the cheapest model that has it is chosen. */
const MEDIA_CAPABILITY: Partial<Record<ModelActionIR, string>> = {
  generate_image: 'image_generation',
  transcribe_audio: 'transcription',
  generate_speech: 'speech',
};

export function compileModelStep(
  context: CompileContext,
  id: string,
  action: ModelActionIR,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): ModelFields | undefined {
  rejectKeys(context, id, 'a model step', entries, ['action', 'parameters', 'model', 'requires_model', 'cache']);
  const parametersEntry = entries.get('parameters');
  if (parametersEntry && parametersEntry.value !== null && !isMap(parametersEntry.value)) {
    context.source.report(
      'error',
      'E_NOT_A_MAPPING',
      parametersEntry.value,
      parametersEntry.pointer,
      `parameters must be a mapping, not ${describeNode(parametersEntry.value)}`,
    );
    return undefined;
  }
  const parameters = (parametersEntry?.value?.toJSON() as Record<string, unknown> | null | undefined) ?? {};
  const modelNode = entries.get('model') ?? entryInside(parametersEntry, 'model');
  const model = modelNode ? compileModelChoice(context, modelNode) : undefined;
  delete parameters.model;
  const requirementsEntry = entries.get('requires_model');
  const requirements = requirementsEntry ? compileRequirements(context, requirementsEntry) : undefined;
  for (const alternatives of REQUIRED[action]) {
    if (alternatives.some((name) => name in parameters)) continue;
    // A misspelt "promt" is the mistake to show, not the "prompt" it leaves missing.
    if (reportMisspelt(context, id, action, alternatives, parametersEntry, step)) continue;
    context.source.report(
      'error',
      'E_MISSING_KEY',
      parametersEntry?.keyNode ?? entries.get('action')!.keyNode,
      parametersEntry?.pointer ?? step.pointer,
      `step "${id}": ${action} needs parameter ${alternatives.map((name) => `"${name}"`).join(' or ')}`,
    );
  }
  const autoTags: AutoTagIR[] = [];
  if (parametersEntry?.value && isMap(parametersEntry.value)) {
    for (const pair of parametersEntry.value.items) {
      const key = String((pair.key as { value?: unknown }).value);
      if (key !== 'model')
        scanValues(
          step,
          pair.value as Node | null,
          pointerJoin(parametersEntry.pointer, key),
          `/parameters/${key}`,
          autoTags,
          true,
        );
    }
  }
  const choice = requirements
    ? {
        kind: 'auto' as const,
        requirements,
        ...(model?.kind === 'auto' ? { task: model.task, prompt: model.prompt } : {}),
      }
    : (model ?? mediaChoice(action) ?? defaults.model);
  const mediaEntry = entryInside(parametersEntry, 'media');
  if (mediaEntry) checkModelMedia(context, id, mediaEntry, choice);
  const agentTools =
    action === 'agent'
      ? compileAgentTools(context, id, parameters.tools, entryInside(parametersEntry, 'tools'))
      : undefined;
  step.resultFields = modelResultFields(action, parameters, autoTags.length ? Object.keys(parameters) : []);
  const shape = modelResultShape(action, parameters);
  if (shape && step.resultFields) step.resultShape = shape;
  const cacheEntry = entries.get('cache');
  const cache = effectiveCache(cacheEntry ? compileCache(context, cacheEntry) : undefined, defaults.cache);
  return {
    kind: 'model',
    action,
    parameters,
    ...(choice ? { model: choice } : {}),
    ...(agentTools ? { agent_tools: agentTools } : {}),
    ...(autoTags.length ? { auto_tags: autoTags } : {}),
    ...(cache ? { cache } : {}),
  };
}

/** A media action without a model: a chat model (the pipeline's default) cannot make media. */
function mediaChoice(action: ModelActionIR): ModelChoiceIR | undefined {
  const capability = MEDIA_CAPABILITY[action];
  return capability ? { kind: 'auto', requirements: { capabilities: [capability] } } : undefined;
}

/** An agent's literal `tools:` list, resolved against the engine's tools (custom ones included). */
function compileAgentTools(
  context: CompileContext,
  id: string,
  listed: unknown,
  entry: Entry | undefined,
): AgentToolIR[] | undefined {
  // A list written as a template is resolved when the step runs.
  if (listed === undefined || JSON.stringify(listed).includes('{{')) return undefined;
  const resolved = resolveAgentTools(listed, context.tools);
  if ('tools' in resolved) return resolved.tools;
  const node = entry?.value ?? entry?.keyNode;
  if (node)
    context.source.report(
      'error',
      'E_UNKNOWN_TOOL',
      node,
      entry!.pointer,
      `step "${id}": ${resolved.problem}`,
      'list tools by name ("filesystem"), as tool.action ("filesystem.read"), or as {tool, action}',
    );
  return undefined;
}

function entryInside(parent: Entry | undefined, key: string): Entry | undefined {
  if (!parent?.value || !isMap(parent.value)) return undefined;
  const pair = parent.value.items.find((item) => String((item.key as { value?: unknown }).value) === key);
  if (!pair) return undefined;
  return {
    key,
    keyNode: pair.key as Node,
    value: (pair.value as Node | null) ?? null,
    pointer: pointerJoin(parent.pointer, key),
  };
}

/**
 * True when a key near one of `alternatives` stands where the missing one should: under
 * `parameters` (reported here as unknown, with "did you mean") or at the step's level (the step
 * table already reports it, with "did you mean" and where it goes).
 */
function reportMisspelt(
  context: CompileContext,
  id: string,
  action: ModelActionIR,
  alternatives: readonly string[],
  parametersEntry: Entry | undefined,
  step: CompiledStep,
): boolean {
  const inside = parametersEntry?.value && isMap(parametersEntry.value) ? parametersEntry.value.items : [];
  for (const pair of inside) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const match = key === undefined ? undefined : closestMatch(key, alternatives);
    if (key === undefined || match === undefined) continue;
    context.source.report(
      'error',
      'E_UNKNOWN_KEY',
      pair.key,
      pointerJoin(parametersEntry!.pointer, key),
      `step "${id}": ${action} has no parameter "${key}"`,
      `did you mean "${match}"?`,
    );
    return true;
  }
  const outside = isMap(step.node) ? step.node.items : [];
  return outside.some((pair) => isScalar(pair.key) && closestMatch(String(pair.key.value), alternatives) !== undefined);
}
