// web, web-search and headless-browser through real pipelines on the real server, against local
// servers: results read by later steps, and a loopback URL refused when the policy is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../activities/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { SEARCH_KEYS, startFakeSearch, startWebSite, type FakeSearch } from '../activities/tools/web/local-servers.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';

let site: Awaited<ReturnType<typeof startWebSite>>;
let search: FakeSearch;
beforeAll(async () => {
  site = await startWebSite();
  search = await startFakeSearch(site.url);
});
afterAll(async () => {
  await search.close();
  await site.close();
});

function compile(text: string): PipelineIR {
  const result = compilePipeline(text, { file: 'web-test.yaml' });
  if (!result.ir) throw new Error(result.diagnostics.map((item) => `${item.code} ${item.message}`).join('\n'));
  return result.ir;
}

const RESEARCH = `
id: web_tools
parameters:
  topic: {type: string}
steps:
  - id: found
    tool: web-search
    action: search
    parameters: {query: "{{ topic }}", max_results: 2}
  - id: page
    tool: http
    action: fetch
    parameters: {url: "{{ found.results[0].url }}", max_bytes: 100000}
  - id: main
    tool: headless-browser
    action: extract
    parameters: {url: "{{ found.results[1].url }}", include_metadata: true}
  - id: stat
    tool: headless-browser
    action: scrape
    parameters: {url: "{{ page.url }}", selector: "p.stat"}
outputs:
  titles: "{{ found.results | map(attribute='title') | list }}"
  status: "{{ page.result.status }}"  # page.status is the step's own state
  has_text: "{{ 'machine learning' in page.readable_text }}"
  author: "{{ main.metadata.author }}"
  stat: "{{ stat.text }}"
`;

describe('web tools on a real server', () => {
  it('searches, fetches, extracts and scrapes, each step reading the last', async () => {
    const ir = compile(RESEARCH);
    const toolSettings = defaultToolSettings({
      web: { allowPrivateAddresses: true },
      search: { braveApiKey: SEARCH_KEYS.brave, braveBaseUrl: search.url },
    });
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { topic: 'ai in healthcare' });
        expect(document.status).toBe('completed');
        expect(document.outputs).toEqual({
          titles: ['Result 1 bold', 'Result 2 bold'],
          status: 200,
          has_text: true,
          author: 'Ada Lovelace',
          stat: 'Diagnostic accuracy rose by 12% in one trial.',
        });
        expect(search.seen.at(-1)).toMatchObject({ provider: 'brave', query: { q: 'ai in healthcare', count: '2' } });
      },
      { toolSettings },
    );
  });

  it('refuses a loopback URL with AddressNotAllowed, once, when the worker does not allow private addresses', async () => {
    const ir = compile(`
id: web_policy
steps:
  - id: internal
    tool: web
    action: fetch
    retry: {max_attempts: 3}
    parameters: {url: "${site.url}/echo"}
`);
    const before = site.hits.get('/echo') ?? 0;
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('failed');
        expect(document.steps.internal).toMatchObject({
          status: 'failed',
          attempts: 1,
          error: { type: 'AddressNotAllowed' },
        });
        expect(JSON.stringify(document.steps.internal)).toContain('ORC_WEB_ALLOW_PRIVATE=1');
      },
      { toolSettings: defaultToolSettings() },
    );
    expect(site.hits.get('/echo') ?? 0).toBe(before);
  });

  it('without a search provider the step fails once with SearchNotConfigured', async () => {
    const ir = compile(`
id: web_no_search
steps:
  - id: found
    tool: web-search
    action: search
    retry: {max_attempts: 3}
    parameters: {query: "anything"}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.found).toMatchObject({
          status: 'failed',
          attempts: 1,
          error: { type: 'SearchNotConfigured' },
        });
      },
      { toolSettings: defaultToolSettings() },
    );
  });
});
