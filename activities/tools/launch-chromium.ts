// Headless Chromium for the steps that print or rasterize (PDF reports, PNG charts), through
// playwright-core: loaded only when such a step runs, so a worker without playwright-core or
// Chromium still does everything else. Each caller words its own "unavailable" failure, because
// what the user can do instead (HTML, SVG, Markdown) depends on the step.
import type * as Playwright from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './headless-browser.js';
import type { ToolContext } from './tool-implementation.js';

const LAUNCH_TIMEOUT_MS = 30_000;

/** Launches Chromium or throws `unavailable(reason)`: no executable, no playwright-core, no start. */
export async function launchChromium(
  context: ToolContext,
  unavailable: (reason: string) => Error,
): Promise<Playwright.Browser> {
  const configured = context.settings.browser.chromiumPath;
  const executablePath = await findChromium(configured);
  if (!executablePath)
    throw unavailable(
      configured ? `ORC_CHROMIUM is "${configured}", which is not an executable file` : 'no Chromium was found',
    );
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch {
    throw unavailable('the playwright-core package is not installed');
  }
  try {
    return await playwright.chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    throw unavailable(`Chromium (${executablePath}) did not start: ${(error as Error).message.split('\n')[0]}`);
  }
}
