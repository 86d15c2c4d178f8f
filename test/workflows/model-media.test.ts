// Media in model steps end to end: files from the workspace and URLs, read by the real worker's
// model activity, sent through the real OpenAI SDK to the local chat-completions server, on the
// real Temporal dev server. The history holds the paths, never the bytes.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { defaultToolSettings } from '../../activities/index.js';
import { pdfDocument, pngImage, reply, startOpenAIServer } from '../providers/index.js';
import type { FakeProviderServer } from '../providers/index.js';
import { runPipelineDocument, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

const png = pngImage(16, 16);
const pdf = pdfDocument('Quarterly figures');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let server: FakeProviderServer;
let site: Server;
let siteUrl: string;
beforeAll(async () => {
  server = await startOpenAIServer();
  site = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(png);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/chart.png`;
});
afterAll(async () => {
  await server.close();
  site.closeAllConnections();
  await new Promise<void>((resolve) => site.close(() => resolve()));
});
beforeEach(() => server.reset());

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1` },
});

describe('media in model steps', { timeout: 60_000 }, () => {
  it('sends workspace files as the provider parts; history holds the paths, not the bytes', async () => {
    server.script(reply({ text: 'A red square and a table of figures.' }));
    const ir = compileTest(`
steps:
  - id: look
    action: generate
    model: openai:gpt-4o-mini
    parameters:
      prompt: What do these show?
      media: [{file: charts/q3.png}, "report.pdf"]
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'report.pdf'), pdf);
        await mkdir(join(engine.workspaceRoot, 'charts'));
        await writeFile(join(engine.workspaceRoot, 'charts/q3.png'), png);
        const handle = await startPipeline(engine, ir);
        const document = (await handle.result()) as { steps: Record<string, { result?: unknown }> };
        expect(document.steps.look?.result).toBe('A red square and a table of figures.');
        expect(server.lastSeen().messages[0]?.media).toEqual([
          { mediaType: 'image/png', sha256: sha256(png), bytes: png.length },
          { mediaType: 'application/pdf', sha256: sha256(pdf), bytes: pdf.length },
        ]);
        // Payloads are base64 JSON: decode them all to read what history holds.
        const history = [...JSON.stringify(await handle.fetchHistory()).matchAll(/"data":"([^"]+)"/g)]
          .map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'))
          .join('\n');
        expect(history).toContain('charts/q3.png');
        expect(history).not.toContain(png.toString('base64').slice(0, 40));
      },
      { models: models() },
    );
  });

  it('a templated text-only model with an image fails clearly at run time, before any call', async () => {
    const ir = compileTest(`
parameters: {model: {type: string, default: openai:gpt-4.1-nano}}
steps:
  - {id: look, action: generate, model: "{{ parameters.model }}", parameters: {prompt: What is it?, media: [chart.png]}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'chart.png'), png);
        const document = await runPipelineDocument(engine, ir);
        expect(document.success).toBe(false);
        expect(document.steps.look?.error).toMatchObject({ type: 'InvalidRequest' });
        expect(document.steps.look?.error?.message).toMatch(
          /model "openai:gpt-4\.1-nano" does not accept images \(it lacks the "vision" capability/,
        );
        expect(server.requests).toHaveLength(0);
      },
      { models: models() },
    );
  });

  it('a file that is no media type fails with what is accepted', async () => {
    const ir = compileTest(`
steps:
  - {id: look, action: generate, model: openai:gpt-4o-mini, parameters: {prompt: What is it?, media: ["{{ 'notes' }}.png"]}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'notes.png'), 'just text, named .png');
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.look?.error).toMatchObject({ type: 'InvalidRequest' });
        expect(document.steps.look?.error?.message).toContain(
          'media[0] (file "notes.png") is not a file a model can read: it must be one of PNG, JPEG, GIF or WebP images, PDF documents, WAV or MP3 audio',
        );
        expect(server.requests).toHaveLength(0);
      },
      { models: models() },
    );
  });

  it("URLs go through the web tool's address policy: refused on a private address, fetched when the worker allows it", async () => {
    const ir = compileTest(`
parameters: {url: {type: string}}
steps:
  - {id: look, action: generate, model: openai:gpt-4o-mini, parameters: {prompt: Describe, media: [{url: "{{ parameters.url }}"}]}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { url: siteUrl });
        expect(document.steps.look?.error).toMatchObject({ type: 'InvalidRequest' });
        expect(document.steps.look?.error?.message).toMatch(/media URL .* (loopback|private)/i);
        expect(server.requests).toHaveLength(0);
      },
      { models: models() },
    );
    server.script(reply({ text: 'A red square.' }));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { url: siteUrl });
        expect(document.steps.look?.result).toBe('A red square.');
        expect(server.lastSeen().messages[0]?.media).toEqual([
          { mediaType: 'image/png', sha256: sha256(png), bytes: png.length },
        ]);
      },
      { models: models(), toolSettings: defaultToolSettings({ web: { allowPrivateAddresses: true } }) },
    );
  });

  it('requires_model: {capabilities: [vision]} picks only a model that can see', async () => {
    server.script(reply({ text: 'A red square.' }));
    const ir = compileTest(`
steps:
  - {id: look, action: generate, requires_model: {capabilities: [vision]}, parameters: {prompt: Describe, media: [chart.png]}}
`);
    await withWorker(
      async (engine) => {
        await writeFile(join(engine.workspaceRoot, 'chart.png'), png);
        const document = await runPipelineDocument(engine, ir);
        // gpt-4.1-nano is the cheapest OpenAI model, but the registry gives it no vision.
        expect(document.steps.look).toMatchObject({ status: 'completed', model: 'openai:gpt-4o-mini' });
      },
      { models: models() },
    );
  });
});
