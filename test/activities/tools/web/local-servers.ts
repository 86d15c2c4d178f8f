// Local servers for the web tools' tests: a small web site (static and JavaScript-rendered
// pages, redirects, slow and huge answers, compression bombs, a deeply nested page, status
// codes, an echo) and a fake search API that speaks Brave's, Tavily's and SearXNG's wire
// formats. Nothing here reaches the internet.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlib, createBrotliCompress, createDeflate, createGzip, gzipSync } from 'node:zlib';

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface SeenSearch {
  provider: 'brave' | 'tavily' | 'searxng';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export const ARTICLE_HTML = `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Healthcare AI in 2024 | Example News</title>
  <meta name="description" content="How hospitals use AI today.">
  <meta name="author" content="Ada Lovelace">
  <meta property="article:published_time" content="2024-05-01T09:00:00Z">
  <style>body { color: red }</style>
  <script>window.tracking = "SCRIPT TEXT";</script>
</head>
<body>
  <header><a href="/">Example News</a> SITE HEADER</header>
  <nav><a href="/sections">Sections</a> NAVIGATION LINKS</nav>
  <main>
    <article>
      <h1>Healthcare   AI in 2024</h1>
      <p>Hospitals   now use
         machine learning for triage.</p>
      <p class="stat">Diagnostic accuracy rose by 12% in one trial.</p>
      <p>Read <a href="/studies/1?x=1">the study</a> or <a href="https://example.org/other">another source</a>.</p>
    </article>
    <aside>RELATED ADVERTS</aside>
  </main>
  <footer>SITE FOOTER &copy; 2024</footer>
  <script>document.write("late")</script>
</body>
</html>`;

export const JS_HTML = `<!doctype html>
<html><head><title>Rendered later</title></head>
<body>
  <div id="app">Loading…</div>
  <script>
    setTimeout(() => {
      document.getElementById('app').innerHTML = '<p class="made">Rendered by JavaScript: 42 widgets</p><a href="/js-link">a link made by script</a>';
      document.title = 'Rendered by script';
    }, 150);
  </script>
</body></html>`;

export async function listen(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => unknown,
  host = '127.0.0.1',
): Promise<LocalServer & { server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve(handler(request, response, Buffer.concat(chunks).toString('utf8'))).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The web site. `hits` counts requests per path. */
export async function startWebSite(): Promise<LocalServer & { hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const site = await listen(async (request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://site');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const html = (text: string, status = 200, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      response.end(text);
    };
    const path = url.pathname;
    if (path === '/article' || path.startsWith('/article/'))
      return html(
        ARTICLE_HTML.replace('Healthcare   AI in 2024</h1>', `Healthcare   AI in 2024</h1><p>Page ${path}</p>`),
      );
    if (path === '/js') return html(JS_HTML);
    if (path === '/js-fetch') {
      // Content that arrives by fetch() from the same server.
      return html(
        `<html><body><div id="out">waiting</div><script>fetch('/api/data').then(r => r.json()).then(d => { document.getElementById('out').textContent = 'fetched: ' + d.value; });</script></body></html>`,
      );
    }
    if (path === '/api/data') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ value: 'from the API' }));
    }
    if (path === '/js-fetch-private') {
      // A page whose script calls an address given in the query (for the policy test).
      const target = url.searchParams.get('target') ?? '';
      return html(
        `<html><body><div id="out">waiting</div><script>fetch(${JSON.stringify(target)}).then(r => r.text()).then(t => { document.getElementById('out').textContent = 'leaked: ' + t; }, () => { document.getElementById('out').textContent = 'blocked'; });</script></body></html>`,
      );
    }
    if (path === '/redirect') {
      response.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: url.searchParams.get('to') ?? '/article',
      });
      return response.end();
    }
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const left = Number(chain[1]);
      if (left === 0) return html('<html><head><title>End of chain</title></head><body><p>arrived</p></body></html>');
      response.writeHead(302, { location: `/chain/${left - 1}` });
      return response.end();
    }
    const status = /^\/status\/(\d+)$/.exec(path);
    if (status)
      return html(`<html><body><h1>Status ${status[1]}</h1><p>custom error page</p></body></html>`, Number(status[1]));
    if (path === '/slow') {
      await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms') ?? 5_000)));
      return html('<p>finally</p>');
    }
    if (path === '/slow-body') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first part…');
      const timer = setTimeout(() => response.end('the rest'), Number(url.searchParams.get('ms') ?? 5_000));
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (path === '/huge') {
      // An endless body: the client must stop reading.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
      return;
    }
    if (path === '/gzip') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      return response.end(gzipSync(ARTICLE_HTML));
    }
    if (path === '/gzip-bomb') {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      return response.end(gzipSync(Buffer.alloc(20_000_000, 'a')));
    }
    const bomb = /^\/bomb\/(gzip|deflate|br)$/.exec(path);
    if (bomb) {
      // Endless zeros, compressed as they are sent: kilobytes on the wire per gigabyte decoded.
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': bomb[1]! });
      const encoder =
        bomb[1] === 'gzip'
          ? createGzip({ level: 9 })
          : bomb[1] === 'deflate'
            ? createDeflate({ level: 9 })
            : createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } });
      const zeros = Buffer.alloc(1 << 20);
      const pump = () => {
        while (!response.destroyed && encoder.write(zeros));
        if (!response.destroyed) encoder.once('drain', pump);
      };
      encoder.pipe(response);
      response.on('close', () => encoder.destroy());
      return pump();
    }
    if (path === '/deep') {
      const depth = Number(url.searchParams.get('depth') ?? 60_000);
      return html(
        `<html><head><title>Deep</title></head><body><main>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}<p>after</p></main></body></html>`,
      );
    }
    if (path === '/latin1') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      return response.end(Buffer.from('caf\xe9 cr\xe8me', 'latin1'));
    }
    if (path === '/echo') {
      response.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'yes' });
      return response.end(
        JSON.stringify({
          method: request.method,
          headers: request.headers,
          body,
          query: Object.fromEntries(url.searchParams),
        }),
      );
    }
    if (path === '/meta-charset') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(
        Buffer.concat([
          Buffer.from('<html><head><meta charset="windows-1252"><title>x</title></head><body><p>'),
          Buffer.from('caf\xe9', 'latin1'),
          Buffer.from('</p></body></html>'),
        ]),
      );
    }
    return html('<html><body>not found</body></html>', 404);
  });
  return { ...site, hits };
}

