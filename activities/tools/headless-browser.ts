// The `headless-browser` tool: static scraping (HTTP + cheerio), pages rendered by Chromium
// through playwright-core (scrape_js), and main-content extraction with metadata. Every request
// — static or from the browser — is held to the private-address policy.
import { access, constants } from 'node:fs/promises';
import type * as Playwright from 'playwright-core';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext, ToolImplementation } from './tool-implementation.js';
import {
  htmlFailure,
  isRetryableStatus,
  numberParameter,
  statusFailure,
  stringParameter,
  webFailure,
} from './web/failures.js';
import type { HtmlAnalysis, HtmlRequest } from './web/html-analysis.js';
import { analyseHtmlOffThread } from './web/html-thread.js';
import {
  checkUrlAllowed,
  decodeText,
  httpRequest,
  isHtml,
  parseWebUrl,
  policyOf,
  USER_AGENT,
} from './web/http-client.js';
import { startPolicyProxy } from './web/policy-proxy.js';

const MAX_PAGE_BYTES = 10_000_000;
/** `timeout` is in milliseconds here (py-orc's pipelines say 10000); at most an hour. */
const TIMEOUT_MS = { value: 3_600_000, unit: 'milliseconds' };
const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];
/** Chromium's switches for every headless use (scraping here; PDF and PNG through launch-chromium.ts). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

interface LoadedPage {
  status: number;
  url: string;
  html: string;
  isHtml: boolean;
  contentLanguage?: string;
}

export const headlessBrowser: ToolImplementation = {
  async scrape(parameters, context) {
    const page = await loadStatic(parameters, context);
    if (page.status >= 400) return failedPage(page);
    return pageResult(page, stringParameter(parameters, 'selector'), context);
  },

  async scrape_js(parameters, context) {
    const url = requireUrl(parameters);
    const timeoutMs = numberParameter(parameters, 'timeout', 30_000, TIMEOUT_MS);
    const waitFor = stringParameter(parameters, 'wait_for');
    // The first URL is refused before a browser is started.
    try {
      await checkUrlAllowed(url, context.settings.web.allowPrivateAddresses);
    } catch (error) {
      throw webFailure(error, context.signal);
    }
    const page = await renderWithChromium(url, timeoutMs, waitFor, context);
    if (page.status >= 400) return failedPage(page);
    return pageResult(page, undefined, context);
  },

  async extract(parameters, context) {
    const page = await loadStatic(parameters, context);
    if (page.status >= 400)
      return {
        success: false,
        status: page.status,
        url: page.url,
        title: '',
        content: '',
        word_count: 0,
        metadata: null,
        error: `the page answered ${page.status}`,
      };
    const wantsMetadata = parameters.include_metadata === true;
    const analysis = await readPage(
      page,
      {
        readable: parameters.extract_main_content !== false ? 'main' : 'all',
        title: true,
        ...(wantsMetadata ? { metadata: { contentLanguage: page.contentLanguage } } : {}),
      },
      context,
    );
    const content = analysis.readable!;
    return {
      success: true,
      status: page.status,
      url: page.url,
      title: analysis.title,
      content,
      word_count: wordCount(content),
      metadata: wantsMetadata ? analysis.metadata : null,
    };
  },
};

function requireUrl(parameters: Record<string, unknown>): URL {
  try {
    return parseWebUrl(stringParameter(parameters, 'url') ?? '');
  } catch (error) {
    throw toolFailure(ERROR_TYPES.toolError, (error as Error).message, { retryable: false });
  }
}

async function loadStatic(parameters: Record<string, unknown>, context: ToolContext): Promise<LoadedPage> {
  const url = requireUrl(parameters);
  const timeoutMs = numberParameter(parameters, 'timeout', 30_000, TIMEOUT_MS);
  try {
    const response = await httpRequest({
      url: url.href,
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'user-agent': USER_AGENT },
      timeoutMs,
      maxBytes: MAX_PAGE_BYTES,
      signal: context.signal,
      allowPrivate: context.settings.web.allowPrivateAddresses,
    });
    const html = decodeText(response.body, response.headers['content-type']);
    if (isRetryableStatus(response.status))
      throw statusFailure(response.url, response.status, response.statusText, html);
    return {
      status: response.status,
      url: response.url,
      html,
      isHtml: isHtml(response.headers['content-type'], response.body),
      contentLanguage: response.headers['content-language'],
    };
  } catch (error) {
    throw webFailure(error, context.signal);
  }
}

async function pageResult(page: LoadedPage, selector: string | undefined, context: ToolContext) {
  const analysis = await readPage(
    page,
    { linksBase: page.url, title: true, ...(selector === undefined ? { readable: 'all' } : { selector }) },
    context,
  );
  const common = { success: true, status: page.status, url: page.url, title: analysis.title, links: analysis.links };
  if (selector === undefined) return { ...common, text: analysis.readable, html: page.html };
  if (analysis.invalidSelector !== undefined)
    throw toolFailure(ERROR_TYPES.toolError, `selector "${selector}" is not valid CSS: ${analysis.invalidSelector}`, {
      retryable: false,
    });
  return { ...common, text: analysis.selected!.text, html: analysis.selected!.html, matches: analysis.selected!.count };
}

/** The page's HTML read in the HTML reader's thread (a text answer as one <pre>). */
async function readPage(
  page: LoadedPage,
  wanted: Omit<HtmlRequest, 'html'>,
  context: ToolContext,
): Promise<HtmlAnalysis> {
  try {
    return await analyseHtmlOffThread(
      { html: page.isHtml ? page.html : `<pre>${escapeHtml(page.html)}</pre>`, ...wanted },
      { signal: context.signal },
    );
  } catch (error) {
    throw htmlFailure(error, page.url, 'read a smaller page, or fetch it with web.fetch and readable: false');
  }
}

