// Making media end to end: generate_image, transcribe_audio and generate_speech through the real
// worker's model activity and the real OpenAI SDK against the local server's images, audio and
// speech endpoints, on the real Temporal dev server. Files land in the workspace; the result
// holds their paths, sizes, media types, usage and cost.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure, reply, wavAudio } from '../providers/index.js';
import { useOpenAIServer } from '../support/openai-test-server.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

const openai = useOpenAIServer();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('media actions of model steps', { timeout: 90_000 }, () => {
  it('makes images, a transcript and speech as workspace files, choosing the cheapest model that can', async () => {
    openai.server.respondWith((seen) =>
      seen.endpoint === 'transcriptions' ? reply({ text: 'Hello from the recording.' }) : reply({}),
    );
    const ir = compileTest(`
model: openai:gpt-4o-mini
steps:
  - id: pictures
    action: generate_image
    parameters: {prompt: "A lighthouse at dusk", n: 2, size: 1024x1024, output_dir: art}
  - id: transcript
    action: transcribe_audio
    parameters: {audio: talk.wav, language: en}
  - id: voice
    action: generate_speech
    model: openai:tts-1
    parameters: {text: "{{ transcript.result.text }}", voice: nova, format: wav}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'talk.wav'), wavAudio(1.5));
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        const pictures = document.steps.pictures!;
        expect(pictures).toMatchObject({ model: 'openai:dall-e-3', cost_usd: 0.08 });
        expect(pictures.result).toMatchObject({
          images: [
            { path: 'art/image-1.png', media_type: 'image/png', size_bytes: expect.any(Number) },
            { path: 'art/image-2.png', media_type: 'image/png', size_bytes: expect.any(Number) },
          ],
          revised_prompt: 'A lighthouse at dusk (revised)',
        });
        const image = await readFile(join(engine.workspaceRoot, 'art/image-2.png'));
        expect(image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        expect(image.length).toBe((pictures.result as { images: Array<{ size_bytes: number }> }).images[1]!.size_bytes);

        const transcript = document.steps.transcript!;
        expect(transcript).toMatchObject({ model: 'openai:whisper-1' });
        expect(transcript.result).toEqual({ text: 'Hello from the recording.', language: 'english', duration_s: 2.5 });
        expect(transcript.cost_usd).toBeCloseTo((2.5 / 60) * 0.006, 10);

        const voice = document.steps.voice!;
        expect(voice.result).toEqual({
          path: 'media/voice.wav',
          size_bytes: expect.any(Number),
          media_type: 'audio/wav',
        });
        expect(voice.cost_usd).toBeCloseTo(('Hello from the recording.'.length / 1e6) * 15, 12);
        const speech = await readFile(join(engine.workspaceRoot, 'media/voice.wav'));
        expect(speech.subarray(8, 12).toString('latin1')).toBe('WAVE');

        const byEndpoint = Object.fromEntries(
          openai.server.requests.map((request) => [request.seen?.endpoint, request]),
        );
        expect(byEndpoint.images?.body).toMatchObject({ model: 'dall-e-3', n: 2, response_format: 'b64_json' });
        expect(byEndpoint.transcriptions?.seen?.messages[0]?.media?.[0]).toMatchObject({ mediaType: 'audio/wav' });
        expect(byEndpoint.speech?.body).toMatchObject({
          model: 'tts-1',
          voice: 'nova',
          input: 'Hello from the recording.',
        });
      },
      { models: openai.models() },
    );
  });

  it('a 429 is waited out and asked again; a chat model asked for an image, or a file that is no audio, fail clearly', async () => {
    openai.server.script(failure(429, { headers: { 'retry-after': '1' } }), reply({}));
    const ir = compileTest(`
steps:
  - {id: retried, action: generate_image, parameters: {prompt: "A cat"}}
  - {id: wrong_model, action: generate_image, on_failure: continue, model: openai:gpt-4o-mini, parameters: {prompt: "A cat"}}
  - {id: not_audio, action: transcribe_audio, on_failure: continue, parameters: {audio: notes.txt}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'notes.txt'), 'plain text');
        const document = await runPipelineDocument(engine, ir);
        console.log(JSON.stringify(document.steps.retried));
        expect(document.steps.retried).toMatchObject({
          status: 'completed',
          result: { images: [{ path: 'media/retried/image-1.png' }] },
        });
        expect(document.steps.wrong_model?.error).toMatchObject({ type: 'InvalidRequest' });
        expect(document.steps.wrong_model?.error?.message).toContain(
          'generate_image: model "openai:gpt-4o-mini" cannot do it (the model registry gives it no "image_generation" capability)',
        );
        expect(document.steps.not_audio?.error?.message).toContain('is not a file a model can read');
        expect(openai.server.requests.filter((request) => request.seen?.endpoint === 'images')).toHaveLength(2);
        expect(openai.server.requests.some((request) => request.seen?.endpoint === 'transcriptions')).toBe(false);
      },
      { models: openai.models() },
    );
  });
});
