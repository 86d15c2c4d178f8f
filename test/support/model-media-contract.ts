// The media part of the adapter contract: images, PDFs and audio in a user turn arrive as the
// provider's own content parts (each fake server reads only its protocol's shape, and checks
// the bytes against the declared type as the real API does), and the API's refusals map to
// stable error types.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ModelError, ModelMedia, ModelRequest } from '../../activities/models/types.js';
import { pdfDocument, pngImage, reply, wavAudio } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import type { ContractTarget, KnownGap } from './model-contract.js';

const png = pngImage(8, 8);
const pdf = pdfDocument();
const wav = wavAudio();

export const MEDIA = {
  png: media('image', 'image/png', 'png', png, 'chart'),
  pdf: media('pdf', 'application/pdf', 'pdf', pdf, 'report'),
  wav: media('audio', 'audio/wav', 'wav', wav, 'speech'),
};

export function describeMediaContract(
  target: () => ContractTarget,
  gaps: readonly KnownGap[],
  modelErrorOf: (promise: Promise<unknown>) => Promise<ModelError>,
): void {
  const server = (): FakeProviderServer => target().server;
  const generate = (request: Partial<ModelRequest>) =>
    target().adapter.generate(
      { model: target().model, messages: [{ role: 'user', content: 'Hi' }], ...request },
      { timeoutMs: 10_000 },
    );
  const takesAudio = !gaps.includes('no-audio-input');

  describe('media input', () => {
    it(`an image, a PDF${takesAudio ? ' and audio' : ''} arrive as the provider's own parts, byte for byte`, async () => {
      server().script(reply({ text: 'A red square.' }));
      const sent = takesAudio ? [MEDIA.png, MEDIA.pdf, MEDIA.wav] : [MEDIA.png, MEDIA.pdf];
      const response = await generate({ messages: [{ role: 'user', content: 'What is in these?', media: sent }] });
      expect(response.text).toBe('A red square.');
      const [message] = server().lastSeen().messages;
      expect(message?.text).toBe('What is in these?');
      expect(message?.media).toEqual(
        sent.map((part) => ({
          mediaType: expect.stringMatching(part.kind === 'audio' ? /^audio\/wav$/ : new RegExp(`^${part.media_type}$`)),
          sha256: sha256(Buffer.from(part.data, 'base64')),
          bytes: Buffer.from(part.data, 'base64').length,
        })),
      );
    });

    it('bytes that are not the media type they claim: the API answers 400 → InvalidRequest, not retried', async () => {
      const lying = { ...MEDIA.png, data: MEDIA.pdf.data };
      const error = await modelErrorOf(generate({ messages: [{ role: 'user', content: 'What?', media: [lying] }] }));
      expect(error).toMatchObject({ type: 'InvalidRequest', retryable: false, details: { status: 400 } });
      expect(error.message).toMatch(/media type/i);
    });

    it('a request larger than the API takes: 413 → InvalidRequest, not retried', async () => {
      server().limitRequestBytes(400);
      const error = await modelErrorOf(
        generate({ messages: [{ role: 'user', content: 'What?', media: [MEDIA.pdf] }] }),
      );
      expect(error).toMatchObject({ type: 'InvalidRequest', retryable: false, details: { status: 413 } });
    });
  });
}

function media(kind: ModelMedia['kind'], mediaType: string, format: string, bytes: Buffer, name: string): ModelMedia {
  return { kind, media_type: mediaType, format, data: bytes.toString('base64'), name };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