/** A 4xx page is an answer, not a crash: success false with its status. */
function failedPage(page: LoadedPage) {
  return {
    success: false,
    status: page.status,
    url: page.url,
    title: '',
    text: '',
    html: page.html,
    links: [],
    error: `the page answered ${page.status}`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Chromium's path: the operator's ORC_CHROMIUM, else the usual places. */
export async function findChromium(configured: string | undefined): Promise<string | undefined> {
  for (const candidate of configured ? [configured] : CHROMIUM_CANDIDATES) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there; try the next.
    }
  }
  return undefined;
}

const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) or point ORC_CHROMIUM at a Chromium or Chrome executable';

export interface RenderOptions {
  timeoutMs: number;
  waitFor?: string;
  signal?: AbortSignal;
  chromiumPath?: string;
  allowPrivate: boolean;
  /** Addresses exempt from the policy (tests: 127.0.0.1 stands in for a public host). */
  exemptAddresses?: readonly string[];
}

async function renderWithChromium(
  url: URL,
  timeoutMs: number,
  waitFor: string | undefined,
  context: ToolContext,
): Promise<LoadedPage> {
  return renderPage(url, {
    timeoutMs,
    waitFor,
    signal: context.signal,
    chromiumPath: context.settings.browser.chromiumPath,
    allowPrivate: context.settings.web.allowPrivateAddresses,
  });
}

/** Loads a page in headless Chromium; with the policy on, all its traffic goes through a policy proxy. */
export async function renderPage(url: URL, options: RenderOptions): Promise<LoadedPage> {
  const { timeoutMs, waitFor, signal } = options;
  const configured = options.chromiumPath;
  const executablePath = await findChromium(configured);
  if (!executablePath) {
    const where = configured
      ? `ORC_CHROMIUM is "${configured}", which is not an executable file`
      : `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')})`;
    throw toolFailure(
      ERROR_TYPES.browserUnavailable,
      `headless-browser.scrape_js needs Chromium: ${where}; ${INSTALL_HINT}`,
      { retryable: false },
    );
  }
  let playwright: typeof Playwright;
  try {
    // Loaded only when a page needs a browser, so a worker without it still starts.
    playwright = await import('playwright-core');
  } catch {
    throw toolFailure(
      ERROR_TYPES.browserUnavailable,
      'headless-browser.scrape_js needs the playwright-core package on the worker (npm install playwright-core)',
      { retryable: false },
    );
  }
  // Chromium resolves names itself; with the policy on, it connects only through this proxy,
  // which resolves, checks and connects for it (loopback included: `<-loopback>`).
  const proxy =
    options.allowPrivate && !options.exemptAddresses
      ? undefined
      : await startPolicyProxy(
          policyOf({ allowPrivate: options.allowPrivate, exemptAddresses: options.exemptAddresses }),
        );
  let browser: Playwright.Browser;
  try {
    browser = await playwright.chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: Math.max(timeoutMs, 30_000),
      ...(proxy ? { proxy: { server: proxy.url, bypass: '<-loopback>' } } : {}),
    });
  } catch (error) {
    await proxy?.close();
    throw toolFailure(
      ERROR_TYPES.browserUnavailable,
      `Chromium (${executablePath}) did not start: ${firstLine(error)}; ${INSTALL_HINT}`,
      { retryable: false },
    );
  }
  const close = () => void browser.close().catch(() => undefined);
  signal?.addEventListener('abort', close, { once: true });
  const refusal = () => {
    const refused = proxy?.refused();
    return refused
      ? toolFailure(
          ERROR_TYPES.addressNotAllowed,
          `the page at ${url.href} made a request the policy refuses: ${refused}`,
          { retryable: false },
        )
      : undefined;
  };
  try {
    const browserContext = await browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
      userAgent: USER_AGENT.replace('compatible;', 'compatible; HeadlessChrome;'),
    });
    const page = await browserContext.newPage();
    const deadline = Date.now() + timeoutMs;
    let response;
    try {
      response = await page.goto(url.href, { timeout: timeoutMs, waitUntil: 'load' });
      if (waitFor) await page.waitForSelector(waitFor, { timeout: Math.max(1, deadline - Date.now()) });
      else
        await page
          .waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(3_000, deadline - Date.now())) })
          .catch(() => undefined);
    } catch (error) {
      const refused = refusal();
      if (refused) throw refused;
      if (signal?.aborted) throw signal.reason ?? error;
      if (error instanceof playwright.errors.TimeoutError) {
        const what = waitFor && response ? `"${waitFor}" did not appear on ${url.href}` : `${url.href} did not load`;
        throw toolFailure(ERROR_TYPES.timeout, `${what} within ${timeoutMs} ms`, { retryable: true });
      }
      throw toolFailure(ERROR_TYPES.networkError, `${url.href}: ${firstLine(error)}`, { retryable: true });
    }
    const refused = refusal();
    if (refused) throw refused;
    const status = response?.status() ?? 200;
    const html = await page.content();
    if (isRetryableStatus(status)) throw statusFailure(page.url(), status, response?.statusText() ?? '', html);
    return { status, url: page.url(), html, isHtml: true };
  } finally {
    signal?.removeEventListener('abort', close);
    await browser.close().catch(() => undefined);
    await proxy?.close();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

// Here rather than beside the HTML reader (web/html.ts), which loads cheerio: the worker's
// main thread never needs cheerio, only the reader's threads do.
function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}
