// Runtime <AUTO> tags: answered just before their step, after its templates are rendered, typed,
// recorded in history and in the step's `auto` field — and never asked again, also when the
// worker restarts mid-run. An injected fake stands in for the model (the models issue's part).
import { describe, expect, it } from 'vitest';
import type { AutoQuestionInput } from '../../workflows/activity-interfaces.js';
import { answerApprovalUpdate, pendingApprovalsQuery } from '../../workflows/messages.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { uniqueTaskQueue, withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';
import { waitForApproval } from '../support/wait-for-approval.js';

describe('runtime <AUTO> tags', () => {
  it('are answered once, typed, recorded, and not asked again after a worker restart', async () => {
    const questions: AutoQuestionInput[] = [];
    const resolveAuto = async (input: AutoQuestionInput) => {
      questions.push(input);
      return {
        value: input.type === 'integer' ? 3 : input.type === 'choice' ? input.choices![1] : 'fast',
        model: 'fake:model',
      };
    };
    const ir = compileTest(`
parameters: {topic: otters}
steps:
  - id: plan
    tool: test
    action: echo
    parameters:
      value:
        count: <AUTO type="integer" min="1" max="5">How many facts about {{ topic }}?</AUTO>
        style: <AUTO type="choice" choices="formal,casual">Which style for {{ topic }}?</AUTO>
        line: "Go <AUTO>which speed</AUTO> now"
  - {id: gate, approval: {title: "Continue with {{ plan.result.count }} facts?"}}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ plan.result.count + 1 }} {{ plan.result.style }} {{ plan.result.line }}"}}
`);
    const taskQueue = uniqueTaskQueue('auto');
    const tools = { test: testTool(newRecorder()) };
    let workflowId = '';
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        workflowId = handle.workflowId;
        await waitForApproval(handle, 'gate');
      },
      { taskQueue, tools, activities: { resolveAuto } },
    );
    expect(questions.map((question) => question.question).sort()).toEqual([
      'How many facts about otters?',
      'Which style for otters?',
      'which speed',
    ]);
    expect(questions.find((question) => question.type === 'integer')).toMatchObject({ min: 1, max: 5 });
    // A new worker replays the history from the start: the answers come from history.
    await withWorker(
      async (engine) => {
        const handle = engine.client.workflow.getHandle(workflowId);
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'gate', approved: true }] });
        const document = await documentOf(handle);
        expect(document.steps.plan?.result).toEqual({ count: 3, style: 'casual', line: 'Go fast now' });
        expect(document.steps.plan?.auto).toEqual({
          '/parameters/value/count': 3,
          '/parameters/value/style': 'casual',
          '/parameters/value/line': 'Go fast now',
        });
        expect(document.steps.after?.result).toBe('4 casual Go fast now');
      },
      { taskQueue, tools, activities: { resolveAuto } },
    );
    expect(questions).toHaveLength(3);
  });

  it('in an approval: answered before the request opens, shown to the approver, recorded in auto', async () => {
    const resolveAuto = async (input: AutoQuestionInput) => ({
      value: input.question.includes('title') ? 'Publish the otter post?' : 'unused',
      model: 'fake:model',
    });
    const ir = compileTest(`
steps:
  - id: review
    approval:
      title: <AUTO>Write a short title for approving the {{ execution.pipeline }} post</AUTO>
      content: the post
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        await waitForApproval(handle, 'review');
        const pending = await handle.query(pendingApprovalsQuery);
        expect(pending[0]?.title).toBe('Publish the otter post?');
        await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'review', approved: true }] });
        const document = await documentOf(handle);
        expect(document.steps.review).toMatchObject({
          status: 'completed',
          approved: true,
          auto: { '/approval/title': 'Publish the otter post?' },
        });
      },
      { tools: { test: testTool(newRecorder()) }, activities: { resolveAuto } },
    );
  });
});
