// headless-browser against a local site: static scraping, a page rendered by JavaScript in
// Chromium, main-content extraction with metadata, and the private-address policy.
import { performance } from 'node:perf_hooks';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../../../activities/index.js';
import { findChromium, renderPage } from '../../../../activities/tools/headless-browser.js';
import { allowPrivate, callTool, failureOf } from './call-tool.js';
import { startWebSite } from './local-servers.js';

// CI installs Chromium (apt-get install chromium); without it the browser tests are skipped.
const chromium = await findChromium(process.env.ORC_CHROMIUM);

let site: Awaited<ReturnType<typeof startWebSite>>;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

const browse = (action: string, parameters: Record<string, unknown>, settings = allowPrivate()) =>
  callTool('headless-browser', action, parameters, settings);

describe('headless-browser.scrape', () => {
  it('returns the title, text, HTML and absolute links of a page', async () => {
    const result = await browse('scrape', { url: `${site.url}/article` });
    expect(result).toMatchObject({
      success: true,
      status: 200,
      url: `${site.url}/article`,
      title: 'Healthcare AI in 2024 | Example News',
    });
    expect(result.text).toContain('machine learning for triage');
    expect(result.text).toContain('SITE HEADER'); // scrape keeps all text; extract keeps the main content
    expect(result.text).not.toContain('SCRIPT TEXT');
    expect(result.html).toContain('<article>');
    expect(result.links).toEqual([
      { text: 'Example News', url: `${site.url}/` },
      { text: 'Sections', url: `${site.url}/sections` },
      { text: 'the study', url: `${site.url}/studies/1?x=1` },
      { text: 'another source', url: 'https://example.org/other' },
    ]);
  });

  it('with a selector, returns only the matching elements', async () => {
    const result = await browse('scrape', { url: `${site.url}/article`, selector: 'p.stat' });
    expect(result).toMatchObject({
      success: true,
      text: 'Diagnostic accuracy rose by 12% in one trial.',
      html: '<p class="stat">Diagnostic accuracy rose by 12% in one trial.</p>',
      matches: 1,
    });
    expect(await browse('scrape', { url: `${site.url}/article`, selector: '.nothing' })).toMatchObject({
      success: true,
      text: '',
      html: '',
      matches: 0,
    });
    expect(await failureOf(browse('scrape', { url: `${site.url}/article`, selector: 'p[' }))).toMatchObject({
      type: 'ToolError',
      nonRetryable: true,
    });
  });

  it('does not run JavaScript', async () => {
    const result = await browse('scrape', { url: `${site.url}/js` });
    expect(result.text).toContain('Loading…');
    expect(result.text).not.toContain('Rendered by JavaScript');
  });

  it('a 404 is success false with its status; a 503 fails retryably', async () => {
    expect(await browse('scrape', { url: `${site.url}/status/404` })).toMatchObject({
      success: false,
      status: 404,
      text: '',
      links: [],
    });
    expect(await failureOf(browse('scrape', { url: `${site.url}/status/503` }))).toMatchObject({
      type: 'HttpError',
      nonRetryable: false,
    });
  });

  it('takes its timeout in milliseconds', async () => {
    const started = performance.now();
    expect(await failureOf(browse('scrape', { url: `${site.url}/slow?ms=5000`, timeout: 300 }))).toMatchObject({
      type: 'Timeout',
      nonRetryable: false,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('refuses loopback when private addresses are not allowed', async () => {
    expect(await failureOf(browse('scrape', { url: `${site.url}/article` }, defaultToolSettings()))).toMatchObject({
      type: 'AddressNotAllowed',
      nonRetryable: true,
    });
  });
});

describe('headless-browser.extract', () => {
  it('keeps the main content and reads the metadata from meta tags', async () => {
    const result = await browse('extract', { url: `${site.url}/article`, include_metadata: true });
    expect(result).toMatchObject({
      success: true,
      url: `${site.url}/article`,
      title: 'Healthcare AI in 2024 | Example News',
      metadata: {
        author: 'Ada Lovelace',
        published: '2024-05-01T09:00:00Z',
        description: 'How hospitals use AI today.',
        language: 'en-GB',
      },
    });
    const content = result.content as string;
    expect(content.split('\n')).toEqual([
      'Healthcare AI in 2024',
      'Page /article',
      'Hospitals now use machine learning for triage.',
      'Diagnostic accuracy rose by 12% in one trial.',
      'Read the study or another source.',
    ]);
    expect(result.word_count).toBe(content.split(/\s+/).length);
  });

  it('keeps all text with extract_main_content false, and no metadata unless asked', async () => {
    const result = await browse('extract', { url: `${site.url}/article`, extract_main_content: false });
    expect(result.content).toContain('SITE FOOTER');
    expect(result.content).toContain('RELATED ADVERTS');
    expect(result.metadata).toBeNull();
  });

  it('a missing page is success false, not a crash', async () => {
    expect(await browse('extract', { url: `${site.url}/nowhere` })).toMatchObject({
      success: false,
      status: 404,
      content: '',
      word_count: 0,
    });
  });
});

describe('headless-browser.scrape_js', () => {
  it('without Chromium fails with BrowserUnavailable saying how to install it', async () => {
    const failure = await failureOf(
      browse(
        'scrape_js',
        { url: `${site.url}/js` },
        allowPrivate({ browser: { chromiumPath: '/nonexistent/chromium' } }),
      ),
    );
    expect(failure).toMatchObject({ type: 'BrowserUnavailable', nonRetryable: true });
    expect(failure.message).toContain('apt-get install chromium');
    expect(failure.message).toContain('ORC_CHROMIUM');
  });

  it('refuses a loopback URL before starting a browser', async () => {
    expect(
      await failureOf(
        browse(
          'scrape_js',
          { url: `${site.url}/js` },
          defaultToolSettings({ browser: { chromiumPath: '/nonexistent/chromium' } }),
        ),
      ),
    ).toMatchObject({ type: 'AddressNotAllowed' });
  });

  describe.runIf(chromium !== undefined)('with Chromium', () => {
    it('returns what JavaScript renders', { timeout: 60_000 }, async () => {
      const result = await browse(
        'scrape_js',
        { url: `${site.url}/js`, wait_for: 'p.made' },
        allowPrivate({ browser: { chromiumPath: chromium } }),
      );
      expect(result).toMatchObject({ success: true, status: 200, title: 'Rendered by script' });
      expect(result.text).toContain('Rendered by JavaScript: 42 widgets');
      expect(result.html).toContain('<p class="made">');
      expect(result.links).toEqual([{ text: 'a link made by script', url: `${site.url}/js-link` }]);
    });

    it(
      'waits for the network to settle without wait_for (content fetched by script)',
      { timeout: 60_000 },
      async () => {
        const result = await browse(
          'scrape_js',
          { url: `${site.url}/js-fetch` },
          allowPrivate({ browser: { chromiumPath: chromium } }),
        );
        expect(result.text).toContain('fetched: from the API');
      },
    );

    it('fails with Timeout when wait_for never appears', { timeout: 60_000 }, async () => {
      const failure = await failureOf(
        browse(
          'scrape_js',
          { url: `${site.url}/js`, wait_for: '#never', timeout: 1_500 },
          allowPrivate({ browser: { chromiumPath: chromium } }),
        ),
      );
      expect(failure).toMatchObject({ type: 'Timeout', nonRetryable: false });
      expect(failure.message).toContain('#never');
    });

    // Through the policy proxy: 127.0.0.1 stands in for a public host (exempt), 127.0.0.2 and
    // ::1 for the private addresses a page must not reach.
    const asPublic = { timeoutMs: 15_000, allowPrivate: false, exemptAddresses: ['127.0.0.1'] };
    const inActivity = (url: URL, options: Parameters<typeof renderPage>[1]): ReturnType<typeof renderPage> =>
      new MockActivityEnvironment().run(renderPage, url, options);

    it('with the policy on, a page loads through the policy proxy', { timeout: 60_000 }, async () => {
      const page = await inActivity(new URL(`${site.url}/js-fetch`), { ...asPublic, chromiumPath: chromium });
      expect(page.html).toContain('fetched: from the API');
    });

    it(
      'with the policy on, a script reaching a private address fails the page with AddressNotAllowed',
      { timeout: 60_000 },
      async () => {
        const before = site.hits.get('/api/data') ?? 0;
        const target = `http://127.0.0.2:${site.port}/api/data`;
        const failure = await failureOf(
          inActivity(new URL(`${site.url}/js-fetch-private?target=${encodeURIComponent(target)}`), {
            ...asPublic,
            chromiumPath: chromium,
          }),
        );
        expect(failure).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
        expect(failure.message).toContain('127.0.0.2');
        expect(site.hits.get('/api/data') ?? 0).toBe(before);
      },
    );

    it('with the policy on, a redirect to a private address is refused at the hop', { timeout: 60_000 }, async () => {
      for (const target of [`http://127.0.0.2:${site.port}/article`, `http://[::1]:${site.port}/article`]) {
        const failure = await failureOf(
          inActivity(new URL(`${site.url}/redirect?to=${encodeURIComponent(target)}`), {
            ...asPublic,
            chromiumPath: chromium,
          }),
        );
        expect(failure, target).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
      }
    });

    it('a 404 is success false; a 500 fails retryably', { timeout: 60_000 }, async () => {
      expect(
        await browse(
          'scrape_js',
          { url: `${site.url}/status/404` },
          allowPrivate({ browser: { chromiumPath: chromium } }),
        ),
      ).toMatchObject({ success: false, status: 404 });
      expect(
        await failureOf(
          browse('scrape_js', { url: `${site.url}/status/500` }, allowPrivate({ browser: { chromiumPath: chromium } })),
        ),
      ).toMatchObject({ type: 'HttpError', nonRetryable: false });
    });
  });
});
