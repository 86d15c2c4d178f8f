// Media on Gemini end to end: a model step's image and PDF as inlineData parts, and
// transcribe_audio answered by Gemini's audio understanding (Gemini has no transcription
// endpoint), through the real @google/genai SDK against the local Gemini server, on the real
// Temporal dev server. Images made by a Gemini image model (IMAGE parts in generateContent)
// land in the workspace as generate_image and image-generation files.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry, type ModelRegistry } from '../../activities/models/index.js';
import { blocked, failure, pdfDocument, pngImage, reply, startGoogleServer, wavAudio } from '../providers/index.js';
import { GEMINI_IMAGE_COLOUR } from '../providers/google-media-endpoints.js';
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
const withImagen = (registry: ModelRegistry): ModelRegistry => ({
  ...registry,
  models: [
    ...registry.models,
    {
      provider: 'google',
      name: 'imagen-4.0-generate-001',
      context: 480,
      input_per_mtok: 0,
      output_per_mtok: 0,
      per_image: 0.04,
      capabilities: ['image_generation'],
      expertise: 'medium',
      size_b: 0,
    },
  ],
});
const geminiModels = () => ({
  registry: loadModelRegistry(),
  environment: { GEMINI_API_KEY: 'test-key', GOOGLE_GEMINI_BASE_URL: server.url },
});

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

  it('makes images with a Gemini image model: PNG files in the workspace, the same result fields as OpenAI', async () => {
    server.respondWith(() => reply({}));
    const ir = compileTest(`
steps:
  - {id: pictures, action: generate_image, model: google:gemini-2.5-flash-image, parameters: {prompt: "A lighthouse", n: 2, size: 1792x1024, output_dir: art}}
  - {id: tool, tool: image-generation, action: execute, parameters: {prompt: "A boat", num_images: 1, output_path: out}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        const png = pngImage(8, 8, GEMINI_IMAGE_COLOUR);
        const file = (path: string) => ({ path, size_bytes: png.length, media_type: 'image/png' });
        expect(document.steps.pictures).toMatchObject({
          model: 'google:gemini-2.5-flash-image',
          usage: { input_tokens: 18, output_tokens: 2580 },
          result: { images: [file('art/image-1.png'), file('art/image-2.png')], revised_prompt: null },
        });
        expect(document.steps.pictures?.cost_usd).toBeCloseTo((18 * 0.3 + 2580 * 30) / 1e6, 10);
        expect(await readFile(join(engine.workspaceRoot, 'art/image-2.png'))).toEqual(png);
        // With only Gemini's key, the tool's image comes from Google's image model.
        expect(document.steps.tool?.result).toMatchObject({
          success: true,
          images: [{ ...file('out/image-1.png'), format: 'file' }],
          metadata: { model: 'google:gemini-2.5-flash-image' },
        });
        expect(await readFile(join(engine.workspaceRoot, 'out/image-1.png'))).toEqual(png);
        const asked = (prompt: string) =>
          server.requests.map((request) => request.body).filter((body) => JSON.stringify(body).includes(prompt));
        expect(asked('A lighthouse')).toHaveLength(2);
        expect(asked('A lighthouse')[0]).toMatchObject({
          contents: [{ role: 'user', parts: [{ text: 'A lighthouse' }] }],
          generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9' } },
        });
        expect(asked('A boat')).toEqual([
          expect.objectContaining({
            generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1' } },
          }),
        ]);
      },
      { models: geminiModels() },
    );
  });

  it('a 429 is waited out and asked again; a 400, a size it cannot take, a refused prompt and an Imagen model fail clearly, unretried', async () => {
    server.script(
      failure(429, { headers: { 'retry-after': '1' } }),
      reply({}),
      failure(400, { message: 'Request contains an invalid argument.' }),
      blocked(),
    );
    // One after another, so the scripted answers meet the steps in this order.
    const image = (id: string, after: string, extra = '') =>
      `  - {id: ${id}, depends_on: [${after}], action: generate_image, on_failure: continue, model: google:gemini-2.5-flash-image, parameters: {prompt: "A cat"${extra}}}`;
    const ir = compileTest(`
steps:
${image('retried', '')}
${image('refused', 'retried')}
${image('bad_size', 'refused', ', size: huge')}
${image('unsafe', 'bad_size')}
  - {id: imagen, action: generate_image, on_failure: continue, model: google:imagen-4.0-generate-001, parameters: {prompt: "A dog"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.retried).toMatchObject({
          status: 'completed',
          result: { images: [{ path: 'media/retried/image-1.png', media_type: 'image/png' }], revised_prompt: null },
        });
        expect(document.steps.refused).toMatchObject({ attempts: 1, error: { type: 'InvalidRequest' } });
        expect(document.steps.refused?.error?.message).toContain(
          'google answered 400: Request contains an invalid argument.',
        );
        expect(document.steps.bad_size).toMatchObject({ attempts: 1, error: { type: 'InvalidRequest' } });
        expect(document.steps.bad_size?.error?.message).toContain(
          'generate_image: google takes a size as an aspect ratio (1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9) or WIDTHxHEIGHT, not "huge"',
        );
        expect(document.steps.imagen).toMatchObject({ attempts: 1, error: { type: 'InvalidRequest' } });
        expect(document.steps.imagen?.error?.message).toContain(
          '"google:imagen-4.0-generate-001" is an Imagen model, which the Gemini API\'s SDK no longer serves',
        );
        expect(document.steps.unsafe).toMatchObject({ attempts: 1, error: { type: 'ContentFiltered' } });
        expect(document.steps.unsafe?.error?.message).toContain('google refused to make the image: SAFETY');
        // Two for the 429 and its retry, one each for the 400 and the refusal; none for the bad size or Imagen.
        expect(server.requests).toHaveLength(4);
      },
      // Imagen as a user's ORC_MODELS_FILE would add it: the built-in registry leaves it out.
      { models: { ...geminiModels(), registry: withImagen(loadModelRegistry()) } },
    );
  });
});
