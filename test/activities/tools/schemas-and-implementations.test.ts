// The tools' schemas (workflows/lang/tools, what the compiler checks) and their implementations
// (activities/tools, what a worker runs) are written apart: neither may drift from the other.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TOOL_IMPLEMENTATIONS } from '../../../activities/tools/index.js';
import { BUILT_IN_TOOLS } from '../../../workflows/lang/tools/index.js';

describe('built-in tools', () => {
  it('every tool the compiler offers has an implementation, and every implementation a schema', () => {
    expect(Object.keys(BUILT_IN_TOOL_IMPLEMENTATIONS).sort()).toEqual(Object.keys(BUILT_IN_TOOLS).sort());
  });

  it.each(Object.keys(BUILT_IN_TOOLS))('%s: the schema and the implementation have the same actions', (tool) => {
    const declared = Object.keys(BUILT_IN_TOOLS[tool]!.actions).sort();
    const implemented = Object.keys(BUILT_IN_TOOL_IMPLEMENTATIONS[tool]!).sort();
    expect(implemented).toEqual(declared);
  });
});
