// Walking a step's values once: the templates they hold (for references) and the runtime
// `<AUTO>` tags (resolved by a model just before the step runs, spec §8.7).
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { AutoTagIR } from '../ir.js';
import { hasTemplate } from '../expr/index.js';
import { findAutoTagSpans } from './auto-tags.js';
import type { CompiledStep } from './context.js';
import { pointerJoin } from './source.js';

/**
 * Records the templates and AUTO tags under `node`; `relative` is the pointer inside the step.
 * `secrets`: the values are a tool or model step's parameters, where secrets may appear.
 */
export function scanValues(
  step: CompiledStep,
  node: Node | null,
  pointer: string,
  relative: string,
  autoTags: AutoTagIR[],
  secrets = false,
): void {
  if (isScalar(node) && typeof node.value === 'string') {
    const text = node.value;
    if (hasTemplate(text))
      step.templates.push({ text, node, pointer, expression: false, ...(secrets ? { secrets } : {}) });
    for (const span of findAutoTagSpans(text)) {
      const tag = text.slice(span.start, span.end);
      autoTags.push({ pointer: relative, text: tag, attributes: autoTagAttributes(tag) });
    }
  } else if (isSeq(node)) {
    (node.items as Node[]).forEach((item, index) =>
      scanValues(step, item, pointerJoin(pointer, index), pointerJoin(relative, index), autoTags, secrets),
    );
  } else if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      scanValues(step, pair.value, pointerJoin(pointer, key), pointerJoin(relative, key), autoTags, secrets);
    }
  }
}

/** `<AUTO task="x" type="integer">` → { task: 'x', type: 'integer' } */
export function autoTagAttributes(tag: string): Record<string, string> {
  const opening = /^<AUTO([^>]*)>/.exec(tag)?.[1] ?? '';
  const attributes: Record<string, string> = {};
  for (const match of opening.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    attributes[match[1]!] = match[2] ?? match[3] ?? '';
  return attributes;
}

/** True when the whole value is one AUTO tag (a model position written as `<AUTO …>…</AUTO>`). */
export function isWholeAutoTag(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  const spans = findAutoTagSpans(trimmed);
  return spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === trimmed.length;
}
