// Which media a model step may send, recognised by their bytes (a file's name or a server's
// content-type can lie; the provider checks the bytes too and answers a mismatch with a 400).
export type MediaKind = 'image' | 'pdf' | 'audio';

/** The registry capability a model needs for each kind (models.yaml `capabilities`). */
export const CAPABILITY_OF: Readonly<Record<MediaKind, string>> = { image: 'vision', pdf: 'pdf', audio: 'audio' };

export interface MediaType {
  kind: MediaKind;
  /** The IANA media type the providers expect, e.g. `image/png`. */
  mediaType: string;
  /** The short format name (OpenAI's `input_audio.format`, Bedrock's `format`). */
  format: string;
}

const SIGNATURES: ReadonlyArray<{ type: MediaType; matches: (bytes: Buffer) => boolean }> = [
  {
    type: { kind: 'image', mediaType: 'image/png', format: 'png' },
    matches: (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: { kind: 'image', mediaType: 'image/jpeg', format: 'jpeg' },
    matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  },
  {
    type: { kind: 'image', mediaType: 'image/gif', format: 'gif' },
    matches: (bytes) => /^GIF8[79]a/.test(ascii(bytes, 0, 6)),
  },
  {
    type: { kind: 'image', mediaType: 'image/webp', format: 'webp' },
    matches: (bytes) => ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP',
  },
  {
    type: { kind: 'pdf', mediaType: 'application/pdf', format: 'pdf' },
    matches: (bytes) => ascii(bytes, 0, 5) === '%PDF-',
  },
  {
    type: { kind: 'audio', mediaType: 'audio/wav', format: 'wav' },
    matches: (bytes) => ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE',
  },
  {
    type: { kind: 'audio', mediaType: 'audio/mpeg', format: 'mp3' },
    // An ID3 tag, or an MPEG audio frame's sync bits.
    matches: (bytes) => ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0),
  },
];

export const ACCEPTED_MEDIA = 'PNG, JPEG, GIF or WebP images, PDF documents, WAV or MP3 audio';

/** The media type of these bytes, or undefined when they are none of the accepted kinds. */
export function sniffMediaType(bytes: Buffer): MediaType | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.type;
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value);
}

function ascii(bytes: Buffer, start: number, end: number): string {
  return bytes.subarray(start, end).toString('latin1');
}
