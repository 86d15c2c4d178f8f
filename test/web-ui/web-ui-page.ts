// Driving the Temporal Web UI (2.5x, as shipped with the pinned Temporal CLI) in headless
// Chromium: what a person does to find a run, read it and answer its approval. Selectors
// follow the UI's own end-to-end page objects (data-testid where it has them, roles
// otherwise); the UI renders every action modal twice, so only visible elements are used.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

/** Debian's package; CI installs it (.ci/run). */
export const CHROMIUM_PATH = process.env.ORC_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumMissingReason(): string | undefined {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set ORC_CHROMIUM)`;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the workflow list filtered by the pipeline's search attribute and clicks the run.
 * Visibility lags the start by a moment, so the list is reloaded until the run shows.
 */
export async function openRunFromList(
  page: Page,
  uiUrl: string,
  pipelineId: string,
  workflowId: string,
  timeoutMs = 30_000,
): Promise<void> {
  const query = encodeURIComponent(`OrcPipelineId="${pipelineId}"`);
  const link = page.locator(`a[href*="/workflows/${workflowId}/"]`).filter({ hasText: workflowId }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${uiUrl}/namespaces/default/workflows?query=${query}`);
    const shown = await link.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    if (Date.now() > deadline)
      throw new Error(
        `run ${workflowId} did not appear in the Web UI's list for OrcPipelineId="${pipelineId}" within ${timeoutMs} ms`,
      );
  }
  await link.click();
  await page.waitForURL(new RegExp(`/workflows/${workflowId}/`));
}

/**
 * The timeline's activity labels ("runTool • <summary>"), once at least `count` are drawn. They
 * sit in an SVG, where Playwright's visibility check does not apply, so their text is polled.
 */
export async function timelineLabels(page: Page, count: number, timeoutMs = 30_000): Promise<string[]> {
  await page.getByRole('tab', { name: 'Timeline' }).first().click();
  const labels = page.getByText(/^runTool • /);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = (await labels.allTextContents()).map((text) => text.trim());
    if (texts.length >= count) return texts;
    if (Date.now() > deadline)
      throw new Error(
        `the timeline showed ${texts.length} of ${count} activity labels within ${timeoutMs} ms: ${texts.join('; ')}`,
      );
    await page.waitForTimeout(250);
  }
}

/**
 * The summaries of the Event History's "Local Activity" rows (local steps: the timeline of UI
 * 2.54 draws them as markers labelled only "runTool"), once at least `count` are listed.
 */
export async function localActivitySummaries(page: Page, count: number, timeoutMs = 30_000): Promise<string[]> {
  await page.getByRole('tab', { name: 'Event History' }).first().click();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await page.locator('body').innerText();
    const summaries = [...text.matchAll(/Local Activity\s+Activity Type\s+runTool\s+Summary\s+([^\n]+)/g)].map(
      ([, summary]) => summary!.trim(),
    );
    if (summaries.length >= count) return summaries;
    if (Date.now() > deadline)
      throw new Error(
        `the Event History listed ${summaries.length} of ${count} local activities within ${timeoutMs} ms: ${summaries.join('; ')}`,
      );
    await page.waitForTimeout(250);
  }
}

/** The User Metadata tab renders summary, details and current details as markdown in iframes. */
export async function openUserMetadata(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'User Metadata' }).first().click();
  await page.getByText('Current Details').first().waitFor({ state: 'visible' });
}

/** The iframe holding the current-details markdown: the only one with a table in it. */
export async function currentDetailsFrame(page: Page, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (
        frame !== page.mainFrame() &&
        (await frame
          .locator('table')
          .count()
          .catch(() => 0)) > 0
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error(`no current-details table appeared within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
  }
}

/** The text of every iframe on the page (summary, details, current details). */
export async function frameTexts(page: Page): Promise<string[]> {
  const frames = page.frames().filter((frame) => frame !== page.mainFrame());
  return Promise.all(
    frames.map((frame) =>
      frame
        .locator('body')
        .innerText()
        .catch(() => ''),
    ),
  );
}

/** More Actions → Send a Signal → pick the signal the workflow declares → JSON → Submit. */
export async function sendSignalFromUi(page: Page, signalName: string, input: unknown): Promise<void> {
  await page.getByRole('button', { name: 'More Actions' }).filter({ visible: true }).first().click();
  await page.getByRole('menuitem', { name: 'Send a Signal' }).filter({ visible: true }).click();
  const modal = page.getByTestId('signal-confirmation-modal').filter({ visible: true });
  await modal.getByTestId('signal-select-button').click();
  await modal.getByRole('option', { name: signalName, exact: true }).click();
  // The second textbox is the CodeMirror payload editor (the first is the select's input).
  await modal.getByRole('textbox').nth(1).fill(JSON.stringify(input));
  const sent = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes(`/signal/${signalName}`),
  );
  const submit = modal.getByTestId('confirm-modal-button');
  await submit.focus();
  await submit.click();
  const response = await sent;
  if (!response.ok())
    throw new Error(`the Web UI's signal request failed: HTTP ${response.status()} ${await response.text()}`);
}

export async function saveScreenshot(page: Page, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}
