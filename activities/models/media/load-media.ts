// A model step's `media:` list → the files' bytes, read inside the activity: the workflow's
// history holds only the workspace path or the URL, never the bytes. URLs are fetched under the
// web tool's address policy. Each file's kind is recognised by its bytes and checked against
// the model's capabilities and the provider's size limit.
import { httpRequest, readWorkspaceFile, WebRequestError } from '../../tools/index.js';
import type { ModelMedia } from '../types.js';
import { ModelError } from '../types.js';
import { mediaLimitOf } from './media-limits.js';
import { ACCEPTED_MEDIA, CAPABILITY_OF, sniffMediaType, type MediaKind } from './media-types.js';

export interface MediaSource {
  /** Where `{file: …}` paths are read from (ORC_WORKSPACE). */
  workspaceRoot: string;
  /** The web tool's policy: may a URL reach loopback and private addresses. */
  allowPrivateAddresses: boolean;
}

export interface MediaTarget {
  model: string;
  providerKind: string;
  /** The model's capabilities, or undefined when the registry does not know them (unlisted). */
  capabilities?: readonly string[];
  signal?: AbortSignal;
}

const URL_TIMEOUT_MS = 60_000;

/** The files of `media`, in order; an empty list when the step has none. */
export async function loadMedia(media: unknown, source: MediaSource, target: MediaTarget): Promise<ModelMedia[]> {
  if (media === undefined || media === null) return [];
  const items = Array.isArray(media) ? media : [media];
  const loaded: ModelMedia[] = [];
  for (const [index, item] of items.entries()) loaded.push(await loadOne(item, index, source, target));
  return loaded;
}

async function loadOne(item: unknown, index: number, source: MediaSource, target: MediaTarget): Promise<ModelMedia> {
  const where = `media[${index}]`;
  const { origin, bytes } = await bytesOf(item, where, source, target);
  const type = sniffMediaType(bytes);
  if (!type) throw invalid(`${where} (${origin}) is not a file a model can read: it must be one of ${ACCEPTED_MEDIA}`);
  const capability = CAPABILITY_OF[type.kind];
  if (target.capabilities && !target.capabilities.includes(capability))
    throw invalid(
      `${where} (${origin}) is ${describe(type.kind)}, and model "${target.model}" does not accept ${describe(type.kind)} (it lacks the "${capability}" capability in the model registry); choose a model that has it, e.g. with requires_model: {capabilities: [${capability}]}`,
    );
  const limit = mediaLimitOf(target.providerKind, type.kind);
  if (bytes.length > limit)
    throw invalid(
      `${where} (${origin}) is ${megabytes(bytes.length)} MB; ${target.providerKind} accepts ${describe(type.kind)} up to ${megabytes(limit)} MB inline: make it smaller (e.g. scale the image down)`,
    );
  return {
    kind: type.kind,
    media_type: type.mediaType,
    format: type.format,
    data: bytes.toString('base64'),
    name: nameOf(origin, index),
  };
}

async function bytesOf(
  item: unknown,
  where: string,
  source: MediaSource,
  target: MediaTarget,
): Promise<{ origin: string; bytes: Buffer }> {
  const entry = typeof item === 'string' ? { file: item } : (item as Record<string, unknown> | null);
  if (entry && typeof entry.file === 'string')
    return { origin: `file "${entry.file}"`, bytes: await readWorkspaceFile(source.workspaceRoot, entry.file) };
  if (entry && typeof entry.url === 'string')
    return { origin: `URL ${entry.url}`, bytes: await fetchMedia(entry.url, source, target) };
  throw invalid(`${where} must be {file: "path in the workspace"} or {url: "https://…"}, not ${JSON.stringify(item)}`);
}

async function fetchMedia(url: string, source: MediaSource, target: MediaTarget): Promise<Buffer> {
  const largest = Math.max(
    ...(['image', 'pdf', 'audio'] as const).map((kind) => mediaLimitOf(target.providerKind, kind)),
  );
  try {
    const response = await httpRequest({
      url,
      timeoutMs: URL_TIMEOUT_MS,
      maxBytes: largest + 1,
      signal: target.signal,
      allowPrivate: source.allowPrivateAddresses,
    });
    if (response.status !== 200)
      throw new ModelError(
        response.status >= 500 || response.status === 429 ? 'ProviderUnavailable' : 'InvalidRequest',
        `media URL ${url} answered ${response.status} ${response.statusText}`,
      );
    return response.body;
  } catch (error) {
    if (!(error instanceof WebRequestError)) throw error;
    // A refused address or a bad URL is the step's mistake; a timeout or a dropped connection may pass.
    const retryable = error.kind === 'timeout' || error.kind === 'network';
    throw new ModelError(retryable ? 'ProviderUnavailable' : 'InvalidRequest', `media URL ${url}: ${error.message}`);
  }
}

function invalid(message: string): ModelError {
  return new ModelError('InvalidRequest', message);
}

function describe(kind: MediaKind): string {
  return kind === 'image' ? 'images' : kind === 'pdf' ? 'PDF documents' : 'audio';
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(2).replace(/\.?0+$/, '');
}

function nameOf(origin: string, index: number): string {
  const base = /([^/"\s]+)"?$/.exec(origin)?.[1] ?? '';
  // Bedrock document names allow letters, digits, spaces, hyphens, parentheses and brackets only.
  return base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9 ()[\]-]/g, '-') || `document-${index + 1}`;
}
