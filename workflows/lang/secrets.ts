// Secrets (spec §6): `{{ secrets.NAME }}` renders in the workflow as an opaque token, and the
// worker puts the value in inside the activity — so a secret's value never enters event history.
// A token carries the run's nonce, drawn by the workflow and shown to no template, so text that
// arrives as data (a page, a model's answer) cannot forge one; and the worker fills in only the
// names the step's own parameters read, as the compiler recorded them (`secrets` of the step).
// Shared by the workflow (tokens) and the activities (substitution), so pure.
import type { PipelineIR, StepIR } from './ir.js';

const TOKEN_PREFIX = '@@orc-secret:';
const TOKEN_SUFFIX = '@@';
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

export const SECRET_NAME = new RegExp(`^${NAME}$`);

/** What one activity call needs to put secrets in and take them out again. */
export interface SecretsOfCall {
  /** The run's nonce: only tokens carrying it are filled in. */
  nonce: string;
  /** The names this step's parameters read; no other name is ever filled in. */
  names: string[];
  /** Every name the run (and the runs above it) reads: their values are redacted from what comes back. */
  redact: string[];
}

/** The secrets of a run: its nonce and the names it redacts. */
export interface RunSecrets {
  nonce: string;
  redact: string[];
}

export function secretToken(nonce: string, name: string): string {
  return `${TOKEN_PREFIX}${nonce}:${name}${TOKEN_SUFFIX}`;
}

/** Matches this run's tokens in rendered text; the name is group 1. */
export function secretTokenPattern(nonce: string): RegExp {
  return new RegExp(`${TOKEN_PREFIX}${escapeRegExp(nonce)}:(${NAME})${TOKEN_SUFFIX}`, 'g');
}

/** The `secrets` mapping of a run's template scope: each name its steps read gives its token. */
export function secretTokens(names: readonly string[], nonce: string): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, secretToken(nonce, name)]));
}

/** The names one step's parameters read. IRs compiled before steps recorded them are scanned. */
export function stepSecretNames(step: StepIR): string[] {
  if (step.kind !== 'tool' && step.kind !== 'model') return [];
  return step.secrets ?? secretNamesIn(step.parameters);
}

/** Every name a pipeline's steps read: nested lists, handlers and sub-pipelines included. */
export function pipelineSecretNames(ir: PipelineIR, options: { subPipelines: boolean }): string[] {
  const names = new Set<string>();
  const visit = (steps: readonly StepIR[]) => {
    for (const step of steps) {
      for (const name of stepSecretNames(step)) names.add(name);
      if (step.kind === 'for_each' || step.kind === 'loop') visit(step.steps);
      if (step.kind === 'pipeline' && options.subPipelines) visit(step.pipeline.steps);
      if (step.on_error && 'steps' in step.on_error) visit(step.on_error.steps);
    }
  };
  visit(ir.steps);
  return [...names].sort();
}

/** `secrets.NAME` or `secrets['NAME']` inside the templates of a value: how IRs without recorded names are read. */
function secretNamesIn(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const block of item.match(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g) ?? []) {
        for (const match of block.matchAll(
          new RegExp(`secrets\\.(${NAME})|secrets\\[\\s*['"](${NAME})['"]\\s*\\]`, 'g'),
        ))
          names.add((match[1] ?? match[2])!);
      }
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return [...names].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
