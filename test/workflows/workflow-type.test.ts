// Clients, schedules and sub-pipelines start the workflow by the name PIPELINE_WORKFLOW_TYPE; the
// worker registers it by its function's name. Both must stay the same.
import { describe, expect, it } from 'vitest';
import { PIPELINE_WORKFLOW_TYPE } from '../../workflows/messages.js';
import { runPipeline } from '../../workflows/run-pipeline.js';

describe('the workflow type', () => {
  it('is the name of the workflow function', () => {
    expect(runPipeline.name).toBe(PIPELINE_WORKFLOW_TYPE);
  });
});
