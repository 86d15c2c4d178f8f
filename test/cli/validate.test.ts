// `orc validate` spawned as a subprocess: the diagnostics text and JSON of cli.md, exit codes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { compatRoot } from '../support/temporal.js';

describe('orc validate', () => {
  it('exits 0 for valid files and says so', async () => {
    const result = await runCli(['validate', 'pipelines/hello.yaml', join(compatRoot, '01_hello_filesystem.yaml'), join(compatRoot, '02_parallel_fanout_fanin.yaml')], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('pipelines/hello.yaml: valid');
    expect(result.stdout).toBe('');
  });

  it('prints diagnostics with the source line, a caret and a hint, and exits 2', async () => {
    const result = await runCli(['validate', 'test/golden/unknown-step.yaml'], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('test/golden/unknown-step.yaml:14:20: error[E_UNKNOWN_STEP]: step "summarise" references unknown step "serch"');
    expect(result.stdout).toContain('   14 |       content: "{{ serch.result }}"\n      |                    ^~~~~\n      = did you mean "search"?');
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
});
