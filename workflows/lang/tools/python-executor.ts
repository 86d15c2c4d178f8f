import { defineTool } from './definition.js';
import { SANDBOX_RUN_RESULT } from './sandbox-result.js';

export const pythonExecutorTool = defineTool({
  name: 'python-executor',
  description: "Python code, run in the OS sandbox (py-orc's name; the `code` tool runs other languages too).",
  actions: {
    execute: {
      description: 'Run a Python 3 script in the sandbox, without network.',
      parameters: {
        code: { type: 'string', required: true, description: 'the Python source' },
        timeout: { type: 'number', default: 30, description: 'seconds before the script is killed' },
        inputs: { type: 'object', description: 'values passed to the script as JSON' },
      },
      returns: ['success', 'stdout', 'stderr', 'exit_code', 'result'],
      result: SANDBOX_RUN_RESULT,
    },
  },
});
