// The declared results of approvals (and py-orc's user-prompt and feedback-collection), loops,
// sub-pipelines and waits (workflows/lang/step-kind-results.ts, what the compiler checks
// `{{ step.field }}` against) are what a real run returns: one pipeline with each kind on the
// dev server and a real worker, its approvals answered through the update, each result compared.
import { describe, expect, it } from 'vitest';
import type { ApprovalStepIR, StepIR, SubPipelineStepIR } from '../../workflows/lang/ir.js';
import {
  KIND_RESULTS,
  approvalResultFields,
  approvalResultShape,
  pipelineResultFields,
} from '../../workflows/lang/step-kind-results.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';
import { waitForApproval } from '../support/wait-for-approval.js';

const PIPELINE = `
id: kinds
steps:
  - id: review
    approval: {title: Publish?, fields: {type: object, properties: {channel: {type: string}}}}
  - {id: unanswered, approval: {title: Anyone?, timeout: 1s, on_timeout: approve}}
  - {id: ask, tool: user-prompt, parameters: {prompt: "Which colour?", input_type: choice, choices: [red, blue]}}
  - id: survey
    tool: feedback-collection
    parameters: {title: Survey, questions: [{id: speed, text: "How fast?", type: rating}]}
  - id: each_file
    for_each: "['a', 'b']"
    steps:
      - {id: write, tool: filesystem, action: write, parameters: {path: "{{ item }}.txt", content: "{{ item }}"}}
  - id: counting
    until: "counting.iteration >= 1"
    steps:
      - {id: tick, tool: filesystem, action: exists, parameters: {path: "a.txt"}}
  - id: child
    pipeline: |
      id: inner
      steps:
        - {id: note, tool: filesystem, action: write, parameters: {path: note.txt, content: hi}}
      outputs: {path: "{{ note.path }}", size: "{{ note.size }}"}
  - {id: pause, wait: 10ms}
`;

const keysOf = (value: unknown) => Object.keys(value as object).sort();

describe('approval, loop, sub-pipeline and wait results against their declarations', { timeout: 120_000 }, () => {
  it('each kind returns the fields the compiler checks reads against', async () => {
    const ir = compileTest(PIPELINE);
    const byId = Object.fromEntries((ir.steps as StepIR[]).map((step) => [step.id, step]));
    const approval = (id: string) => approvalResultFields((byId[id] as ApprovalStepIR).approval);
    await withWorker(async (engine) => {
      const handle = await startPipeline(engine, ir);
      const answers = [
        { step: 'review', approved: true, comment: 'fine', answers: { channel: 'email' } },
        { step: 'ask', approved: true, value: 'red' },
        { step: 'survey', approved: true, answers: { speed: 4 } },
      ];
      for (const answer of answers) {
        await waitForApproval(handle, answer.step);
        await handle.executeUpdate(answerApprovalUpdate, { args: [answer] });
      }
      const document = await documentOf(handle);
      expect(document.success, JSON.stringify(document.error)).toBe(true);
      const result = (id: string) => document.steps[id]?.result;
      // An answered approval has every declared field but timed_out; a timed-out one has them all.
      const answered = (id: string) => approval(id).filter((field) => field !== 'timed_out');
      expect(keysOf(result('review'))).toEqual(answered('review').sort());
      expect(keysOf(result('ask'))).toEqual(answered('ask').sort());
      expect(keysOf(result('survey'))).toEqual(answered('survey').sort());
      expect(keysOf(result('unanswered'))).toEqual(approval('unanswered').sort());
      expect(approval('review')).toContain('channel');
      expect(approval('survey')).toContain('speed');
      const summaryShape = approvalResultShape((byId.survey as ApprovalStepIR).approval)?.properties?.summary;
      expect(keysOf((result('survey') as { summary: object }).summary)).toEqual(
        Object.keys(summaryShape?.properties ?? {}).sort(),
      );
      // Loops: a list, which has no fields (KIND_RESULTS returns []).
      expect(KIND_RESULTS.for_each?.returns).toEqual([]);
      expect(result('each_file')).toHaveLength(2);
      expect(KIND_RESULTS.loop?.returns).toEqual([]);
      expect(Array.isArray(result('counting'))).toBe(true);
      expect(keysOf(result('child'))).toEqual(pipelineResultFields((byId.child as SubPipelineStepIR).pipeline).sort());
      expect(keysOf(result('pause'))).toEqual([...KIND_RESULTS.wait!.returns!].sort());
    });
  });
});
