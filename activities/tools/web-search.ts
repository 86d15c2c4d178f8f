// The `web-search` tool: Brave, Tavily and SearXNG behind one normalised result. Which provider
// (and its keys and base URLs) is the operator's choice (workers/config.ts); a step may name one.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext, ToolImplementation } from './tool-implementation.js';
import type { SearchSettings } from './tool-settings.js';
import { isRetryableStatus, numberParameter, stringParameter, webFailure } from './web/failures.js';
import { decodeText, httpRequest } from './web/http-client.js';

type ProviderName = 'brave' | 'tavily' | 'searxng';

export interface SearchResultItem {
  title: string;
  url: string;
  snippet: string;
  position: number;
  /** The provider's score where it gives one, else from the rank (1 for the first, falling). */
  relevance_score: number;
  published: string | null;
  source: string | null;
}

interface SearchRequest {
  query: string;
  maxResults: number;
  region?: string;
  safesearch: 'strict' | 'moderate' | 'off';
}

interface ProviderAnswer {
  items: Omit<SearchResultItem, 'position' | 'relevance_score'>[];
  scores?: (number | undefined)[];
  answer?: string | null;
}

const DEFAULT_BASE = { brave: 'https://api.search.brave.com', tavily: 'https://api.tavily.com' } as const;
const VARIABLES: Record<ProviderName, string> = {
  brave: 'BRAVE_API_KEY (and BRAVE_BASE_URL for another endpoint)',
  tavily: 'TAVILY_API_KEY (and TAVILY_BASE_URL for another endpoint)',
  searxng: 'ORC_SEARXNG_URL (the base URL of a SearXNG instance with the JSON format enabled)',
};
const SEARCH_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 10_000_000;

export const webSearch: ToolImplementation = {
  async search(parameters, context) {
    const query = stringParameter(parameters, 'query');
    if (query === undefined)
      throw toolFailure(ERROR_TYPES.toolError, 'web-search.search needs a query', { retryable: false });
    const provider = chooseProvider(stringParameter(parameters, 'provider'), context.settings.search);
    const safesearch = stringParameter(parameters, 'safesearch') ?? 'moderate';
    if (safesearch !== 'strict' && safesearch !== 'moderate' && safesearch !== 'off')
      throw toolFailure(ERROR_TYPES.toolError, `safesearch must be strict, moderate or off, not "${safesearch}"`, {
        retryable: false,
      });
    const request: SearchRequest = {
      query,
      maxResults: Math.min(50, Math.floor(numberParameter(parameters, 'max_results', 10))),
      region: stringParameter(parameters, 'region'),
      safesearch,
    };
    const answer = await PROVIDERS[provider](request, context.settings.search, context);
    const items = answer.items.filter((item) => item.url !== '').slice(0, request.maxResults);
    const results: SearchResultItem[] = items.map((item, index) => ({
      ...item,
      position: index + 1,
      relevance_score: round(answer.scores?.[index] ?? 1 - index / Math.max(items.length, 1)),
    }));
    return {
      query,
      results,
      total_results: results.length,
      provider,
      ...(answer.answer ? { answer: answer.answer } : {}),
    };
  },
};

function chooseProvider(asked: string | undefined, settings: SearchSettings): ProviderName {
  const configured: Record<ProviderName, boolean> = {
    brave: Boolean(settings.braveApiKey),
    tavily: Boolean(settings.tavilyApiKey),
    searxng: Boolean(settings.searxngUrl),
  };
  const name =
    asked ??
    settings.defaultProvider ??
    (Object.keys(configured) as ProviderName[]).find((provider) => configured[provider]);
  if (name === undefined) {
    throw toolFailure(
      ERROR_TYPES.searchNotConfigured,
      `no search provider is configured on this worker; set one of ${Object.values(VARIABLES).join('; ')} — and ORC_SEARCH_PROVIDER to choose when several are set`,
      { retryable: false },
    );
  }
  if (!(name in configured))
    throw toolFailure(
      ERROR_TYPES.searchNotConfigured,
      `unknown search provider "${name}"; this worker knows brave, tavily and searxng`,
      { retryable: false },
    );
  const provider = name as ProviderName;
  if (!configured[provider])
    throw toolFailure(
      ERROR_TYPES.searchNotConfigured,
      `search provider "${provider}" is not configured on this worker; set ${VARIABLES[provider]}`,
      { retryable: false },
    );
  return provider;
}

const PROVIDERS: Record<
  ProviderName,
  (request: SearchRequest, settings: SearchSettings, context: ToolContext) => Promise<ProviderAnswer>
