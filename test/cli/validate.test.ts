// `orc validate` spawned as a subprocess: the diagnostics text and JSON of cli.md, exit codes.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { compatRoot } from '../support/temporal.js';

describe('orc validate', () => {
  it('exits 0 for valid files and says so', async () => {
    const result = await runCli(
      [
        'validate',
        'pipelines/hello.yaml',
        join(compatRoot, '01_hello_filesystem.yaml'),
        join(compatRoot, '02_parallel_fanout_fanin.yaml'),
      ],
      {},
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('pipelines/hello.yaml: valid');
    expect(result.stdout).toBe('');
  });

  it('accepts original_research_report_pipeline.yaml: outputs it reads, locations it reads, requires_model on loops', async () => {
    const file = join(compatRoot, 'original_research_report_pipeline.yaml');
    const result = await runCli(['validate', file], {});
    expect(result.code, result.stdout).toBe(0);
    expect(result.stderr).toContain(`${file}: valid, 7 warnings`);
    expect(result.stdout).not.toContain('error[');
  });

  it('prints diagnostics with the source line, a caret and a hint, and exits 2', async () => {
    const result = await runCli(['validate', 'test/golden/unknown-step.yaml'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'test/golden/unknown-step.yaml:14:20: error[E_UNKNOWN_STEP]: step "summarise" references unknown step "serch"',
    );
    expect(result.stdout).toContain(
      '   14 |       content: "{{ serch.result }}"\n      |                    ^~~~~\n      = did you mean "search"?',
    );
  });

  it('rejects a file that reads a result field no step returns, at the read, before anything runs', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-result-field-'));
    const file = join(folder, 'p.yaml');
    await writeFile(
      file,
      'id: p\nsteps:\n  - {id: list, tool: terminal, action: execute, parameters: {command: ls}}\n' +
        '  - id: save\n    tool: filesystem\n    action: write\n' +
        '    parameters: {path: out.txt, content: "{{ list.stdout }} in {{ list.execution_tme }}"}\n',
    );
    const result = await runCli(['validate', file], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      `${file}:7:67: error[E_UNKNOWN_RESULT_FIELD]: step "save" reads "execution_tme" of step "list", whose result has no such field`,
    );
    expect(result.stdout).toContain('= did you mean "execution_time"?');
  });

  it("rejects a read of a field a model step's text answer does not have, saying how to read it", async () => {
    const result = await runCli(['validate', 'test/golden/model-result-field.yaml'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'test/golden/model-result-field.yaml:23:12: error[E_UNKNOWN_RESULT_FIELD]: step "use" reads "text" of step "draft", whose result has no such field',
    );
    expect(result.stdout).toContain(
      "= its result is text (the model's answer), with no fields: read it whole, as {{ draft.result }}",
    );
  });

  it('shows terminal control sequences from the file as visible escapes, never sends them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-escapes-'));
    const file = join(folder, 'escapes.yaml');
    // A title-setting OSC sequence, a clear-screen CSI and a one-byte C1 CSI inside a bad step.
    await writeFile(
      file,
      'steps:\n  - {id: "x\u001b]0;pwned\u0007", tool: "\u001b[2Jfilesytem\u009b1m", action: read}\n',
    );
    const result = await runCli(['validate', file], {});
    expect(result.code).toBe(2);
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).toContain('step id "x\\x1b]0;pwned\\x07" is not an identifier');
    expect(result.stdout).toContain('"\\x1b[2Jfilesytem\\x9b1m"');
    // The caret still spans the bad value, escapes included.
    const lines = result.stdout.split('\n');
    const source = lines.findIndex((line) => line.startsWith('   2 | '));
    const caret = /\^~*/.exec(lines[source + 1]!)!;
    expect(lines[source]!.slice(caret.index, caret.index + caret[0].length)).toBe('"x\\x1b]0;pwned\\x07"');
  });

  it('gives the JSON form with --json', async () => {
    const result = await runCli(['validate', 'test/golden/unknown-tool.yaml', '--json'], {});
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'test/golden/unknown-tool.yaml',
        line: 4,
        column: 11,
        end_line: 4,
        end_column: 20,
        severity: 'error',
        code: 'E_UNKNOWN_TOOL',
        message: 'step "read" uses unknown tool "filesytem"',
        hint: 'did you mean "filesystem"?',
        pointer: '/steps/0/tool',
      },
    ]);
  });

  it('refuses unknown commands and options with exit 2 and no stack trace', async () => {
    const unknownCommand = await runCli(['valdiate', 'x.yaml'], {});
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "valdiate"');
    const unknownOption = await runCli(['validate', '--jsn', 'x.yaml'], {});
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--jsn'");
    expect(unknownOption.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads py-orc's YAML: merge keys and under-indented quoted continuation lines (issue 16)", async () => {
    const result = await runCli(
      ['validate', 'test/golden/valid/merge-keys.yaml', 'test/golden/valid/yaml-indent.yaml', '--json'],
      {},
    );
    expect(result.code, result.stderr).toBe(0);
    const diagnostics = JSON.parse(result.stdout) as { code: string; line: number; file: string }[];
    expect(diagnostics.map((item) => `${item.file}:${item.line} ${item.code}`)).toEqual([
      'test/golden/valid/yaml-indent.yaml:11 W_YAML_INDENT',
      'test/golden/valid/yaml-indent.yaml:13 W_YAML_INDENT',
      'test/golden/valid/yaml-indent.yaml:18 W_YAML_INDENT',
      'test/golden/valid/yaml-indent.yaml:20 W_YAML_INDENT',
    ]);
  });

  it('shows one bad indentation as one error that names the key, not the parser cascade (issue 16)', async () => {
    const result = await runCli(['validate', 'test/golden/yaml-indentation.yaml'], {});
    expect(result.code).toBe(2);
    expect(result.stdout.match(/error\[/g)).toHaveLength(1);
    expect(result.stdout).toContain(
      'yaml-indentation.yaml:8:6: error[E_YAML_SYNTAX]: "parameters" is indented deeper than "action" above it',
    );
    expect(result.stdout).toContain('1 more YAML error after this one, not shown, most likely follows from it');
  });
});
