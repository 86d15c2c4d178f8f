import { defineTool } from './definition.js';
import { SANDBOX_RUN_RESULT } from './sandbox-result.js';

export const codeTool = defineTool({
  name: 'code',
  description: 'Python, JavaScript or shell code, run in the OS sandbox.',
  actions: {
    run: {
      description: 'Run a program in the sandbox; with network only if the step asks and the worker allows it.',
      parameters: {
        language: {
          type: 'string',
          required: true,
          enum: ['python', 'javascript', 'shell'],
          description: 'python (Python 3), javascript (Node.js) or shell (/bin/sh)',
        },
        code: { type: 'string', required: true, description: 'the program source' },
        inputs: { type: 'object', description: 'values passed to the program as JSON' },
        timeout: { type: 'number', default: 30, description: 'seconds before the program is killed' },
        network: {
          type: 'boolean',
          default: false,
          description: 'allow network access; refused unless the worker allows it',
        },
      },
      returns: ['success', 'stdout', 'stderr', 'exit_code', 'result'],
      result: SANDBOX_RUN_RESULT,
    },
  },
});
