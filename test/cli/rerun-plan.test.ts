// Which steps a rerun runs live (client/rerun-plan.ts): what an edit changed and what depends
// on it; what does not change a call (lines moved, retries, timeouts, names) changes nothing.
import { describe, expect, it } from 'vitest';
import { planRerun } from '../../client/rerun-plan.js';
import { compileTest } from '../support/test-tools.js';

const PIPELINE = `id: plan
model: openai:gpt-4o-mini
steps:
  - {id: fetch, tool: test, action: echo, parameters: {value: one}}
  - {id: draft, action: generate, parameters: {prompt: "draft {{ fetch }}"}}
  - {id: check, tool: test, action: echo, depends_on: [draft], parameters: {value: two}}
  - id: each
    for_each: "{{ [1, 2] }}"
    steps:
      - {id: part, tool: test, action: echo, parameters: {value: "{{ item }}"}}
  - {id: last, tool: test, action: echo, parameters: {value: "{{ each }}"}}
`;

const plan = (edited: string, from?: string) => planRerun(compileTest(PIPELINE), compileTest(edited), from);

describe('planRerun', () => {
  it('runs nothing live for the same pipeline, or one whose lines moved and whose retries, timeouts and names changed', () => {
    expect(plan(PIPELINE)).toEqual({ live: [], changed: [] });
    const cosmetic = `# a comment that moves every line\n${PIPELINE}`
      .replace('{id: fetch,', '{id: fetch, name: Fetch it, timeout: 5m, retry: {max_attempts: 7},')
      .replace('{id: check,', '{id: check, summary: "checking",');
    expect(plan(cosmetic)).toEqual({ live: [], changed: [] });
  });

  it('runs a changed step and everything that depends on it, through templates and depends_on', () => {
    expect(plan(PIPELINE.replace('value: one', 'value: uno'))).toEqual({
      live: ['fetch', 'draft', 'check'],
      changed: ['fetch'],
    });
    expect(plan(PIPELINE.replace('value: "{{ item }}"', 'value: "item {{ item }}"'))).toEqual({
      live: ['each', 'last'],
      changed: ['each'],
    });
  });

  it('sees a model changed through the pipeline default, and a step the edit adds', () => {
    expect(plan(PIPELINE.replace('model: openai:gpt-4o-mini', 'model: openai:gpt-4o')).changed).toEqual(['draft']);
    expect(plan(`${PIPELINE}  - {id: extra, tool: test, action: echo, parameters: {value: new}}\n`)).toEqual({
      live: ['extra'],
      changed: ['extra'],
    });
  });

  it('adds --from STEP and its dependents; refuses an unknown or a nested step', () => {
    expect(plan(PIPELINE, 'draft')).toEqual({ live: ['draft', 'check'], changed: [] });
    expect(() => plan(PIPELINE, 'dratf')).toThrow('has no step "dratf" (did you mean "draft"?)');
    expect(() => plan(PIPELINE, 'part')).toThrow('"part" is a step inside "each"');
  });
});
