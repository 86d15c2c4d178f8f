// terminal.execute: a shell command line in the sandbox (py-orc's name and result shape).
import { runSandboxed } from '../sandbox/index.js';
import { argumentText, environmentOf, ownerOf, terminalResult, timeoutOf } from './code-runner.js';
import type { ToolImplementation } from './tool-implementation.js';

export const terminal: ToolImplementation = {
  async execute(parameters, context) {
    const command = argumentText(parameters, 'command');
    const env = environmentOf(parameters);
    const cwd = parameters.cwd ?? parameters.working_dir ?? '.';
    const startedAt = performance.now();
    const outcome = await runSandboxed({
      command: () => ['/bin/sh', '-c', command],
      env: () => env,
      cwd: typeof cwd === 'string' ? cwd : String(cwd),
      timeoutSeconds: timeoutOf(parameters),
      network: false,
      workspaceRoot: context.workspaceRoot,
      settings: context.settings.sandbox,
      signal: context.signal,
      ...ownerOf(context),
    });
    // py-orc's terminal returns both, and its pipelines read them.
    return {
      ...terminalResult(outcome, command),
      working_dir: typeof cwd === 'string' ? cwd : String(cwd),
      execution_time: Math.round(performance.now() - startedAt) / 1000,
    };
  },
};
