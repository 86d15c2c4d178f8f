// The corpus's original_research_report_pipeline.yaml, unchanged, end to end on the real server:
// its `<AUTO>` output `pdf` asked once and read by every location, `tex` rendered from it; a
// nested `<AUTO>` query answered before the web-search agent (headless-browser on a local web
// site) runs; the natural-language steps inside its create_parallel_queue loops; `{{ location }}`
// and `{{ compile-pdf.location }}`; an agent loop with the terminal tool that makes the PDF.
// Every model call is answered by the local OpenAI-protocol server; nothing leaves the machine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../activities/index.js';
import { loadPipeline } from '../../client/load-pipeline.js';
import { loadModelRegistry } from '../../activities/models/index.js';
import { startWebSite } from '../activities/tools/web/local-servers.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startAnthropicServer } from '../providers/anthropic-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import type { SeenRequest } from '../providers/seen-request.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, withWorker } from '../support/temporal.js';

let site: Awaited<ReturnType<typeof startWebSite>>;
let model: FakeProviderServer;
// Its last steps require "very-high" expertise, which only Anthropic's and Google's models have.
let anthropic: FakeProviderServer;
beforeAll(async () => {
  site = await startWebSite();
  model = await startOpenAIServer();
  anthropic = await startAnthropicServer();
});
afterAll(async () => {
  await anthropic.close();
  await model.close();
  await site.close();
});

const FOLDER = './searches/tides_report.pdf';
const firstText = (seen: SeenRequest) => seen.messages.find((message) => message.role === 'user')?.text ?? '';
const usedTools = (seen: SeenRequest) => seen.messages.some((message) => message.role === 'tool');
const answer = (value: unknown) => reply({ text: JSON.stringify({ answer: value }), usage: { input: 10, output: 3 } });
const text = (value: string) => reply({ text: value, usage: { input: 20, output: 8 } });

/** The model's side of the whole run, by what each request asks. */
function respond(seen: SeenRequest) {
  const asked = firstText(seen);
  if (seen.system?.includes('automated pipeline')) {
    if (asked.includes('construct an appropriate web query')) return answer('causes of ocean tides');
    if (asked.includes('create a list of every source'))
      return answer([`${site.url}/article/1`, `${site.url}/article/2`]);
    if (asked.includes('every non-trivial claim')) return answer(['The moon causes the tides.']);
    if (asked.includes('is a valid pdf')) return answer(true);
  }
  if (asked.includes('come up with an appropriate filename')) return text('tides_report.pdf');
  if (asked.startsWith('search the web for')) {
    if (usedTools(seen)) return text(`# Notes\n\n- [Article 1](${site.url}/article/1): tides and the moon.`);
    return reply({
      toolCalls: [{ id: 'call-1', name: 'headless-browser__scrape', arguments: { url: `${site.url}/article/1` } }],
      usage: { input: 30, output: 10 },
    });
  }
  if (asked.includes('create a markdown file collating')) return text('# Compiled\n\n- Article 1 (tides).');
  if (asked.includes('verify the authenticity')) return text('true');
  if (asked.includes('to remove the reference')) return text('# Compiled, checked');
  if (asked.includes('Research Report Drafting Instructions')) return text('# Report\n\nThe moon causes the tides.');
  if (asked.includes('verify the accuracy of this claim')) return text('true');
  if (asked.includes('to remove the claim')) return text('# Report, claims checked');
  if (asked.includes('do a thorough pass')) return text('# Report, final');
  if (asked.includes('carefully check the output logs')) {
    if (usedTools(seen)) return text('The PDF is there now.');
    const command = `printf '%%PDF-1.4\\n%%made by the test\\n' > ${FOLDER}/report.pdf`;
    return reply({
      toolCalls: [{ id: 'call-2', name: 'terminal__execute', arguments: { command } }],
      usage: { input: 40, output: 12 },
    });
  }
  return undefined;
}

