// The corpus's web_research_pipeline.yaml (a fixed copy: corpus-fixed/, its fixes listed at its
// top) end to end on the real server: a fake search API, a local web site and the local
// OpenAI-protocol server for the model steps. Nothing leaves the machine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../activities/index.js';
import { loadModelRegistry } from '../../activities/models/index.js';
import { SEARCH_KEYS, startFakeSearch, startWebSite, type FakeSearch } from '../activities/tools/web/local-servers.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compileFile, withWorker } from '../support/temporal.js';

const FIXED = new URL('./corpus-fixed/web_research_pipeline.yaml', import.meta.url).pathname;

let site: Awaited<ReturnType<typeof startWebSite>>;
let search: FakeSearch;
let model: FakeProviderServer;
beforeAll(async () => {
  site = await startWebSite();
  search = await startFakeSearch(site.url);
  model = await startOpenAIServer();
});
afterAll(async () => {
  await model.close();
  await search.close();
  await site.close();
});

const THEMES = {
  main_themes: ['diagnostics', 'triage'],
  key_organizations: ['Example Hospital'],
  trending_subtopics: ['robotic surgery', 'imaging', 'drug discovery', 'never searched'],
};
const ANALYSIS = {
  key_findings: ['Accuracy rose by 12%'],
  data_points: [{ metric: 'accuracy', value: '12%', context: 'one trial' }],
  credibility_score: 0.8,
  relevant_quotes: ['Hospitals now use machine learning for triage.'],
};

describe('web_research_pipeline.yaml of the corpus', () => {
  it(
    'searches, reads every source, analyses them with a model and writes the report',
    { timeout: 120_000 },
    async () => {
      const ir = await compileFile(FIXED);
      model.reset();
      const prompts: string[] = [];
      model.respondWith((seen) => {
        const text = seen.messages.map((message) => message.text).join('\n');
        prompts.push(text);
        if (text.includes('Analyze these search results')) return reply({ text: JSON.stringify(THEMES) });
        if (text.includes('Analyze this source'))
          return reply({ text: '```json\n' + JSON.stringify(ANALYSIS) + '\n```' });
        if (text.includes('Cross-reference')) return reply({ text: 'Confidence: high.' });
        if (text.includes('comprehensive research summary'))
          return reply({ text: '## Executive Summary\nAI helps triage.' });
        if (text.includes('executive brief')) return reply({ text: 'Brief: adopt AI triage.' });
        return undefined;
      });
      const toolSettings = defaultToolSettings({
        web: { allowPrivateAddresses: true },
        search: { tavilyApiKey: SEARCH_KEYS.tavily, tavilyBaseUrl: search.url },
      });
      await withWorker(
        async (engine) => {
          // py-orc's default output_format is pdf; orc's report-generator writes Markdown and HTML only.
          const document = await runPipelineDocument(engine, ir, { output_format: 'markdown', max_sources: 3 });
          expect(document.status, JSON.stringify(document, null, 1).slice(0, 3000)).toBe('completed');
          expect(document.steps.fetch_content).toMatchObject({ status: 'completed', iterations: 3 });
          expect(document.steps.analyze_sources).toMatchObject({ status: 'completed', iterations: 3 });
          expect(document.steps.themed_searches).toMatchObject({ status: 'completed', iterations: 3 });
          expect(document.steps.executive_brief?.status).toBe('skipped');
          expect(document.outputs).toMatchObject({
            sources_analyzed: 3,
            key_themes: ['diagnostics', 'triage'],
            total_sources_found: 3,
          });
          // One search first, then one per trending subtopic (three of them), all to Tavily.
          const queries = search.seen.map((item) => (item.body as { query: string }).query);
          expect(queries[0]).toBe('artificial intelligence in healthcare latest developments 2024');
          expect(queries.slice(1).sort()).toEqual(
            ['drug discovery', 'imaging', 'robotic surgery'].map(
              (topic) => `artificial intelligence in healthcare ${topic}`,
            ),
          );
          // Each source's extracted main text reached the model.
          expect(
            prompts.filter(
              (prompt) =>
                prompt.includes('Analyze this source') &&
                prompt.includes('Hospitals now use machine learning for triage.'),
            ),
          ).toHaveLength(3);
          expect(prompts.some((prompt) => prompt.includes('Page /article/2'))).toBe(true);
          const report = await readFile(
            join(
              engine.workspaceRoot,
              'examples/outputs/web_research_pipeline/research_artificial-intelligence-in-healthcare.md',
            ),
            'utf8',
          );
          expect(report).toContain('# Research Report: Artificial Intelligence In Healthcare');
          expect(report).toContain('AI helps triage.');
          expect(report).toContain('**Credibility Score:** 0.8/1.0');
          expect(report).toContain('> "Hospitals now use machine learning for triage."');
          expect(report).toContain(`URL: ${site.url}/article/1`);
          expect(report).toContain('Relevance: 0.9'); // Tavily's score
          expect(report).toContain('### artificial intelligence in healthcare imaging');
        },
        {
          toolSettings,
          models: {
            registry: loadModelRegistry(),
            environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${model.url}/v1` },
          },
        },
      );
    },
  );
});
