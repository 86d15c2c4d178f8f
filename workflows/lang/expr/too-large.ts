// When a template hits a resource limit because of the size of what it reads (a step's 50 MB
// output), "the template took more than 2000000 evaluation steps" blames the template. This
// names the value instead, with its size: the author then slices it or hands it to a tool.
import { isMapping, limitError, TemplateError, type TemplateLimits } from './shared/index.js';
import type { TemplateReference } from './syntax/index.js';

/** Nodes and levels a size walk visits at most: past these the value is "more than" what was counted. */
const MAX_NODES_WALKED = 100_000;
const MAX_LEVELS_WALKED = 100;

interface Measured {
  /** The reference as written: `big.result`. */
  shown: string;
  /** Characters of its text (a string) or of its JSON (anything else), at least. */
  characters: number;
  items?: number;
  exact: boolean;
}

/**
 * The limit error, said again in terms of the largest value the template reads when that value
 * alone is over the limits; any other error as it was.
 */
export function explainLimit(
  error: unknown,
  references: readonly TemplateReference[],
  lookup: (name: string) => unknown,
  limits: TemplateLimits,
): unknown {
  if (!(error instanceof TemplateError) || error.kind !== 'limit') return error;
  let largest: Measured | undefined;
  for (const reference of references) {
    const measured = measure(reference, lookup);
    if (measured && (!largest || measured.characters > largest.characters)) largest = measured;
  }
  if (!largest || !isTooLarge(largest, limits)) return error;
  const explained = limitError(
    `${largest.shown} is too large for a template: it is ${describeSize(largest)}; templates handle values up to ${limits.maxOutputChars} characters and ${limits.maxLoopIterations} items (${error.message}). Use a part of it ({{ ${largest.shown}[:1000] }}) or give the whole value to a step as it is`,
    error.offset === undefined ? undefined : { offset: error.offset, length: error.length ?? 0 },
  );
  return explained;
}

function describeSize(measured: Measured): string {
  const characters = `${measured.exact ? '' : 'more than '}${measured.characters} characters`;
  const size = `${characters} (${formatMegabytes(measured.characters)})`;
  return measured.items === undefined ? size : `a list of ${measured.items} items, ${size} as JSON`;
}

function isTooLarge(measured: Measured, limits: TemplateLimits): boolean {
  return measured.characters > limits.maxOutputChars || (measured.items ?? 0) > limits.maxLoopIterations;
}

function measure(reference: TemplateReference, lookup: (name: string) => unknown): Measured | undefined {
  let value = lookup(reference.name);
  const shown = [reference.name];
  for (const key of reference.path) {
    const next = child(value, key);
    if (next === undefined) break;
    value = next;
    shown.push(key);
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { shown: shown.join('.'), characters: value.length, exact: true };
  const counted = { characters: 0, nodes: 0 };
  walk(value, counted, 0);
  return {
    shown: shown.join('.'),
    characters: counted.characters,
    ...(Array.isArray(value) ? { items: value.length } : {}),
    exact: counted.nodes <= MAX_NODES_WALKED,
  };
}

function child(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? (value[Number(key)] as unknown) : undefined;
  if (isMapping(value) && Object.prototype.hasOwnProperty.call(value, key)) return value[key];
  return undefined;
}

/** The length of the value's JSON, roughly (quotes and separators counted, escapes not). */
function walk(value: unknown, counted: { characters: number; nodes: number }, level: number): void {
  if (++counted.nodes > MAX_NODES_WALKED) return;
  // Deeper data is not walked (the stack is bounded); what it holds is not counted.
  if (level > MAX_LEVELS_WALKED) {
    counted.nodes = MAX_NODES_WALKED + 1;
    return;
  }
  if (typeof value === 'string') counted.characters += value.length + 2;
  else if (Array.isArray(value)) {
    counted.characters += 2;
    for (const item of value) {
      if (counted.nodes > MAX_NODES_WALKED) return;
      counted.characters += 1;
      walk(item, counted, level + 1);
    }
  } else if (isMapping(value)) {
    counted.characters += 2;
    for (const key of Object.keys(value)) {
      if (counted.nodes > MAX_NODES_WALKED) return;
      counted.characters += key.length + 4;
      walk(value[key], counted, level + 1);
    }
  } else counted.characters += String(value).length;
}

function formatMegabytes(characters: number): string {
  return characters >= 1024 * 1024
    ? `${(characters / (1024 * 1024)).toFixed(1)} MB`
    : `${(characters / 1024).toFixed(1)} KB`;
}