describe('original_research_report_pipeline.yaml of the corpus', () => {
  it(
    'asks for the file name once, researches, checks sources and claims, and makes the PDF',
    { timeout: 180_000 },
    async () => {
      // Loaded as `orc run` loads it: its `{{ file:report_draft_prompt.md }}` is read from prompts/ beside it.
      const loaded = await loadPipeline(join(compatRoot, 'original_research_report_pipeline.yaml'));
      const ir = loaded.ir!;
      expect(loaded.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
      for (const server of [model, anthropic]) {
        server.reset();
        server.respondWith(respond);
      }
      await withWorker(
        async (engine) => {
          const document = await runPipelineDocument(engine, ir, { topic: 'tides', instructions: 'two sources' });
          const steps = document.steps;
          const problems = Object.entries(steps).filter(([, step]) => step.status !== 'completed');
          expect(document.status, JSON.stringify(problems, null, 1).slice(0, 4000)).toBe('completed');
          // The <AUTO> output was asked once; `tex` is rendered from its answer.
          const asked = [...model.requests, ...anthropic.requests].map((request) => firstText(request.seen!));
          expect(asked.filter((prompt) => prompt.includes('appropriate filename'))).toHaveLength(1);
          expect(document.outputs).toEqual({ pdf: 'tides_report.pdf', tex: 'tides_report.tex' });
          // The nested tag was answered first and its answer put into the agent's instruction.
          expect(steps['web-search']?.auto).toEqual({
            '/parameters/prompt': expect.stringContaining('causes of ocean tides'),
          });
          expect(asked.some((prompt) => prompt.startsWith('search the web for causes of ocean tides'))).toBe(true);
          expect(site.hits.get('/article/1')).toBeGreaterThanOrEqual(1);
          const read = (path: string) => readFile(join(engine.workspaceRoot, FOLDER, path), 'utf8');
          // A web-only agent cannot write files: its answer is its product, saved in the folder.
          expect(await read('web-search.md')).toContain('tides and the moon');
          expect(await read('compiled_results.md')).toBe('# Compiled\n\n- Article 1 (tides).');
          expect(await read('draft_report.md')).toBe('# Report\n\nThe moon causes the tides.');
          expect(await read('draft_report_final.md')).toBe('# Report, final');
          // The natural-language steps inside the loops ran for each source and each claim.
          expect(steps['quality-check-compilation']).toMatchObject({ status: 'completed', iterations: 2 });
          expect(steps['quality-check-assumptions']).toMatchObject({ status: 'completed', iterations: 1 });
          const each = steps['quality-check-compilation']?.each ?? [];
          expect(each.map((iteration) => iteration['update-sources']?.result)).toEqual([
            '# Compiled, checked',
            '# Compiled, checked',
          ]);
          // The loop's requires_model chose the model of its body's steps.
          expect(each[0]?.['verify-source']?.model).toMatch(/^(openai|anthropic):/);
          expect(steps['quality-check-full-report']?.model).toMatch(/^anthropic:/);
          // compile-pdf ran pandoc on its own location and the previous step's (no pandoc here).
          const compiled = steps['compile-pdf']!;
          expect(compiled.location).toBe(`${FOLDER}/report.pdf`);
          expect((compiled.result as { command: string }).command).toBe(
            `pandoc -o ${FOLDER}/report.pdf ${FOLDER}/draft_report_final.md`,
          );
          // The debugging agent made the PDF with its terminal; the loop's question ended it.
          expect(steps['debug-compilation']).toMatchObject({ status: 'completed', iterations: 1 });
          expect(await read('report.pdf')).toMatch(/^%PDF-1\.4/);
        },
        {
          models: {
            registry: loadModelRegistry(),
            environment: {
              OPENAI_API_KEY: 'k',
              OPENAI_BASE_URL: `${model.url}/v1`,
              ANTHROPIC_API_KEY: 'k',
              ANTHROPIC_BASE_URL: anthropic.url,
            },
          },
          toolSettings: defaultToolSettings({ web: { allowPrivateAddresses: true } }),
        },
      );
    },
  );
});
