// The key of a model request in the response cache: SHA-256 of the request as the provider
// would get it — provider, model, action and the normalised request (messages, system,
// temperature, max_tokens, stop, tools, output schema) — as canonical JSON. Unlike a rerun's
// fingerprint it leaves out the step's path: the same question asked by another step, another
// pipeline or another run is the same request. Secrets stay in their token form with the run's
// nonce masked, so a key never holds a secret's value and the same `{{ secrets.KEY }}` gives
// the same key in every run.
import { createHash } from 'node:crypto';
import type { ModelCallInput } from '../../workflows/activity-interfaces.js';
import { canonicalJson } from '../../workflows/call-fingerprint.js';
import { buildModelRequest, findModel, type ModelRegistry } from '../models/index.js';

/** Bumped when what a cached entry holds changes meaning: older entries then miss. */
const KEY_FORMAT = 1;

/** The key, or undefined for a request that cannot be built (it fails live, and is never cached). */
export function responseCacheKey(input: ModelCallInput, registry: ModelRegistry): string | undefined {
  const found = findModel(registry, input.model);
  if (!found) return undefined;
  // The key would hold a media file's path, not its bytes: the same path may hold another file
  // next time, so a step with media always asks live (docs/forensics.md).
  // A media action's answer is files in a workspace, not text: nothing to keep.
  if (['generate_image', 'transcribe_audio', 'generate_speech'].includes(input.action)) return undefined;
  const media = input.parameters.media;
  if (media !== undefined && media !== null && !(Array.isArray(media) && media.length === 0)) return undefined;
  let request: unknown;
  try {
    request = buildModelRequest(input.action, found.name, input.parameters);
  } catch {
    return undefined;
  }
  const text = canonicalJson({ format: KEY_FORMAT, provider: found.provider, action: input.action, request });
  const nonce = input.secrets?.nonce;
  const masked = nonce ? text.split(nonce).join('*') : text;
  return createHash('sha256').update(masked).digest('hex');
}
