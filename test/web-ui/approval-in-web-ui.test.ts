// The Web UI as an operator uses it, in a real headless Chromium against the suite's dev
// server: a pipeline with a loop and an approval is started by `orc run --detach`, found in
// the list by its OrcPipelineId search attribute, read (step summaries: local steps in the
// Event History, regular activities on the timeline; the current-details table), and its
// approval is answered with the UI's "Send a Signal".
// Screenshots go to test-results/web-ui-*.png.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';
import { documentOf } from '../support/run-document.js';
import { repoRoot, withWorker } from '../support/temporal.js';
import { waitForApproval } from '../support/wait-for-approval.js';
import {
  chromiumMissingReason,
  currentDetailsFrame,
  frameTexts,
  launchChromium,
  localActivitySummaries,
  openRunFromList,
  openUserMetadata,
  saveScreenshot,
  sendSignalFromUi,
  timelineLabels,
} from './web-ui-page.js';

const pipelineYaml = (id: string) => `
id: ${id}
name: Web UI check
steps:
  - id: drafts
    for_each: "{{ ['alpha', 'beta', 'gamma'] }}"
    as: topic
    steps:
      - id: draft
        tool: filesystem
        action: write
        summary: "note {{ index + 1 }} of 3: {{ topic }}"
        parameters: {path: "notes/{{ topic }}.md", content: "# {{ topic }}"}
  - id: review
    approval:
      title: "Publish {{ drafts.iterations }} notes?"
      fields: {type: object, properties: {channel: {type: string, enum: [email, slack]}}, required: [channel]}
  - {id: publish, tool: filesystem, action: write, execution: activity, if: "review.approved", parameters: {path: "notes/PUBLISHED.md", content: "via {{ review.channel }}"}}
outputs:
  channel: "{{ review.channel }}"
`;

const missing = chromiumMissingReason();
if (missing) console.log(`test/web-ui skipped: ${missing}`);

describe.skipIf(missing !== undefined)('the Web UI in a real browser', () => {
  it('finds a run by OrcPipelineId, shows step summaries and current details, and answers its approval by signal', async () => {
    const pipelineId = `web-ui-${randomBytes(4).toString('hex')}`;
    const file = join(await mkdtemp(join(tmpdir(), 'orc-web-ui-')), `${pipelineId}.yaml`);
    await writeFile(file, pipelineYaml(pipelineId));
    const uiUrl = inject('webUiUrl');
    expect(uiUrl, 'the suite dev server runs with its Web UI').not.toBe('');
    await withWorker(async (engine) => {
      const env = {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        ORC_DATA_DIR: inject('dataDir'),
        ORC_TASK_QUEUE: engine.taskQueue,
        ORC_WEB_UI_URL: uiUrl,
      };
      const started = await runCli(['run', file, '--detach', '--json'], env, 90_000);
      expect(started.code, started.stderr).toBe(0);
      const { workflow_id: workflowId } = JSON.parse(started.stdout) as { workflow_id: string };
      const handle = engine.client.workflow.getHandle(workflowId);
      let browser: Browser | undefined;
      let page: Page | undefined;
      try {
        await waitForApproval(handle, 'review', 60_000);
        browser = await launchChromium();
        page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        page.setDefaultTimeout(30_000);
        await openRunFromList(page, uiUrl, pipelineId, workflowId);

        // The drafts are local steps (filesystem.write): each is a "Local Activity" event with its summary.
        const summaries = await localActivitySummaries(page, 3);
        expect(summaries).toEqual(
          expect.arrayContaining([
            'drafts[0].note 1 of 3: alpha',
            'drafts[1].note 2 of 3: beta',
            'drafts[2].note 3 of 3: gamma',
          ]),
        );
        await saveScreenshot(page, join(repoRoot, 'test-results/web-ui-local-steps.png'));

        await openUserMetadata(page);
        const details = await currentDetailsFrame(page);
        const text = await details.locator('body').innerText();
        expect(text).toContain('waiting for approval: Publish 3 notes? (review)');
        const rows = await details.locator('table tr').allInnerTexts();
        expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^drafts ✓ completed 1 \d/),
            expect.stringMatching(/^review ▶ running/),
            expect.stringMatching(/^publish · pending/),
          ]),
        );
        // The run's static summary, from `orc run`, sits in its own iframe next to the table.
        expect(await frameTexts(page)).toEqual(
          expect.arrayContaining([expect.stringContaining(`Web UI check (${pipelineId}) · 3 steps`)]),
        );
        await saveScreenshot(page, join(repoRoot, 'test-results/web-ui-current-details.png'));

        await sendSignalFromUi(page, 'approval', {
          step: 'review',
          approved: true,
          answers: { channel: 'email' },
          comment: 'from the Web UI',
        });
        const document = await withTimeout(documentOf(handle), 60_000, 'the run to complete after the Web UI signal');
        expect(document.status).toBe('completed');
        expect(document.steps.review).toMatchObject({
          status: 'completed',
          approved: true,
          comment: 'from the Web UI',
          result: { channel: 'email' },
        });
        expect(document.outputs.channel).toBe('email');

        await page.reload();
        await page.getByText('COMPLETED').filter({ visible: true }).first().waitFor({ state: 'visible' });
        // A closed run has no current details; its timeline shows the publish step, a regular activity.
        expect(await timelineLabels(page, 1)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^runTool • publish · filesystem.write/)]),
        );
        await saveScreenshot(page, join(repoRoot, 'test-results/web-ui-completed.png'));
      } catch (error) {
        // What the browser showed when it went wrong, for CI's artifacts.
        if (page) await saveScreenshot(page, join(repoRoot, 'test-results/web-ui-failure.png')).catch(() => {});
        throw error;
      } finally {
        await browser?.close().catch(() => {});
        await handle.terminate('test over').catch(() => {});
      }
    });
  }, 240_000);
});

async function withTimeout(promise: Promise<ResultDocument>, timeoutMs: number, what: string): Promise<ResultDocument> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
