// The tools' schemas (workflows/lang/tools, what the compiler checks) and their implementations
// (activities/tools, what a worker runs) are written apart: neither may drift from the other.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TOOL_IMPLEMENTATIONS } from '../../../activities/tools/index.js';
import { BUILT_IN_TOOLS, WORKFLOW_TOOLS } from '../../../workflows/lang/tools/index.js';

/** The tools a worker runs; the workflow runs the others itself (WORKFLOW_TOOLS). */
const ACTIVITY_TOOLS = Object.keys(BUILT_IN_TOOLS).filter((tool) => !WORKFLOW_TOOLS.includes(tool));

describe('built-in tools', () => {
  it('every tool the compiler offers has an implementation, and every implementation a schema', () => {
    expect(Object.keys(BUILT_IN_TOOL_IMPLEMENTATIONS).sort()).toEqual(ACTIVITY_TOOLS.sort());
  });

  it.each(ACTIVITY_TOOLS)('%s: the schema and the implementation have the same actions', (tool) => {
    const declared = Object.keys(BUILT_IN_TOOLS[tool]!.actions).sort();
    const implemented = Object.keys(BUILT_IN_TOOL_IMPLEMENTATIONS[tool]!).sort();
    expect(implemented).toEqual(declared);
  });
});
