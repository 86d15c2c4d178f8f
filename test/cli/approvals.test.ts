// `orc approvals`, `orc approve` and `orc reject` against a run waiting at an approval step.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { RunApproval } from '../../client/commands/approvals.js';
import type { RunStatusReport } from '../../client/run-status.js';
import { listQuery } from '../../client/list-runs.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { cliEnvironment, eventually, withCliWorker } from '../support/cli-runs.js';
import { uniqueTaskQueue, type TestEngine } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';
import { waitForApproval } from '../support/wait-for-approval.js';
import { reviewPipeline } from '../support/review-pipeline.js';
import { runCli } from '../support/run-cli.js';

const REVIEW = reviewPipeline('cli-review', 'outputs:\n  published: "{{ publish.result }}"\n');

describe('orc approvals, approve and reject', () => {
  it('lists a waiting approval, refuses wrong answers, and approves with form answers and edited content', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(REVIEW);
      try {
        await waitForApproval(handle, 'review');
        const one = await runCli(['approvals', handle.workflowId, '--json'], env);
        expect(one.code, one.stderr).toBe(0);
        expect(JSON.parse(one.stdout)).toEqual([
          expect.objectContaining({
            workflow_id: handle.workflowId,
            pipeline_id: 'cli-review',
            step: 'review',
            title: 'Publish the draft?',
            content: 'the draft',
            allow_edit: true,
          }),
        ]);
        const across = JSON.parse((await runCli(['approvals', '--json'], env, 90_000)).stdout) as RunApproval[];
        expect(
          across.filter((approval) => approval.workflow_id === handle.workflowId).map((approval) => approval.step),
        ).toEqual(['review']);
        const human = await runCli(['approvals', handle.workflowId], env);
        expect(human.stdout).toContain('review  "Publish the draft?"');
        expect(human.stdout).toContain(`orc approve ${handle.workflowId} review`);

        const status = JSON.parse(
          (await runCli(['status', handle.workflowId, '--json'], env)).stdout,
        ) as RunStatusReport;
        expect(status.pending_approvals).toEqual([
          expect.objectContaining({ step: 'review', title: 'Publish the draft?' }),
        ]);

        const unknown = await runCli(['approve', handle.workflowId, 'nope'], env);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain('step "nope" is not waiting for an approval; waiting: review');
        expect(unknown.stderr).toContain(`orc approvals ${handle.workflowId} shows what waits`);
        const missingField = await runCli(['approve', handle.workflowId, 'review'], env);
        expect(missingField.code).toBe(2);
        expect(missingField.stderr).toContain('the form needs "channel"');
        const wrongChoice = await runCli(['approve', handle.workflowId, 'review', '--set', 'channel=fax'], env);
        expect(wrongChoice.code).toBe(2);
        expect(wrongChoice.stderr).toContain('field "channel" must be one of "email", "slack"');
        expect((await runCli(['approve', handle.workflowId, 'review', '--set', 'noequals'], env)).code).toBe(2);

        const edited = join(env.ORC_WORKSPACE!, 'edited.txt');
        await writeFile(edited, 'the edited draft');
        const approved = await runCli(
          [
            'approve',
            handle.workflowId,
            'review',
            '--set',
            'channel=slack',
            '--set',
            'copies=2',
            '--edit-file',
            edited,
            '--comment',
            'ok',
          ],
          env,
        );
        expect(approved.code, approved.stderr).toBe(0);
        expect(approved.stdout).toContain(`Approved step "review" of run ${handle.workflowId}`);

        const result = await runCli(['result', handle.workflowId, '--wait', '--json'], env);
        expect(result.code, result.stderr).toBe(0);
        const document = JSON.parse(result.stdout) as ResultDocument;
        expect(document.steps.review).toMatchObject({
          status: 'completed',
          approved: true,
          comment: 'ok',
          result: { channel: 'slack', copies: 2, content: 'the edited draft' },
        });
        expect(typeof document.steps.review?.by).toBe('string');
        expect(document.outputs.published).toBe('the edited draft via slack');

        const late = await runCli(['approve', handle.workflowId, 'review', '--set', 'channel=email'], env);
        expect(late.code).toBe(2);
        expect(late.stderr).toContain('has ended');
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
  }, 120_000);

  it('fills a form default the approver left out (urgent: false) and names every problem of an answer at once, with the allowed range', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(`
id: cli-claim
steps:
  - id: approve_claim
    approval:
      title: Pay the claim?
      fields: {type: object, properties: {urgent: {type: boolean, default: false}, amount: {type: integer, minimum: 1, maximum: 1000}, channel: {type: string, enum: [email, post]}, note: {type: string, maxLength: 10}}, required: [amount]}
  - {id: route, tool: test, action: echo, parameters: {value: "urgent={{ approve_claim.urgent }}"}}
`);
      try {
        await waitForApproval(handle, 'approve_claim');
        const badAnswers = ['amount=5000', 'channel=fax', 'note=far too long', 'colour=red'].flatMap((field) => [
          '--set',
          field,
        ]);
        const wrong = await runCli(
          ['approve', handle.workflowId, 'approve_claim', ...badAnswers, '--set', 'nothing'],
          env,
        );
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toContain('--set "nothing" is not field=value');
        const refused = await runCli(['approve', handle.workflowId, 'approve_claim', ...badAnswers], env);
        expect(refused.code).toBe(2);
        const message = refused.stderr.split('\n').filter((line) => line.includes('refused'));
        expect(message).toHaveLength(1);
        expect(message[0]).toContain('step "approve_claim": 4 problems: ');
        expect(message[0]).toContain('field "amount" must be between 1 and 1000, not 5000');
        expect(message[0]).toContain('field "channel" must be one of "email", "post", not "fax"');
        expect(message[0]).toContain('field "note" must be at most 10 characters long, not 12');
        expect(message[0]).toContain('the form has no field "colour"');

        const approved = await runCli(['approve', handle.workflowId, 'approve_claim', '--set', 'amount=120'], env);
        expect(approved.code, approved.stderr).toBe(0);
        expect(approved.stdout).toContain('Form defaults for fields left out: urgent=false');
        const document = JSON.parse(
          (await runCli(['result', handle.workflowId, '--wait', '--json'], env)).stdout,
        ) as ResultDocument;
        expect(document.success).toBe(true);
        expect(document.steps.approve_claim).toMatchObject({
          status: 'completed',
          approved: true,
          result: { urgent: false, amount: 120, answers: { urgent: false, amount: 120 } },
        });
        expect(document.steps.route).toMatchObject({ status: 'completed', result: 'urgent=False' });
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
  }, 120_000);

  it('rejects with a reason; the step completes with approved: false', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(REVIEW);
      try {
        await waitForApproval(handle, 'review');
        const rejected = await runCli(['reject', handle.workflowId, 'review', '--reason', 'not yet', '--json'], env);
        expect(rejected.code, rejected.stderr).toBe(0);
        expect(JSON.parse(rejected.stdout)).toMatchObject({
          workflow_id: handle.workflowId,
          step: 'review',
          approved: false,
        });
        const document = JSON.parse(
          (await runCli(['result', handle.workflowId, '--wait', '--json'], env)).stdout,
        ) as ResultDocument;
        expect(document.steps.review).toMatchObject({ status: 'completed', approved: false, comment: 'not yet' });
        expect(document.steps.publish?.status).toBe('skipped');
        const none = await runCli(['approvals', handle.workflowId, '--json'], env);
        expect(none.code).toBe(0);
        expect(JSON.parse(none.stdout)).toEqual([]);
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
    expect((await runCli(['reject', 'only-a-run'], env)).code).toBe(2);
  }, 120_000);

  it('a waiting run says so (OrcStatus waiting): orc list --status waiting finds it, and orc approvals asks only such runs', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(REVIEW);
      // Running on a queue nobody polls: it answers no query, and waits for nobody.
      const orphan = await engine.client.workflow.start('runPipeline', {
        taskQueue: uniqueTaskQueue('nobody-polls'),
        workflowId: uniqueTaskQueue('orphan'),
        args: [{ ir: compileTest(REVIEW), inputs: {} }],
      });
      try {
        await waitForApproval(handle, 'review');
        await eventually(() => listedAs(engine, 'waiting', handle.workflowId), 20_000, 'the run listed as waiting');
        const listed = await runCli(['list', '--status', 'waiting', '--json'], env);
        expect(listed.code, listed.stderr).toBe(0);
        const rows = JSON.parse(listed.stdout) as { workflow_id: string; status: string }[];
        expect(rows).toContainEqual(expect.objectContaining({ workflow_id: handle.workflowId, status: 'waiting' }));
        expect(rows.map((row) => row.workflow_id)).not.toContain(orphan.workflowId);
        // orc status says the step waits for a person, as orc list says the run does.
        const status = await runCli(['status', handle.workflowId], env);
        expect(status.stdout).toMatch(/⏸ review +waiting/);
        // Before, every running run was asked: the orphan cost its 5 s timeout and was named on stderr.
        const across = await runCli(['approvals', '--json'], env, 90_000);
        expect(across.code, across.stderr).toBe(0);
        expect(across.stderr).not.toContain(orphan.workflowId);
        expect((JSON.parse(across.stdout) as RunApproval[]).map((approval) => approval.workflow_id)).toContain(
          handle.workflowId,
        );
        await handle.executeUpdate(answerApprovalUpdate, {
          args: [{ step: 'review', approved: true, answers: { channel: 'email' } }],
        });
        await handle.result();
        await eventually(
          async () => ((await listedAs(engine, 'waiting', handle.workflowId)) ? undefined : true),
          20_000,
          'the run no longer listed as waiting',
        );
      } finally {
        await handle.terminate('test over').catch(() => {});
        await orphan.terminate('test over').catch(() => {});
      }
    });
  }, 120_000);
});

async function listedAs(engine: TestEngine, status: 'waiting', workflowId: string): Promise<true | undefined> {
  for await (const info of engine.client.workflow.list({ query: listQuery({ status }) }))
    if (info.workflowId === workflowId) return true;
  return undefined;
}
