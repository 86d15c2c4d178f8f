// python-executor.execute: py-orc's Python tool, in the sandbox without network.
import { requiredText, runCode, timeoutOf } from './code-runner.js';
import type { ToolImplementation } from './tool-implementation.js';

export const pythonExecutor: ToolImplementation = {
  async execute(parameters, context) {
    return runCode(
      {
        language: 'python',
        code: requiredText(parameters, 'code'),
        inputs: parameters.inputs,
        timeoutSeconds: timeoutOf(parameters),
        network: false,
      },
      context,
    );
  },
};