export interface FakeSearch extends LocalServer {
  seen: SeenSearch[];
  /** Results the next searches answer with (default: three results on `siteUrl`). */
  results: { title: string; url: string; snippet: string }[];
  /** Status to answer with instead of results, once per entry. */
  failures: number[];
}

export const SEARCH_KEYS = { brave: 'brave-test-key', tavily: 'tvly-test-key' };

/** One server speaking the three search APIs at their real paths. */
export async function startFakeSearch(siteUrl: string): Promise<FakeSearch> {
  const state = {
    seen: [] as SeenSearch[],
    results: [1, 2, 3].map((n) => ({
      title: `Result ${n} <b>bold</b>`,
      url: `${siteUrl}/article/${n}`,
      snippet: `Snippet number ${n} about AI &amp; health`,
    })),
    failures: [] as number[],
  };
  const server = await listen((request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://search');
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    const provider =
      url.pathname === '/res/v1/web/search'
        ? 'brave'
        : url.pathname.endsWith('/search') && request.method === 'POST'
          ? 'tavily'
          : url.pathname.endsWith('/search')
            ? 'searxng'
            : undefined;
    if (!provider) return json(404, { error: 'no such endpoint' });
    let parsed: unknown = null;
    try {
      parsed = body ? JSON.parse(body) : null;
    } catch {
      parsed = body;
    }
    state.seen.push({
      provider,
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: parsed,
    });
    const failure = state.failures.shift();
    if (failure !== undefined) return json(failure, { error: { message: `fake failure ${failure}` } });
    const query = url.searchParams.get('q') ?? (parsed as { query?: string } | null)?.query ?? '';
    if (provider === 'brave') {
      if (request.headers['x-subscription-token'] !== SEARCH_KEYS.brave)
        return json(401, {
          type: 'ErrorResponse',
          error: {
            code: 'SUBSCRIPTION_TOKEN_INVALID',
            detail: 'The provided subscription token is invalid.',
            status: 401,
          },
        });
      const count = Number(url.searchParams.get('count') ?? 20);
      return json(200, {
        type: 'search',
        query: { original: query, more_results_available: false },
        web: {
          type: 'search',
          results: state.results.slice(0, count).map((result) => ({
            type: 'search_result',
            title: result.title,
            url: result.url,
            description: result.snippet.replace('AI', '<strong>AI</strong>'),
            page_age: '2024-04-01T00:00:00',
            age: 'April 1, 2024',
            profile: { name: 'Example News', url: result.url },
            meta_url: { hostname: new URL(result.url).hostname },
          })),
        },
      });
    }
    if (provider === 'tavily') {
      const request_ = parsed as { query?: string; max_results?: number; api_key?: string };
      if (request.headers.authorization !== `Bearer ${SEARCH_KEYS.tavily}` && request_.api_key !== SEARCH_KEYS.tavily)
        return json(401, { detail: { error: 'Unauthorized: missing or invalid API key.' } });
      return json(200, {
        query: request_.query,
        follow_up_questions: null,
        answer: null,
        images: [],
        results: state.results.slice(0, request_.max_results ?? 5).map((result, index) => ({
          title: result.title,
          url: result.url,
          content: result.snippet,
          score: 0.9 - index * 0.1,
          raw_content: null,
        })),
        response_time: 0.42,
      });
    }
    if (url.searchParams.get('format') !== 'json') {
      response.writeHead(403, { 'content-type': 'text/html' });
      return response.end('<html>403 Forbidden</html>');
    }
    return json(200, {
      query,
      number_of_results: 0,
      results: state.results.map((result, index) => ({
        url: result.url,
        title: result.title,
        content: result.snippet,
        engine: 'duckduckgo',
        engines: ['duckduckgo'],
        positions: [index + 1],
        score: 1 / (index + 1),
        category: 'general',
      })),
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: [],
    });
  });
  return Object.assign(state, { url: server.url, port: server.port, close: server.close });
}