> = {
  // GET /res/v1/web/search — https://api-dashboard.search.brave.com/app/documentation/web-search
  async brave(request, settings, context) {
    const url = new URL('/res/v1/web/search', base(settings.braveBaseUrl ?? DEFAULT_BASE.brave));
    url.searchParams.set('q', request.query);
    url.searchParams.set('count', String(Math.min(20, request.maxResults)));
    url.searchParams.set('safesearch', request.safesearch);
    const region = parseRegion(request.region);
    if (region.country) url.searchParams.set('country', region.country.toLowerCase());
    if (region.language) url.searchParams.set('search_lang', region.language);
    const body = await callApi(
      'brave',
      url,
      { method: 'GET', headers: { accept: 'application/json', 'x-subscription-token': settings.braveApiKey! } },
      context,
    );
    const results = arrayOf(objectOf(body.web).results);
    return {
      items: results.map((item) => {
        const result = objectOf(item);
        return {
          title: plain(result.title),
          url: String(result.url ?? ''),
          snippet: plain(result.description),
          published: stringOrNull(result.page_age ?? result.age),
          source: stringOrNull(objectOf(result.profile).name ?? objectOf(result.meta_url).hostname),
        };
      }),
    };
  },
  // POST /search — https://docs.tavily.com/documentation/api-reference/endpoint/search
  async tavily(request, settings, context) {
    const url = new URL('/search', base(settings.tavilyBaseUrl ?? DEFAULT_BASE.tavily));
    const payload = {
      query: request.query,
      max_results: Math.min(20, request.maxResults),
      search_depth: 'basic',
      include_answer: false,
    };
    const body = await callApi(
      'tavily',
      url,
      {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: `Bearer ${settings.tavilyApiKey!}`,
        },
        body: JSON.stringify(payload),
      },
      context,
    );
    const results = arrayOf(body.results).map(objectOf);
    return {
      items: results.map((result) => ({
        title: plain(result.title),
        url: String(result.url ?? ''),
        snippet: plain(result.content),
        published: stringOrNull(result.published_date),
        source: hostOf(result.url),
      })),
      scores: results.map((result) => (typeof result.score === 'number' ? result.score : undefined)),
      answer: typeof body.answer === 'string' ? body.answer : null,
    };
  },
  // GET /search?format=json — https://docs.searxng.org/dev/search_api.html
  async searxng(request, settings, context) {
    const url = new URL('search', base(settings.searxngUrl!));
    url.searchParams.set('q', request.query);
    url.searchParams.set('format', 'json');
    url.searchParams.set('pageno', '1');
    url.searchParams.set('safesearch', { off: '0', moderate: '1', strict: '2' }[request.safesearch]);
    const region = parseRegion(request.region);
    if (region.language)
      url.searchParams.set(
        'language',
        region.country ? `${region.language}-${region.country.toUpperCase()}` : region.language,
      );
    const body = await callApi('searxng', url, { method: 'GET', headers: { accept: 'application/json' } }, context);
    const results = arrayOf(body.results).map(objectOf);
    return {
      items: results.map((result) => ({
        title: plain(result.title),
        url: String(result.url ?? ''),
        snippet: plain(result.content),
        published: stringOrNull(result.publishedDate),
        source: stringOrNull(result.engine) ?? hostOf(result.url),
      })),
    };
  },
};

async function callApi(
  provider: ProviderName,
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  context: ToolContext,
): Promise<Record<string, unknown>> {
  let response;
  try {
    // The provider's address is the operator's choice, not the pipeline's: no private-address check.
    response = await httpRequest({
      url: url.href,
      ...init,
      timeoutMs: SEARCH_TIMEOUT_MS,
      maxBytes: MAX_ANSWER_BYTES,
      signal: context.signal,
      allowPrivate: true,
    });
  } catch (error) {
    throw webFailure(error, context.signal);
  }
  const text = decodeText(response.body, response.headers['content-type']);
  if (response.status < 200 || response.status >= 300) {
    const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 300);
    const hint = response.status === 401 || response.status === 403 ? ' (check the API key)' : '';
    throw toolFailure(ERROR_TYPES.httpError, `${provider} search answered ${response.status}${hint}: ${excerpt}`, {
      retryable: isRetryableStatus(response.status),
    });
  }
  try {
    return objectOf(JSON.parse(text));
  } catch {
    throw toolFailure(
      ERROR_TYPES.httpError,
      `${provider} search answered with something that is not JSON: ${text.slice(0, 200)}`,
      { retryable: true },
    );
  }
}

/** "us-en" (country-language, DuckDuckGo's form) or "en-US" / "en" (language-COUNTRY). */
function parseRegion(region: string | undefined): { country?: string; language?: string } {
  if (!region) return {};
  const countryFirst = /^([a-z]{2})-([a-z]{2})$/.exec(region);
  if (countryFirst) return { country: countryFirst[1], language: countryFirst[2] };
  const languageFirst = /^([a-zA-Z]{2,3})[-_]([a-zA-Z]{2})$/.exec(region);
  if (languageFirst) return { language: languageFirst[1]!.toLowerCase(), country: languageFirst[2] };
  return { language: region };
}

function base(url: string): URL {
  return new URL(url.endsWith('/') ? url : `${url}/`);
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Text without the markup some APIs put in titles and snippets (Brave's <strong>). */
function plain(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(amp|lt|gt|quot|#39|#x27|nbsp);/g,
      (entity) =>
        ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': ' ' })[
          entity
        ] ?? entity,
    )
    .replace(/\s+/g, ' ')
    .trim();
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function hostOf(value: unknown): string | null {
  try {
    return new URL(String(value)).hostname;
  } catch {
    return null;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
