// PDF reports: the report's standalone HTML page printed by headless Chromium through
// playwright-core, offline and without JavaScript (report text often comes from a model). A
// worker without Chromium fails the step clearly and for good; Markdown and HTML still work.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { launchChromium } from './launch-chromium.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext } from './tool-implementation.js';

const LOAD_TIMEOUT_MS = 30_000;

function unavailable(reason: string) {
  return toolFailure(
    ERROR_TYPES.browserUnavailable,
    `report-generator format pdf needs Chromium on the worker: ${reason}. Install Chromium (Debian/Ubuntu: \`sudo apt-get install chromium\`) or set ORC_CHROMIUM to its executable — or use format html or markdown, which work without it`,
    { retryable: false },
  );
}

/** The page as an A4 PDF with its backgrounds; the `<title>` becomes the document title. */
export async function htmlToPdf(html: string, context: ToolContext): Promise<Buffer> {
  const browser = await launchChromium(context, unavailable);
  const close = () => void browser.close().catch(() => undefined);
  context.signal?.addEventListener('abort', close, { once: true });
  try {
    const page = await browser.newPage({ offline: true, javaScriptEnabled: false });
    // The page may reach nothing: images and links in model-written Markdown stay unfetched.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '1.5cm', bottom: '1.5cm', left: '1.5cm', right: '1.5cm' },
    });
  } finally {
    context.signal?.removeEventListener('abort', close);
    await browser.close().catch(() => undefined);
  }
}
