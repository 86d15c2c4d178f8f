// The web tools' bounds, against a local site: parameters out of range are typed errors,
// compression bombs stop at max_bytes with bounded memory, and HTML is read off the event loop
// in time proportional to its length however deeply it nests.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HtmlReadError, analyseHtmlOffThread } from '../../../../activities/tools/web/html-thread.js';
import { MAX_BODY_BYTES } from '../../../../activities/tools/web.js';
import { callTool, failureOf } from './call-tool.js';
import { startWebSite } from './local-servers.js';

let site: Awaited<ReturnType<typeof startWebSite>>;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

const fetchUrl = (parameters: Record<string, unknown>) => callTool('web', 'fetch', parameters);

/** The longest the event loop went without running a 10 ms timer while `body` ran. */
async function longestStall<T>(body: () => Promise<T>): Promise<{ value: T | Error; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    const value = await body().catch((error: Error) => error);
    // A stall just before the end shows only here: the ticker has not run since.
    return { value, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}

describe('parameter bounds', () => {
  it.each([
    ['timeout', 5e6, 'timeout must be a positive number of at most 3,600 seconds, not 5000000'],
    ['timeout', 0, 'timeout must be a positive number'],
    ['max_bytes', 1e12, `max_bytes must be a positive number of at most 10,000,000 bytes, not 1000000000000`],
    ['max_bytes', 'lots', 'max_bytes must be a positive number'],
  ])('web.fetch refuses %s: %s before any request', async (name, value, message) => {
    const before = site.hits.get('/article') ?? 0;
    const failure = await failureOf(fetchUrl({ url: `${site.url}/article`, [name]: value }));
    expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    expect(failure.message).toContain(message);
    expect(site.hits.get('/article') ?? 0).toBe(before);
  });

  it('headless-browser refuses a timeout beyond an hour (it counts milliseconds)', async () => {
    const failure = await failureOf(
      callTool('headless-browser', 'scrape', { url: `${site.url}/article`, timeout: 5e9 }),
    );
    expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    expect(failure.message).toContain('at most 3,600,000 milliseconds');
  });
});

describe('compression bombs', () => {
  it.each(['gzip', 'deflate', 'br'])(
    'an endless %s bomb stops at max_bytes, quickly, with bounded memory',
    async (encoding) => {
      const before = process.memoryUsage().rss;
      const started = performance.now();
      const result = await fetchUrl({
        url: `${site.url}/bomb/${encoding}`,
        max_bytes: MAX_BODY_BYTES,
        readable: false,
      });
      expect(result).toMatchObject({ status: 200, truncated: true, size: MAX_BODY_BYTES });
      expect(performance.now() - started).toBeLessThan(20_000);
      // The body kept and its text; the rest was never decompressed.
      expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    },
  );
});

describe('HTML', () => {
  it('reads a page nested 60,000 deep (46 s of parsing before) in seconds, without stalling the event loop', async () => {
    const { value, stallMs } = await longestStall(() => fetchUrl({ url: `${site.url}/deep?depth=60000` }));
    expect(value).not.toBeInstanceOf(Error);
    const readable = (value as Record<string, unknown>).readable_text as string;
    expect(readable).toContain('deep text');
    expect(readable.split('\n')).toContain('after');
    expect(stallMs).toBeLessThan(1_000);
  });

  it('headless-browser reads the same page with its title and links', async () => {
    const result = await callTool('headless-browser', 'extract', { url: `${site.url}/deep?depth=60000` });
    expect(result).toMatchObject({ success: true, title: 'Deep' });
    expect(result.content).toContain('deep text');
  });

  it('a page over the time limit ends the thread and is a typed error; the next page is read', async () => {
    const big = `<html><body>${'<p>word '.repeat(200_000)}</body></html>`;
    const error = await analyseHtmlOffThread({ html: big, readable: 'main' }, { timeLimitMs: 50 }).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(HtmlReadError);
    expect(error).toMatchObject({ reason: 'time' });
    expect((await analyseHtmlOffThread({ html: '<p>small</p>', readable: 'all' })).readable).toBe('small');
  });
});
