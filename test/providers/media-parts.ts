// Media parts as the fake servers check them: the declared media type must be one the real API
// takes, and the bytes must be what it declares (the real APIs answer 400 to both).
import { createHash } from 'node:crypto';

export interface SeenMedia {
  /** The media type the request declared (`image/png`, `application/pdf`, `audio/wav`…). */
  mediaType: string;
  /** sha256 of the decoded bytes, so a test can check the exact file arrived. */
  sha256: string;
  bytes: number;
}

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (bytes) => bytes.subarray(1, 4).toString('latin1') === 'PNG',
  'image/jpeg': (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8,
  'image/gif': (bytes) => bytes.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (bytes) => bytes.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-',
  'audio/wav': (bytes) => bytes.subarray(8, 12).toString('latin1') === 'WAVE',
  'audio/mpeg': (bytes) => bytes.subarray(0, 3).toString('latin1') === 'ID3' || bytes[0] === 0xff,
};
MAGIC['audio/mp3'] = MAGIC['audio/mpeg']!;

/** The protocol's reading of one part: what it declared and what arrived. */
export function seenMedia(mediaType: string, base64: string): SeenMedia {
  const bytes = Buffer.from(base64, 'base64');
  return { mediaType, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** Why the API would refuse this part (undefined: it would take it). `accepted` lists its media types. */
export function invalidMedia(mediaType: string, base64: string, accepted: readonly string[]): string | undefined {
  if (!accepted.includes(mediaType))
    return `Unsupported media type "${mediaType}": supported types are ${accepted.join(', ')}.`;
  if (!MAGIC[mediaType]?.(Buffer.from(base64, 'base64')))
    return `The data does not match the declared media type "${mediaType}".`;
  return undefined;
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** `data:<type>;base64,<data>` → its parts; undefined when it is not a base64 data URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1]!, data: match[2]! } : undefined;
}
