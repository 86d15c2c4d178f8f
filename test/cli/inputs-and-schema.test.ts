// `orc run`'s inputs from files (-i name=@file, --inputs file.json|yaml) and what it says when
// they cannot be read; `orc schema` and `orc compile` for editors and tools; `orc budget raise`'s
// usage errors. All through the spawned `orc`, against the suite's dev server.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const folder = await mkdtemp(join(tmpdir(), 'orc-inputs-'));

describe('orc run inputs from files', () => {
  it('reads -i name=@file as text and --inputs from YAML, -i winning over the file', async () => {
    const env = await cliEnvironment();
    await writeFile(join(folder, 'name.txt'), '{"not": "parsed"}');
    await writeFile(join(folder, 'inputs.yaml'), 'name: from-yaml\nfolder: greetings\n');
    const result = await runCli(
      [
        'run',
        'pipelines/hello.yaml',
        '--inputs',
        join(folder, 'inputs.yaml'),
        '-i',
        `name=@${join(folder, 'name.txt')}`,
        '--json',
      ],
      env,
      120_000,
    );
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as ResultDocument;
    // name is declared a string, so the file's JSON-looking text stays text.
    expect(document.inputs).toEqual({ name: '{"not": "parsed"}', folder: 'greetings' });
    expect(document.outputs.greeting).toBe('Hello, {"not": "parsed"}!');
    expect(await readFile(join(env.ORC_WORKSPACE, document.outputs.report as string), 'utf8')).toContain(
      '# Hello report',
    );
  }, 150_000);

  it('exits 2 and names the file when inputs cannot be read, before starting anything', async () => {
    const env = await cliEnvironment();
    await writeFile(join(folder, 'broken.json'), '{"name": ');
    await writeFile(join(folder, 'list.yaml'), '- name\n- folder\n');
    const cases: [string[], string][] = [
      [
        ['-i', `name=@${join(folder, 'missing.txt')}`],
        `input "name": cannot read "${join(folder, 'missing.txt')}": no such file`,
      ],
      [
        ['--inputs', join(folder, 'missing.json')],
        `--inputs: cannot read "${join(folder, 'missing.json')}": no such file`,
      ],
      [['--inputs', join(folder, 'broken.json')], `--inputs: "${join(folder, 'broken.json')}" is not valid JSON: `],
      [
        ['--inputs', join(folder, 'list.yaml')],
        `--inputs: "${join(folder, 'list.yaml')}" must hold a mapping of parameter names to values`,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['run', 'pipelines/hello.yaml', ...args], env);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toContain('Started run');
    }
  }, 240_000);

  it('shows the JSON -i reads when a list or an object is given as plain text', async () => {
    const env = await cliEnvironment();
    const pipeline = join(folder, 'topics.yaml');
    await writeFile(
      pipeline,
      'id: topics\nparameters:\n  topics: {type: array}\n  options: {type: object, default: {}}\n' +
        'steps:\n  - {id: say, tool: filesystem, action: write, parameters: {path: t.txt, content: "{{ topics }}"}}\n',
    );
    const list = await runCli(['run', pipeline, '-i', 'topics=a,b'], env);
    expect(list.code, list.stderr).toBe(2);
    expect(list.stderr).toContain('input "topics" must be an array, not "a,b"');
    expect(list.stderr).toContain(`-i reads a value as JSON, so write -i topics='["a","b"]'`);
    const object = await runCli(['run', pipeline, '-i', 'topics=["a"]', '-i', 'options=fast'], env);
    expect(object.code, object.stderr).toBe(2);
    expect(object.stderr).toContain(`write -i options='{"key":"value"}'`);
    expect(object.stderr).not.toContain('Started run');
  }, 120_000);
});

describe('orc schema and orc compile', () => {
  it('prints the JSON Schema of the language, and the IR of a pipeline', async () => {
    const env = await cliEnvironment();
    const schema = await runCli(['schema'], env);
    expect(schema.code, schema.stderr).toBe(0);
    const document = JSON.parse(schema.stdout) as { properties?: Record<string, unknown>; required?: string[] };
    expect(Object.keys(document.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'parameters', 'steps', 'outputs']),
    );

    // --tools: each action's result fields, the ones `{{ step.field }}` reads are checked against.
    const tools = await runCli(['schema', '--tools'], env);
    expect(tools.code, tools.stderr).toBe(0);
    const actions = JSON.parse(tools.stdout) as Record<
      string,
      { actions: Record<string, { returns: string[] | null }> }
    >;
    expect(actions.terminal?.actions.execute?.returns).toEqual(
      expect.arrayContaining(['working_dir', 'execution_time']),
    );
    expect(actions.filesystem?.actions.read?.returns).toEqual(['success', 'path', 'content', 'size']);

    // --results: the other step kinds' result fields (a text answer has none).
    const results = await runCli(['schema', '--results'], env);
    expect(results.code, results.stderr).toBe(0);
    const kinds = JSON.parse(results.stdout) as {
      model_actions: Record<string, { returns: string[] | null }>;
      every_step: string[];
    };
    expect(kinds.model_actions.generate?.returns).toEqual([]);
    expect(kinds.model_actions.transcribe_audio?.returns).toEqual(['text', 'language', 'duration_s']);
    expect(kinds.model_actions.generate_structured?.returns).toBeNull();
    const kindsWithSteps = kinds as unknown as { step_kinds: Record<string, { returns: string[] | null }> };
    expect(kindsWithSteps.step_kinds['feedback-collection']?.returns).toEqual(
      expect.arrayContaining(['approved', 'rejection_reason', 'modified_content', 'summary']),
    );
    expect(kindsWithSteps.step_kinds.loop?.returns).toEqual([]);
    expect(kinds.every_step).toEqual(expect.arrayContaining(['status', 'usage', 'cost_usd', 'turns']));

    const compiled = await runCli(['compile', 'pipelines/hello.yaml'], env);
    expect(compiled.code, compiled.stderr).toBe(0);
    const ir = JSON.parse(compiled.stdout) as PipelineIR;
    expect(ir.id).toBe('hello');
    expect(Object.keys(ir.parameters)).toEqual(['name', 'folder']);
  }, 120_000);

  it('exits 2 with the diagnostics for an invalid file, and with the usage without one', async () => {
    const env = await cliEnvironment();
    await writeFile(
      join(folder, 'invalid.yaml'),
      'id: broken\nsteps:\n  - id: a\n    tool: filesystem\n    action: fly\n',
    );
    const invalid = await runCli(['compile', join(folder, 'invalid.yaml')], env);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain(`${join(folder, 'invalid.yaml')}:5:`);
    expect(invalid.stderr).toContain('fly');
    const usage = await runCli(['compile'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("orc: missing required argument 'FILE'");
    expect(usage.stderr).toContain('usage: orc compile [options] <FILE>');
  }, 120_000);
});

describe('orc budget raise', () => {
  it('says how to use it, with exit 2, before looking for the run', async () => {
    const env = await cliEnvironment();
    const cases: [string[], string][] = [
      [['budget', 'lower', 'some-run'], 'orc: unknown budget subcommand "lower"'],
      [['budget', 'raise', 'some-run'], 'orc budget raise needs --usd N or --tokens N'],
      [['budget', 'raise', 'some-run', '--usd', 'lots'], '--usd must be a positive number, not "lots"'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(message);
    }
  }, 180_000);
});
