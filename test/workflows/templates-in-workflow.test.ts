// The template engine inside the real workflow sandbox on the dev server: filters, loops,
// typed values and deterministic time render as in the table tests, and a template that fails
// at run time fails its step with TemplateError before the tool runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { withWorker } from '../support/temporal.js';

const PIPELINE = `
id: templates
parameters:
  names: [carol, alice, bob]
  people: [{name: Ada, age: 36}, {name: Alan, age: 41}]
steps:
  - id: render
    tool: filesystem
    action: write
    parameters:
      path: rendered.txt
      content: |
        {% for name in names | sort %}
        {{ loop.index }}. {{ name | title }}{{ ',' if not loop.last }}
        {% endfor %}
        oldest: {{ people | sort(attribute='age') | map(attribute='name') | last }}
        total: {{ people | sum(attribute='age') }}
        json: {{ people | map(attribute='name') | list | tojson }}
        run: {{ execution.pipeline }} {{ execution.date | length }}
  - id: typed
    tool: filesystem
    action: write
    parameters:
      path: typed.json
      content: "{{ people | map(attribute='age') | list }}"
  - id: broken
    tool: filesystem
    action: write
    parameters:
      path: never.txt
      # A key computed at run time: written literally it is E_UNKNOWN_RESULT_FIELD at compile time.
      content: "{{ render.result['no_such' ~ '_field'] }}"
`;

describe('templates inside the workflow', () => {
  it('render in the workflow sandbox; a runtime template error fails the step before the tool runs', async () => {
    const { ir } = compilePipeline(PIPELINE, { file: 'templates.yaml' });
    expect(ir).toBeDefined();
    await withWorker(async ({ client, taskQueue, workspaceRoot }) => {
      const failure = await client.workflow
        .execute('runPipeline', { taskQueue, workflowId: `templates-${taskQueue}`, args: [{ ir: ir!, inputs: {} }] })
        .catch((error: unknown) => error as WorkflowFailedError);
      const document = ((failure as WorkflowFailedError).cause as ApplicationFailure).details?.[0] as ResultDocument;
      expect(await readFile(join(workspaceRoot, 'rendered.txt'), 'utf8')).toBe(
        '1. Alice,\n2. Bob,\n3. Carol\noldest: Alan\ntotal: 77\njson: ["Ada", "Alan"]\nrun: templates 10\n',
      );
      // A value that is one {{ }} keeps its type: the list is written as JSON.
      expect(JSON.parse(await readFile(join(workspaceRoot, 'typed.json'), 'utf8'))).toEqual([36, 41]);
      expect(document.steps.broken).toMatchObject({ status: 'failed', attempts: 0, error: { type: 'TemplateError' } });
      expect(document.steps.broken?.error?.message).toContain('no_such_field');
      await expect(readFile(join(workspaceRoot, 'never.txt'))).rejects.toThrow();
    });
  });
});
