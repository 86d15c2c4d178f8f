// The largest file of each kind a provider accepts inline (base64 in the request), from the
// providers' documentation (docs/models.md, "Media"). Checked before the call, so a too-large
// file fails with what to do instead of the provider's 400 or 413.
import type { MediaKind } from './media-types.js';

const MIB = 1024 * 1024;

type Limits = Readonly<Record<MediaKind, number>>;

const LIMITS_BY_KIND: Readonly<Record<string, Limits>> = {
  // platform.openai.com/docs/guides/images-vision and /pdf-files: 20 MB per image, 32 MB per file.
  openai: { image: 20 * MIB, pdf: 32 * MIB, audio: 20 * MIB },
  'azure-openai': { image: 20 * MIB, pdf: 32 * MIB, audio: 20 * MIB },
  'openai-compatible': { image: 20 * MIB, pdf: 32 * MIB, audio: 20 * MIB },
  // docs.anthropic.com vision and PDF support: 5 MB per image through the API, 32 MB per request.
  anthropic: { image: 5 * MIB, pdf: 32 * MIB, audio: 0 },
  // ai.google.dev: inline data up to 20 MB for the whole request.
  google: { image: 20 * MIB, pdf: 20 * MIB, audio: 20 * MIB },
  // Bedrock Converse ImageBlock 3.75 MB, DocumentBlock 4.5 MB.
  bedrock: { image: 3.75 * MIB, pdf: 4.5 * MIB, audio: 0 },
};

/** The largest inline file of this kind the provider kind accepts (bytes). */
export function mediaLimitOf(providerKind: string, kind: MediaKind): number {
  return (LIMITS_BY_KIND[providerKind] ?? LIMITS_BY_KIND.openai!)[kind];
}
