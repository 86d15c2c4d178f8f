// web-search against a local server speaking Brave's, Tavily's and SearXNG's wire formats.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../../../activities/index.js';
import type { SearchSettings } from '../../../../activities/tools/index.js';
import { callTool, failureOf } from './call-tool.js';
import { SEARCH_KEYS, startFakeSearch, type FakeSearch } from './local-servers.js';

let search: FakeSearch;
beforeAll(async () => {
  search = await startFakeSearch('https://news.example');
});
afterAll(async () => {
  await search.close();
});
beforeEach(() => {
  search.seen.length = 0;
  search.failures.length = 0;
});

// The search API's address is the operator's: the private-address policy stays off here on purpose.
const withSearch = (settings: SearchSettings) => defaultToolSettings({ search: settings });
const brave = () => withSearch({ braveApiKey: SEARCH_KEYS.brave, braveBaseUrl: search.url });
const tavily = () => withSearch({ tavilyApiKey: SEARCH_KEYS.tavily, tavilyBaseUrl: search.url });
const searxng = () => withSearch({ searxngUrl: search.url });

describe('web-search.search', () => {
  it('asks Brave with its token, count, safesearch and region, and normalises the answer', async () => {
    const result = await callTool(
      'web-search',
      'search',
      { query: 'ai in healthcare', max_results: 2, region: 'us-en', safesearch: 'strict' },
      brave(),
    );
    expect(search.seen[0]).toMatchObject({
      provider: 'brave',
      method: 'GET',
      path: '/res/v1/web/search',
      query: { q: 'ai in healthcare', count: '2', safesearch: 'strict', country: 'us', search_lang: 'en' },
    });
    expect(search.seen[0]!.headers['x-subscription-token']).toBe(SEARCH_KEYS.brave);
    expect(result).toEqual({
      query: 'ai in healthcare',
      provider: 'brave',
      total_results: 2,
      results: [
        {
          title: 'Result 1 bold',
          url: 'https://news.example/article/1',
          snippet: 'Snippet number 1 about AI & health',
          position: 1,
          relevance_score: 1,
          published: '2024-04-01T00:00:00',
          source: 'Example News',
        },
        {
          title: 'Result 2 bold',
          url: 'https://news.example/article/2',
          snippet: 'Snippet number 2 about AI & health',
          position: 2,
          relevance_score: 0.5,
          published: '2024-04-01T00:00:00',
          source: 'Example News',
        },
      ],
    });
  });

  it('asks Tavily with POST /search and a Bearer key, keeping its scores', async () => {
    const result = await callTool('web-search', 'search', { query: 'q', max_results: 3 }, tavily());
    expect(search.seen[0]).toMatchObject({
      provider: 'tavily',
      method: 'POST',
      path: '/search',
      body: { query: 'q', max_results: 3 },
    });
    expect(search.seen[0]!.headers.authorization).toBe(`Bearer ${SEARCH_KEYS.tavily}`);
    expect(result).toMatchObject({ provider: 'tavily', total_results: 3 });
    expect(
      (result.results as { relevance_score: number; source: string }[]).map((item) => [
        item.relevance_score,
        item.source,
      ]),
    ).toEqual([
      [0.9, 'news.example'],
      [0.8, 'news.example'],
      [0.7, 'news.example'],
    ]);
  });

  it('asks SearXNG for JSON and cuts the results at max_results', async () => {
    const result = await callTool(
      'web-search',
      'search',
      { query: 'q', max_results: 2, region: 'en-GB', safesearch: 'off' },
      searxng(),
    );
    expect(search.seen[0]).toMatchObject({
      provider: 'searxng',
      method: 'GET',
      path: '/search',
      query: { q: 'q', format: 'json', safesearch: '0', language: 'en-GB' },
    });
    expect(result).toMatchObject({
      provider: 'searxng',
      total_results: 2,
      results: [{ title: 'Result 1 bold', source: 'duckduckgo' }, { position: 2 }],
    });
  });

  it("honours the step's provider, then ORC_SEARCH_PROVIDER, then the first configured", async () => {
    const all = {
      braveApiKey: SEARCH_KEYS.brave,
      braveBaseUrl: search.url,
      tavilyApiKey: SEARCH_KEYS.tavily,
      tavilyBaseUrl: search.url,
      searxngUrl: search.url,
    };
    expect((await callTool('web-search', 'search', { query: 'q' }, withSearch(all))).provider).toBe('brave');
    expect(
      (await callTool('web-search', 'search', { query: 'q' }, withSearch({ ...all, defaultProvider: 'searxng' })))
        .provider,
    ).toBe('searxng');
    expect(
      (
        await callTool(
          'web-search',
          'search',
          { query: 'q', provider: 'tavily' },
          withSearch({ ...all, defaultProvider: 'searxng' }),
        )
      ).provider,
    ).toBe('tavily');
  });

  it('without a provider fails with SearchNotConfigured naming the variables to set', async () => {
    const failure = await failureOf(callTool('web-search', 'search', { query: 'q' }, defaultToolSettings()));
    expect(failure).toMatchObject({ type: 'SearchNotConfigured', nonRetryable: true });
    for (const variable of ['BRAVE_API_KEY', 'TAVILY_API_KEY', 'ORC_SEARXNG_URL'])
      expect(failure.message).toContain(variable);
    const named = await failureOf(callTool('web-search', 'search', { query: 'q', provider: 'tavily' }, brave()));
    expect(named).toMatchObject({ type: 'SearchNotConfigured', nonRetryable: true });
    expect(named.message).toContain('TAVILY_API_KEY');
    expect(await failureOf(callTool('web-search', 'search', { query: 'q', provider: 'bing' }, brave()))).toMatchObject({
      type: 'SearchNotConfigured',
    });
    expect(search.seen).toHaveLength(0);
  });

  it('a refused key is not retried; 429 and 5xx are', async () => {
    const refused = await failureOf(
      callTool('web-search', 'search', { query: 'q' }, withSearch({ braveApiKey: 'wrong', braveBaseUrl: search.url })),
    );
    expect(refused).toMatchObject({ type: 'HttpError', nonRetryable: true });
    expect(refused.message).toContain('401');
    expect(refused.message).toContain('check the API key');
    for (const status of [429, 502]) {
      search.failures.push(status);
      expect(await failureOf(callTool('web-search', 'search', { query: 'q' }, tavily()))).toMatchObject({
        type: 'HttpError',
        nonRetryable: false,
      });
    }
  });

  it('an unreachable provider is a retryable NetworkError', async () => {
    const gone = await startFakeSearch('https://x.example');
    await gone.close();
    expect(
      await failureOf(callTool('web-search', 'search', { query: 'q' }, withSearch({ searxngUrl: gone.url }))),
    ).toMatchObject({ type: 'NetworkError', nonRetryable: false });
  });
});
