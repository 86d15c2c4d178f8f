// Approvals on a real server: answered by update (checked by its validator) or by signal,
// rejected, timed out, with form fields; and py-orc's user-prompt.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { waitForApproval } from '../support/wait-for-approval.js';
import { describe, expect, it } from 'vitest';
import {
  answerApprovalUpdate,
  approvalSignal,
  pendingApprovalsQuery,
  progressQuery,
  type ApprovalAnswer,
} from '../../workflows/messages.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';
import { reviewPipeline } from '../support/review-pipeline.js';

const tools = () => ({ test: testTool(newRecorder()) });

const REVIEW = reviewPipeline();

describe('approvals', () => {
  it('waits, refuses wrong answers, and goes on when approved with form fields and edited content', async () => {
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, compileTest(REVIEW));
        await waitForApproval(handle, 'review');
        const [pending] = await handle.query(pendingApprovalsQuery);
        expect(pending).toMatchObject({
          step: 'review',
          title: 'Publish the draft?',
          content: 'the draft',
          allow_edit: true,
        });
        expect((await handle.query(progressQuery)).pending_approvals).toEqual([
          expect.objectContaining({ step: 'review' }),
        ]);
        const refuse = (answer: ApprovalAnswer) =>
          handle.executeUpdate(answerApprovalUpdate, { args: [answer] }).catch((error: unknown) => error);
        expect(await refuse({ step: 'nope', approved: true })).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String(((await refuse({ step: 'nope', approved: true })) as Error).cause)).toContain(
          'step "nope" is not waiting for an approval; waiting: review',
        );
        expect(String(((await refuse({ step: 'review', approved: true, answers: {} })) as Error).cause)).toContain(
          'the form needs "channel"',
        );
        expect(
          String(((await refuse({ step: 'review', approved: true, answers: { channel: 'fax' } })) as Error).cause),
        ).toContain('field "channel" must be one of "email", "slack"');
        const receipt = await handle.executeUpdate(answerApprovalUpdate, {
          args: [
            {
              step: 'review',
              approved: true,
              by: 'ada',
              comment: 'ok',
              answers: { channel: 'slack', copies: 2 },
              content: 'the edited draft',
            },
          ],
        });
        expect(receipt).toEqual({ step: 'review', approved: true });
        const document = await documentOf(handle);
        expect(document.steps.review).toMatchObject({
          status: 'completed',
          approved: true,
          by: 'ada',
          comment: 'ok',
          result: {
            approved: true,
            channel: 'slack',
            copies: 2,
            content: 'the edited draft',
            modified_content: 'the edited draft',
            rejection_reason: null,
          },
        });
        expect(document.steps.publish?.result).toBe('the edited draft via slack');
      },
      { tools: tools() },
    );
  });

  it('completes the step with approved: false when rejected; dependents see it', async () => {
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, compileTest(REVIEW));
        await waitForApproval(handle, 'review');
        await handle.executeUpdate(answerApprovalUpdate, {
          args: [{ step: 'review', approved: false, comment: 'not yet' }],
        });
        const document = await documentOf(handle);
        expect(document.success).toBe(true);
        expect(document.steps.review).toMatchObject({ status: 'completed', approved: false, comment: 'not yet' });
        // py-orc's approval gate returns the reason and any edit under these names.
        expect(document.steps.review?.result).toMatchObject({ rejection_reason: 'not yet', modified_content: null });
        expect(document.steps.publish?.status).toBe('skipped');
      },
      { tools: tools() },
    );
  });

  it('takes an answer by signal (as the Web UI sends it) and notes an invalid signal', async () => {
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, compileTest(REVIEW));
        await waitForApproval(handle, 'review');
        await handle.signal(approvalSignal, { step: 'other', approved: true });
        await handle.signal(approvalSignal, { step: 'review', approved: true, answers: { channel: 'email' } });
        const document = await documentOf(handle);
        expect(document.steps.review).toMatchObject({ approved: true, result: { channel: 'email' } });
        expect(document.warnings?.[0]).toContain('an approval signal was ignored: step "other" is not waiting');
      },
      { tools: tools() },
    );
  });

  it('fills form defaults the approver left out (signal, as the Web UI sends it) and lists every problem of an answer at once', async () => {
    const ir = compileTest(`
steps:
  - id: approve_claim
    approval:
      title: Pay the claim?
      fields: {type: object, properties: {urgent: {type: boolean, default: false}, amount: {type: integer, minimum: 1, maximum: 1000}, note: {type: string, minLength: 2, maxLength: 10}, channel: {type: string, enum: [email, post], default: email}}, required: [amount, channel]}
  - {id: route, tool: test, action: echo, parameters: {value: "urgent: {{ approve_claim.urgent }}, by {{ approve_claim.channel }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        await waitForApproval(handle, 'approve_claim');
        const refused = await handle
          .executeUpdate(answerApprovalUpdate, {
            args: [
              {
                step: 'approve_claim',
                approved: true,
                answers: { amount: 5000, note: 'far too long a note', channel: 'fax', colour: 'red' },
              },
            ],
          })
          .catch((error: unknown) => error);
        const message = String((refused as Error).cause);
        expect(message).toContain('step "approve_claim": 4 problems: ');
        expect(message).toContain('field "amount" must be between 1 and 1000, not 5000');
        expect(message).toContain('field "note" must be between 2 and 10 characters long, not 19');
        expect(message).toContain('field "channel" must be one of "email", "post", not "fax"');
        expect(message).toContain('the form has no field "colour"; its fields: urgent, amount, note, channel');
        await handle.signal(approvalSignal, { step: 'approve_claim', approved: true, answers: { amount: 120 } });
        const document = await documentOf(handle);
        expect(document.success).toBe(true);
        expect(document.steps.approve_claim).toMatchObject({
          status: 'completed',
          result: {
            urgent: false,
            amount: 120,
            channel: 'email',
            answers: { urgent: false, amount: 120, channel: 'email' },
          },
        });
        expect(document.steps.route?.result).toBe('urgent: False, by email');
        expect(document.warnings ?? []).toEqual([]);
      },
      { tools: tools() },
    );
  });

  it.each([
    ['reject', 'completed', false],
    ['approve', 'completed', true],
    ['fail', 'failed', undefined],
  ] as const)('on timeout: %s', async (onTimeout, status, approved) => {
    const ir = compileTest(`
steps:
  - id: gate
    approval: {title: Quick, timeout: 1s, on_timeout: ${onTimeout}}
`);
    await withWorker(
      async (engine) => {
        const document = await documentOf(await startPipeline(engine, ir));
        expect(document.steps.gate?.status).toBe(status);
        if (approved !== undefined) expect(document.steps.gate).toMatchObject({ approved, by: 'timeout' });
        else expect(document.steps.gate?.error?.type).toBe('ApprovalTimeout');
      },
      { tools: tools() },
    );
  });

  it("answers py-orc's user-prompt with a value", async () => {
    const ir = compileTest(`
steps:
  - id: ask
    tool: user-prompt
    action: execute
    parameters: {prompt: "Format?", input_type: choice, choices: '["csv", "json"]', default: csv}
  - {id: use, tool: test, action: echo, parameters: {value: "{{ ask.value }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        await waitForApproval(handle, 'ask');
        expect((await handle.query(pendingApprovalsQuery))[0]?.prompt).toEqual({
          input_type: 'choice',
          choices: ['csv', 'json'],
          default: 'csv',
        });
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'ask', approved: true, value: 'json' }] });
        expect((await documentOf(handle)).steps.use?.result).toBe('json');
      },
      { tools: tools() },
    );
  });

  it("returns py-orc's feedback-collection fields: responses, counts and the summary its pipelines read", async () => {
    const ir = compileTest(`
steps:
  - id: feedback
    tool: feedback-collection
    action: collect
    parameters:
      title: How was it?
      questions:
        - {id: quality, text: Quality?, type: rating, scale: 5}
        - {id: speed, text: Speed?, type: rating, scale: 5}
        - {id: again, text: Again?, type: boolean}
        - {id: format, text: Format?, type: choice, choices: [pdf, html]}
        - {id: notes, text: Notes?, type: text}
  - {id: use, tool: test, action: echo, parameters: {value: "{{ feedback.summary.rating_average }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        await waitForApproval(handle, 'feedback');
        const answers = { quality: 4, speed: 5, again: true, format: 'pdf' };
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'feedback', approved: true, answers }] });
        const document = await documentOf(handle);
        expect(document.steps.feedback?.result).toMatchObject({
          responses: answers,
          response_count: 4,
          completion_rate: 80,
          summary: { rating_average: 4.5, boolean_summary: { again: true }, choice_summary: { format: 'pdf' } },
        });
        expect(document.steps.use?.result).toBe(4.5);
      },
      { tools: tools() },
    );
  });

  it('addresses approvals inside loops by their path', async () => {
    const ir = compileTest(`
steps:
  - id: per_item
    for_each: "['a', 'b']"
    steps:
      - {id: review, approval: {title: "Item {{ item }}?"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        await waitForApproval(handle, 'per_item[0].review');
        await waitForApproval(handle, 'per_item[1].review');
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'per_item[1].review', approved: false }] });
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'per_item[0].review', approved: true }] });
        const document = await documentOf(handle);
        expect((document.steps.per_item?.result as { approved: boolean }[]).map((answer) => answer.approved)).toEqual([
          true,
          false,
        ]);
      },
      { tools: tools() },
    );
  });
});
