// terminal.execute: a shell command line in the sandbox (py-orc's name and result shape).
import { runSandboxed } from '../sandbox/index.js';
import { argumentText, environmentOf, ownerOf, terminalResult, timeoutOf } from './code-runner.js';
import type { ToolImplementation } from './tool-implementation.js';

export const terminal: ToolImplementation = {
  async execute(parameters, context) {
    const command = argumentText(parameters, 'command');
    const env = environmentOf(parameters);
    const cwd = parameters.cwd ?? parameters.working_dir ?? '.';
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
    return terminalResult(outcome, command);
  },
};
