// Loading custom tools from ORC_TOOLS: the example tool loads and compiles, its actions run,
// and every kind of bad module is a ConfigError that names the module and the problem.
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ToolCallOutput } from '../../workflows/activity-interfaces.js';
import { ConfigError, loadCustomTools, toolModulesFromEnv } from '../../workers/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { BUILT_IN_TOOLS } from '../../workflows/lang/tools/index.js';
import { repoRoot } from '../support/temporal.js';

const example = join(repoRoot, 'examples/custom-tools/text-tool.ts');
const fixture = (name: string) => join(repoRoot, 'test/tools-plugin/fixtures', name);

async function configError(modules: string[]): Promise<string> {
  const error = await loadCustomTools(modules).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('loading custom tools', () => {
  it('reads ORC_TOOLS as comma-separated paths relative to the current folder', () => {
    expect(toolModulesFromEnv({ ORC_TOOLS: ' examples/a.ts, /abs/b.js ,' })).toEqual([
      join(process.cwd(), 'examples/a.ts'),
      '/abs/b.js',
    ]);
    expect(toolModulesFromEnv({})).toEqual([]);
  });

  it('adds the example tool to the built-ins for the compiler and its implementation for the worker', async () => {
    const loaded = await loadCustomTools([example, fixture('named-export.ts')]);
    expect(Object.keys(loaded.definitions)).toEqual([...Object.keys(BUILT_IN_TOOLS), 'text', 'counter']);
    expect(Object.keys(loaded.implementations)).toEqual(['text', 'counter']);
    expect(Object.keys(loaded.definitions.text!.actions)).toEqual(['slugify', 'word_count', 'hash']);
  });

  it('checks steps against the definition: parameters, their types and enums', async () => {
    const { definitions } = await loadCustomTools([example]);
    const compile = (parameters: string) =>
      compilePipeline(`id: t\nsteps:\n  - id: s\n    tool: text\n    action: hash\n    parameters: ${parameters}\n`, {
        file: 't.yaml',
        tools: definitions,
      });
    expect(compile('{text: hi, algorithm: md5}').ir).toBeDefined();
    const misspelt = compile('{txt: hi}').diagnostics.map((item) => `${item.code} ${item.message} ${item.hint ?? ''}`);
    expect(misspelt).toContain('E_TOOL_PARAMETER text.hash has no parameter "txt" did you mean "text"?');
    expect(compile('{text: hi, algorithm: sha512}').diagnostics[0]?.message).toContain(
      'must be one of "sha256", "sha1", "md5"',
    );
    // hash declares returns: a field it does not return is refused; slugify declares none, so it is not checked.
    const reads = (action: string, field: string) =>
      compilePipeline(
        `id: t\nsteps:\n  - {id: s, tool: text, action: ${action}, parameters: {text: hi}}\n` +
          `  - {id: r, tool: text, action: slugify, parameters: {text: "{{ s.${field} }}"}}\n`,
        { file: 't.yaml', tools: definitions },
      ).diagnostics.map((item) => `${item.code} ${item.hint ?? ''}`);
    expect(reads('hash', 'digets')).toEqual(['E_UNKNOWN_RESULT_FIELD did you mean "digest"?']);
    expect(reads('hash', 'digest')).toEqual([]);
    expect(reads('slugify', 'anything')).toEqual([]);
    expect(
      compilePipeline('id: t\nsteps:\n  - {id: s, tool: text, action: slugify, parameters: {text: a}}\n', {
        file: 't.yaml',
      }).diagnostics[0]?.code,
    ).toBe('E_UNKNOWN_TOOL');
  });

  it('runs the example actions through the runTool activity', async () => {
    const { implementations } = await loadCustomTools([example]);
    const runTool = createActivities({ workspaceRoot: repoRoot, tools: implementations }).runTool;
    const call = async (action: string, parameters: Record<string, unknown>): Promise<unknown> => {
      const output: ToolCallOutput = await new MockActivityEnvironment().run(runTool, {
        tool: 'text',
        action,
        parameters,
        step_id: 's',
        workflow_id: 'w',
        run_id: 'r',
      });
      return output.result;
    };
    expect(await call('slugify', { text: 'Crème Brûlée: A History!', max_length: 15 })).toEqual({
      slug: 'creme-brulee-a',
    });
    expect(await call('slugify', { text: 'Hello World', separator: '_' })).toEqual({ slug: 'hello_world' });
    expect(await call('word_count', { text: 'One two. Three!\nFour?' })).toEqual({
      words: 4,
      characters: 21,
      lines: 2,
      sentences: 3,
    });
    expect(await call('hash', { text: 'abc', algorithm: 'sha1' })).toEqual({
      algorithm: 'sha1',
      digest: 'a9993e364706816aba3e25717850c26c9cd0d89d',
    });
    await expect(call('hash', { text: 'abc', algorithm: 'crc' })).rejects.toMatchObject({
      type: 'InvalidParameter',
      nonRetryable: true,
    });
  });

  it('refuses a missing file, a module that fails to load and one without a tool', async () => {
    expect(await configError([fixture('missing.ts')])).toBe(
      `ORC_TOOLS: no custom tool module at ${fixture('missing.ts')}`,
    );
    expect(await configError([fixture('throws-on-load.ts')])).toContain(
      'could not be loaded: cannot find the license key',
    );
    expect(await configError([fixture('no-export.ts')])).toContain(
      'the module exports no tool: export default defineCustomTool',
    );
  });

  it('lists every problem of an invalid definition', async () => {
    const message = await configError([fixture('invalid-definition.ts')]);
    expect(message).toContain('is not a valid custom tool');
    expect(message).toContain('the name must be lower-case letters');
    expect(message).toContain('action "run" parameter "count" has type "float"');
    expect(message).toContain('action "stop" needs "result"');
    expect(message).toContain('action "stop": "returns" must be a list of the result\'s field names');
    expect(message).toContain('the implementation has no function for action "stop"');
  });

  it("refuses a built-in's name and two modules defining the same tool", async () => {
    expect(await configError([fixture('clashes-with-built-in.ts')])).toContain(
      'defines tool "filesystem", which is a name orc already uses',
    );
    expect(await configError([example, example])).toContain('both define tool "text"');
  });
});
