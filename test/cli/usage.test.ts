// How `orc` meets a person at the command line (commander, docs/cli.md "Help and usage"):
// help for every command, "did you mean" for a mistyped command or option, exit 2 for bad usage.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('orc help and usage', () => {
  it('lists the commands, and shows one command with its options', async () => {
    const overview = await runCli(['--help'], {});
    expect(overview.code, overview.stderr).toBe(0);
    expect(overview.stdout).toMatch(/^Usage: orc <command> \[options\]/);
    for (const command of ['run', 'validate', 'terminate', 'schedule', 'completion', 'help'])
      expect(overview.stdout).toMatch(new RegExp(`\\n  ${command} `));

    const helpValidate = await runCli(['help', 'validate'], {});
    expect(helpValidate.code, helpValidate.stderr).toBe(0);
    expect(helpValidate.stdout).toContain('Usage: orc validate [options] <FILE...>');
    // -o is a format (json, yaml) or, as for orc run, the folder that fills output_path.
    expect(helpValidate.stdout).toMatch(/-o, --output <FORMAT\|DIR> +json or yaml: print the diagnostics so/);
    expect((await runCli(['validate', '--help'], {})).stdout).toBe(helpValidate.stdout);

    const nested = await runCli(['help', 'schedule', 'create'], {});
    expect(nested.code, nested.stderr).toBe(0);
    expect(nested.stdout).toContain('Usage: orc schedule create [options] <FILE>');
    expect(nested.stdout).toContain('--every <DURATION>');

    const bare = await runCli([], {});
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: orc <command> [options]');
  });

  it('suggests the command or option meant, with exit 2 and no stack trace', async () => {
    const command = await runCli(['stauts', 'some-run'], {});
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('orc: unknown command "stauts"\n  hint: did you mean status?');

    const option = await runCli(['validate', 'pipelines/hello.yaml', '--jsno'], {});
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--jsno': orc validate does not take --jsno");
    expect(option.stderr).toContain('did you mean --json?');
    expect(option.stderr).toContain('usage: orc validate [options] <FILE...>');

    const sub = await runCli(['schedule', 'lsit'], {});
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('unknown schedule subcommand "lsit"\n  hint: did you mean list?');

    const missing = await runCli(['terminate'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'RUN'");

    const format = await runCli(['list', '-o', 'xml'], {});
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('orc: --output "xml" is not allowed\n  hint: one of: json, yaml');
    const folder = await runCli(['validate', 'pipelines/hello.yaml', '-o', 'xml'], {});
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('hint: -o json or -o yaml chooses how the result is printed');

    for (const run of [command, option, sub, missing, format, folder]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the version', async () => {
    const version = await runCli(['--version'], {});
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^orc \d+\.\d+\.\d+/);
  });
});
