// py-orc's image-analysis and image-generation tools through a real pipeline: the real worker's
// runTool, the model calls made as model steps make them, the real OpenAI SDK against the
// local server, on the real Temporal dev server; later steps read py-orc's result fields.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { pngImage, reply, startOpenAIServer } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1` },
});

describe('media tools', { timeout: 90_000 }, () => {
  it("image-analysis and image-generation answer with py-orc's fields, files in the workspace", async () => {
    server.respondWith((seen) => (seen.endpoint === 'images' ? reply({}) : reply({ text: '- a red square' })));
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
        const chat = server.requests.find((request) => request.seen?.endpoint === undefined)?.seen;
        expect(chat?.messages[0]?.text).toBe(
          'List all objects you can identify in this image with their locations. List only objects you are at least 70% sure of. Use bullet points.',
        );
        expect(chat?.messages[0]?.media).toEqual([expect.objectContaining({ mediaType: 'image/png' })]);
      },
      { models: models() },
    );
  });
});
