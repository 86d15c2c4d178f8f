// py-orc's image-analysis and image-generation tools through a real pipeline: the real worker's
// runTool, the model calls made as model steps make them, the real OpenAI SDK against the
// local server, on the real Temporal dev server; later steps read py-orc's result fields.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngImage, reply, wavAudio } from '../providers/index.js';
import { useOpenAIServer } from '../support/openai-test-server.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

const openai = useOpenAIServer();

describe('media tools', { timeout: 90_000 }, () => {
  it("image-analysis and image-generation answer with py-orc's fields, files in the workspace", async () => {
    openai.server.respondWith((seen) => (seen.endpoint === 'images' ? reply({}) : reply({ text: '- a red square' })));
    const ir = compileTest(`
parameters: {input_image: {type: string, default: photo.png}}
steps:
  - id: analyze_image
    tool: image-analysis
    action: execute
    parameters: {image: "{{ parameters.input_image }}", analysis_type: detect_objects, confidence_threshold: 0.7, prompt_suffix: "Use bullet points."}
  - id: generate_variations
    tool: image-generation
    action: execute
    parameters: {prompt: "A colorful abstract design", size: 1024x1024, style: vivid, num_images: 2, output_path: out/generated_images}
  - id: report
    tool: filesystem
    action: write
    parameters:
      path: out/report.md
      content: "{{ analyze_image.analysis.result }} / {{ generate_variations.images | length }} images, first {{ generate_variations.images[0].path }}"
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'photo.png'), pngImage(6, 6));
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(true);
        expect(document.steps.analyze_image?.result).toMatchObject({
          success: true,
          analysis: { analysis_type: 'detect_objects', result: '- a red square', model_used: 'openai:gpt-4o-mini' },
          metadata: { model: 'openai:gpt-4o-mini' },
        });
        expect(document.steps.generate_variations?.result).toMatchObject({
          success: true,
          images: [
            { path: 'out/generated_images/image-1.png', format: 'file', media_type: 'image/png' },
            { path: 'out/generated_images/image-2.png', format: 'file', media_type: 'image/png' },
          ],
          metadata: {
            prompt: 'A colorful abstract design, vivid style',
            num_generated: 2,
            model: 'openai:dall-e-3',
            cost_usd: 0.08,
          },
        });
        expect(await readFile(join(engine.workspaceRoot, 'out/report.md'), 'utf8')).toBe(
          '- a red square / 2 images, first out/generated_images/image-1.png',
        );
        const chat = openai.server.requests.find((request) => request.seen?.endpoint === undefined)?.seen;
        expect(chat?.messages[0]?.text).toBe(
          'List all objects you can identify in this image with their locations. List only objects you are at least 70% sure of. Use bullet points.',
        );
        expect(chat?.messages[0]?.media).toEqual([expect.objectContaining({ mediaType: 'image/png' })]);
      },
      { models: openai.models() },
    );
  });

  it('audio-processing transcribes through a transcription model and analyses a WAV; other operations are refused', async () => {
    openai.server.script(reply({ text: 'Testing one two three.' }));
    const ir = compileTest(`
parameters: {input_audio: {type: string, default: speech.wav}}
steps:
  - {id: transcribe_audio, tool: audio-processing, action: execute, parameters: {audio: "{{ parameters.input_audio }}", operation: transcribe, language: en}}
  - {id: analyze_audio, tool: audio-processing, action: execute, parameters: {audio: "{{ parameters.input_audio }}", operation: analyze}}
  - {id: analyze_clicks, tool: audio-processing, action: execute, parameters: {audio: clicks.wav, operation: analyze}}
  - id: summary
    tool: filesystem
    action: write
    parameters: {path: summary.txt, content: "{{ transcribe_audio.transcription }} {{ analyze_audio.analysis.sample_rate }} Hz {{ analyze_audio.analysis.analysis.peak_amplitude | round(2) }}"}
  - {id: enhance, tool: audio-processing, action: execute, depends_on: [summary], parameters: {audio: speech.wav, operation: "{{ 'enhance' }}"}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'speech.wav'), wavAudio(0.25, 8000, 440));
        // Clicks twice a second; at 8192 samples a second the analysis sees 16 frames a second, so 120 BPM is a whole lag.
        await writeFile(join(engine.workspaceRoot, 'clicks.wav'), wavAudio(4, 8192, 1000, 120));
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.transcribe_audio?.result).toMatchObject({
          success: true,
          transcription: 'Testing one two three.',
          metadata: { language: 'english', duration: 2.5, model: 'openai:whisper-1' },
        });
        const analysis = (document.steps.analyze_audio?.result as { analysis: Record<string, unknown> }).analysis;
        expect(analysis).toMatchObject({ format: 'wav', duration: 0.25, sample_rate: 8000, channels: 1 });
        const levels = analysis.analysis as Record<string, number>;
        expect(levels.peak_amplitude).toBeCloseTo(12_000 / 32_768, 3);
        // A 440 Hz sine crosses zero twice a cycle: 880 times a second, of 8000 samples.
        expect(levels.zero_crossing_rate).toBeCloseTo(880 / 8000, 2);
        // py-orc's librosa figures: a 440 Hz tone's spectrum sits near 440 Hz (its quarter second's
        // first and last frames, half zero padding, spread it a little); its centroid barely moves,
        // which py-orc's formula calls a "high" noise level.
        expect(levels.spectral_centroid_hz).toBeGreaterThan(440);
        expect(levels.spectral_centroid_hz).toBeLessThan(500);
        expect(levels.spectral_rolloff_hz).toBeGreaterThan(440);
        expect(levels.spectral_rolloff_hz).toBeLessThan(500);
        expect(levels.spectral_bandwidth_hz).toBeLessThan(400);
        expect(levels.noise_level).toBe('high');
        const clicks = (document.steps.analyze_clicks?.result as { analysis: { analysis: Record<string, number> } })
          .analysis;
        expect(clicks.analysis.tempo_bpm).toBe(120);
        expect(await readFile(join(engine.workspaceRoot, 'summary.txt'), 'utf8')).toBe(
          'Testing one two three. 8000 Hz 0.37',
        );
        expect(document.steps.enhance?.error?.message).toContain('operation "enhance" is not offered');
      },
      { models: openai.models() },
    );
  });
});
