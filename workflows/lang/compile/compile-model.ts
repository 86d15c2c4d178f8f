// Model references (spec §8): `provider:model`, a registry name, a list (fallback chain),
// `auto`, or an `<AUTO task="…">…</AUTO>` tag in a model position; and `requires_model`.
import { isSeq, type Node } from 'yaml';
import type { ModelChoiceIR } from '../ir.js';
import type { CompileContext } from './context.js';
import { readMapping, type Entry } from './mapping.js';
import { REQUIRES_MODEL_KEYS } from './key-tables.js';
import { autoTagAttributes, isWholeAutoTag } from './step-kinds/scan-values.js';
import { describeNode, plainValue } from './values.js';

export const KNOWN_PROVIDERS = ['openai', 'anthropic', 'google', 'gemini', 'ollama', 'vllm', 'lmstudio', 'openai-compatible'];
const REFERENCE = /^([a-z][a-z0-9-]*):([A-Za-z0-9][\w.\-/:@]*)$/;
const REGISTRY_NAME = /^[A-Za-z0-9][\w.\-/@]*$/;

export function compileModelChoice(context: CompileContext, entry: Entry): ModelChoiceIR | undefined {
  const value = plainValue(entry.value);
  if (isSeq(entry.value)) {
    const refs = (entry.value.items as Node[]).map((item) => checkReference(context, entry, item, plainValue(item))).filter((ref): ref is string => ref !== undefined);
    if (refs.length === 0) context.source.report('error', 'E_MODEL_REFERENCE', entry.value, entry.pointer, 'a fallback chain must list at least one model');
    return refs.length ? { kind: 'chain', refs } : undefined;
  }
  if (value === 'auto' || value === 'AUTO' || (typeof value === 'string' && value.trim() === '<AUTO>')) return { kind: 'auto' };
  if (isWholeAutoTag(value)) {
    const attributes = autoTagAttributes(value.trim());
    const prompt = value.trim().replace(/^<AUTO[^>]*>/, '').replace(/<\/AUTO>$/, '').trim();
    return { kind: 'auto', ...(attributes.task ? { task: attributes.task } : {}), ...(prompt ? { prompt } : {}) };
  }
  const ref = checkReference(context, entry, entry.value, value);
  return ref ? { kind: 'ref', ref } : undefined;
}

function checkReference(context: CompileContext, entry: Entry, node: Node | null, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    context.source.report('error', 'E_MODEL_REFERENCE', node ?? entry.keyNode, entry.pointer, `a model must be written "provider:model" (e.g. openai:gpt-4o-mini), a registry name, a list, or auto — not ${describeNode(node)}`);
    return undefined;
  }
  if (value.includes('{{')) return value;
  const match = REFERENCE.exec(value);
  if (match) {
    if (!KNOWN_PROVIDERS.includes(match[1]!)) {
      context.source.report('error', 'E_MODEL_REFERENCE', node, entry.pointer, `unknown model provider "${match[1]}" in "${value}"`, `providers: ${KNOWN_PROVIDERS.join(', ')} (or a provider defined in your model registry)`);
      return undefined;
    }
    return value;
  }
  if (REGISTRY_NAME.test(value)) return value;
  context.source.report('error', 'E_MODEL_REFERENCE', node, entry.pointer, `"${value}" is not a model reference`, 'write "provider:model", e.g. anthropic:claude-sonnet-4-5, or a name from the model registry');
  return undefined;
}

export function compileRequirements(context: CompileContext, entry: Entry): Record<string, unknown> | undefined {
  const entries = readMapping(context.source, entry.value, entry.pointer, REQUIRES_MODEL_KEYS);
  if (!entries) return undefined;
  return Object.fromEntries([...entries].map(([key, item]) => [key, plainValue(item.value)]));
}
