// What terminal, python-executor and code share: reading their parameters, running a program
// in the sandbox, and the py-orc result shape.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import {
  runSandboxed,
  SANDBOX_LIMITS,
  type ProgramPaths,
  type SandboxOutcome,
  type SandboxOwner,
} from '../sandbox/index.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext } from './tool-implementation.js';
import { parseJsonOr } from '../../workflows/lang/json-text.js';

export type Language = 'python' | 'javascript' | 'shell';

export interface CodeRun {
  language: Language;
  code: string;
  inputs: unknown;
  timeoutSeconds: number;
  network: boolean;
}

const PYTHON = '/usr/bin/python3';

// Loads the inputs as `inputs` and runs the program as __main__, so tracebacks name its lines.
const PYTHON_RUNNER = `import json, os, runpy, sys
with open(os.environ["ORC_INPUTS_FILE"], encoding="utf-8") as handle:
    inputs = json.load(handle)
sys.argv = [os.environ["ORC_PROGRAM"]]
sys.path.insert(0, os.getcwd())
runpy.run_path(os.environ["ORC_PROGRAM"], init_globals={"inputs": inputs}, run_name="__main__")
`;
const NODE_PRELUDE =
  'globalThis.inputs = JSON.parse(require("node:fs").readFileSync(process.env.ORC_INPUTS_FILE, "utf8"));\n';

const PROGRAMS: Record<Language, { file: string; command: (paths: ProgramPaths) => string[] }> = {
  python: { file: 'program.py', command: (paths) => [PYTHON, `${paths.files}/run.py`] },
  javascript: {
    file: 'program.cjs',
    command: (paths) => [process.execPath, '-r', `${paths.files}/prelude.cjs`, `${paths.files}/program.cjs`],
  },
  shell: { file: 'program.sh', command: (paths) => ['/bin/sh', `${paths.files}/program.sh`] },
};

/** { success, stdout, stderr, exit_code, result } of python-executor and code. */
export async function runCode(run: CodeRun, context: ToolContext) {
  const program = PROGRAMS[run.language];
  const outcome = await runSandboxed({
    command: program.command,
    files: {
      [program.file]: run.code,
      'inputs.json': JSON.stringify(run.inputs ?? {}),
      'run.py': PYTHON_RUNNER,
      'prelude.cjs': NODE_PRELUDE,
    },
    env: (paths) => ({ ORC_INPUTS_FILE: `${paths.files}/inputs.json`, ORC_PROGRAM: `${paths.files}/${program.file}` }),
    timeoutSeconds: run.timeoutSeconds,
    network: run.network,
    workspaceRoot: context.workspaceRoot,
    settings: context.settings.sandbox,
    signal: context.signal,
    readOnlyPaths: run.language === 'javascript' ? [process.execPath] : [],
    ...ownerOf(context),
  });
  return {
    success: outcome.exitCode === 0,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    exit_code: outcome.exitCode,
    result: parseJson(outcome.stdout),
  };
}

/** The activity the sandbox runs for, when the tool runs in one (not in a bare tool test). */
export function ownerOf(context: ToolContext): { owner?: SandboxOwner } {
  if (!context.activity) return {};
  return {
    owner: {
      workflowId: context.workflowId,
      runId: context.runId,
      activityId: context.activity.id,
      attempt: context.activity.attempt,
    },
  };
}

export function terminalResult(outcome: SandboxOutcome, command: string) {
  return {
    success: outcome.exitCode === 0,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    return_code: outcome.exitCode,
    command,
  };
}

function parseJson(stdout: string): unknown {
  return stdout.trim() === '' ? null : parseJsonOr(stdout, null);
}

export function requiredText(parameters: Record<string, unknown>, name: string): string {
  const value = parameters[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`parameter "${name}" must be non-empty text, not ${JSON.stringify(value)}`);
  return value;
}

export function timeoutOf(parameters: Record<string, unknown>): number {
  const value = parameters.timeout ?? 30;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (
    typeof seconds !== 'number' ||
    !Number.isFinite(seconds) ||
    seconds <= 0 ||
    seconds > SANDBOX_LIMITS.maxTimeoutSeconds
  ) {
    throw invalid(
      `parameter "timeout" must be a number of seconds between 0 and ${SANDBOX_LIMITS.maxTimeoutSeconds}, not ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

/** Step-given variables: names a shell accepts, values as text. */
export function environmentOf(parameters: Record<string, unknown>): Record<string, string> {
  const value = parameters.env;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('parameter "env" must be a mapping of variable names to values');
  const env: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalid(`"${name}" is not a valid environment variable name`);
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    // An environment entry ends at its first NUL: the value cannot be passed as it is.
    if (text.includes('\0'))
      throw invalid(
        `the value of the environment variable "${name}" in parameter "env" contains a NUL byte, which an environment variable cannot hold; remove it, or pass binary data in a file`,
      );
    env[name] = text;
  }
  return env;
}

/** Text that becomes a program's argument: a NUL byte would end it early, so it is refused. */
export function argumentText(parameters: Record<string, unknown>, name: string): string {
  const value = requiredText(parameters, name);
  if (value.includes('\0'))
    throw invalid(`parameter "${name}" contains a NUL byte, which a command line cannot hold; remove it`);
  return value;
}

export function invalid(message: string) {
  return toolFailure(ERROR_TYPES.toolError, message, { retryable: false });
}
