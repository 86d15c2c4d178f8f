// The fingerprint of one activity call: how `orc rerun` knows that a call of the new run is
// the very call a source run already made. It is the SHA-256 of the call's input as canonical
// JSON, minus what differs from run to run without changing the call (the run's ids, the
// secret plumbing). The input already holds the rendered prompt or parameters, the model, the
// tools and the step's path, so retries, timeouts and output templates do not enter it.
// Shared by the workflow (which looks calls up) and the activity that reads the source run's
// history (which files each recorded call under it): pure, and the same everywhere.
import { sha256Hex } from './lang/sha256.js';

/** The activities whose recorded results a rerun may hand back instead of calling again. */
export const REUSABLE_ACTIVITIES: ReadonlySet<string> = new Set(['runTool', 'runModel', 'selectModel', 'resolveAuto']);

/** Input fields that name the run, not the call, and `cache` (whether the response cache may answer it). */
const RUN_SPECIFIC_FIELDS: ReadonlySet<string> = new Set(['workflow_id', 'run_id', 'secrets', 'cache']);

export function callFingerprint(activity: string, input: unknown): string {
  const fields = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(fields).filter(([key]) => !RUN_SPECIFIC_FIELDS.has(key)));
  // A secret's token carries the run's nonce: the same `{{ secrets.KEY }}` is a different
  // string in every run, but the same call.
  const nonce = (fields.secrets as { nonce?: unknown } | undefined)?.nonce;
  const text = canonicalJson({ activity, input: kept });
  return sha256Hex(typeof nonce === 'string' && nonce !== '' ? text.split(nonce).join('*') : text);
}

/**
 * The call as its fingerprint sees it — the input without what names the run, a secret's token
 * with the run's nonce masked — for `orc record`'s cassettes, which keep it beside the answer.
 */
export function callRequest(input: unknown): unknown {
  const fields = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(fields).filter(([key]) => !RUN_SPECIFIC_FIELDS.has(key)));
  const nonce = (fields.secrets as { nonce?: unknown } | undefined)?.nonce;
  const text = canonicalJson(kept);
  return JSON.parse(typeof nonce === 'string' && nonce !== '' ? text.split(nonce).join('*') : text) as unknown;
}

/** JSON with every object's keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sorted(item)]));
}

/** `fetch`, `each[2].summarise`, `agent/turn-1/web__fetch`, `x.on_error.note` → the top-level step. */
export function topLevelStep(path: string): string {
  return /^[^.[/]+/.exec(path)?.[0] ?? path;
}

/** True when `path` is `step` itself or a call or step inside it. */
export function isInside(path: string, step: string): boolean {
  return path === step || (path.startsWith(step) && '.[/'.includes(path.charAt(step.length)));
}
