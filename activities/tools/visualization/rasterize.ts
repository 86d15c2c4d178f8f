// PNG from SVG. vega's own PNG output needs node-canvas (a native module the worker does not
// have), so the SVG is rasterized by headless Chromium through playwright-core when the worker has
// Chromium; without it PNG fails clearly and SVG and HTML still work.
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { launchChromium } from '../launch-chromium.js';
import { toolFailure } from '../../tool-failure.js';
import type { ToolContext } from '../tool-implementation.js';

/** Twice the SVG's size, so text stays sharp on high-density screens and in documents. */
const SCALE = 2;

function unavailable(reason: string) {
  return toolFailure(
    ERROR_TYPES.browserUnavailable,
    `PNG charts need Chromium on the worker: ${reason}. Install Chromium (Debian/Ubuntu: \`sudo apt-get install chromium\`) or set ORC_CHROMIUM — or use format svg or html, which work without it`,
    { retryable: false },
  );
}

/** The pixel size an SVG declares (vega always writes width and height). */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attribute = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(tag)?.[1]);
  const width = attribute('width');
  const height = attribute('height');
  return {
    width: Number.isFinite(width) && width > 0 ? Math.ceil(width) : 800,
    height: Number.isFinite(height) && height > 0 ? Math.ceil(height) : 600,
  };
}

export async function svgToPng(svg: string, context: ToolContext): Promise<Buffer> {
  const browser = await launchChromium(context, unavailable);
  const close = () => void browser.close().catch(() => undefined);
  context.signal?.addEventListener('abort', close, { once: true });
  try {
    // Offline and without JavaScript: the page is only the SVG, and it may reach nothing.
    const page = await browser.newPage({
      viewport: svgSize(svg),
      deviceScaleFactor: SCALE,
      offline: true,
      javaScriptEnabled: false,
    });
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: 'load' });
    return await page.locator('svg').first().screenshot({ type: 'png' });
  } finally {
    context.signal?.removeEventListener('abort', close);
    await browser.close().catch(() => undefined);
  }
}
