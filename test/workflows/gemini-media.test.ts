// Media on Gemini end to end: a model step's image and PDF as inlineData parts, and
// transcribe_audio answered by Gemini's audio understanding (Gemini has no transcription
// endpoint), through the real @google/genai SDK against the local Gemini server, on the real
// Temporal dev server.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { pdfDocument, pngImage, reply, startGoogleServer, wavAudio } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startGoogleServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('media on Gemini', { timeout: 90_000 }, () => {
  it('sends images and PDFs as inlineData, and transcribes audio with a Gemini model', async () => {
    const png = pngImage(5, 5);
    const pdf = pdfDocument();
    const wav = wavAudio(0.5);
    server.respondWith((seen) =>
      seen.system?.startsWith('Transcribe the audio')
        ? reply({ text: ' Hello there. ' })
        : reply({ text: 'Both seen.' }),
    );
    const ir = compileTest(`
steps:
  - {id: look, action: generate, model: google:gemini-2.5-flash, parameters: {prompt: "What are these?", media: [chart.png, report.pdf]}}
  - {id: heard, action: transcribe_audio, parameters: {audio: {file: talk.wav}, language: en}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'chart.png'), png);
        await writeFile(join(engine.workspaceRoot, 'report.pdf'), pdf);
        await writeFile(join(engine.workspaceRoot, 'talk.wav'), wav);
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.look?.result).toBe('Both seen.');
        // The cheapest Gemini model that transcribes is chosen (only Gemini has credentials here).
        expect(document.steps.heard).toMatchObject({
          model: 'google:gemini-2.5-flash-lite',
          result: { text: 'Hello there.', duration_s: 0.5 },
        });
        const sent = server.requests.map((request) => request.seen!);
        expect(sent.find((seen) => seen.model === 'gemini-2.5-flash')?.messages[0]?.media).toEqual([
          { mediaType: 'image/png', sha256: sha256(png), bytes: png.length },
          { mediaType: 'application/pdf', sha256: sha256(pdf), bytes: pdf.length },
        ]);
        const transcription = sent.find((seen) => seen.model === 'gemini-2.5-flash-lite');
        expect(transcription?.system).toContain('The speech is in en.');
        expect(transcription?.messages[0]?.media).toEqual([
          { mediaType: 'audio/wav', sha256: sha256(wav), bytes: wav.length },
        ]);
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { GEMINI_API_KEY: 'test-key', GOOGLE_GEMINI_BASE_URL: server.url },
        },
      },
    );
  });
});
