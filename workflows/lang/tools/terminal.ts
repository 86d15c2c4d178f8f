import { defineTool } from './definition.js';

export const terminalTool = defineTool({
  name: 'terminal',
  description: 'Shell commands, run in the OS sandbox with the workspace as the only writable place.',
  actions: {
    execute: {
      description: 'Run a command with /bin/sh in the sandbox; a non-zero exit is a result, not a failure.',
      // py-orc's original research pipeline says `execute_command`.
      aliases: ['execute_command'],
      parameters: {
        command: { type: 'string', required: true, description: 'the shell command line' },
        cwd: {
          type: 'string',
          default: '.',
          description: 'working folder relative to the workspace root',
          aliases: ['working_dir'],
        },
        timeout: { type: 'number', default: 30, description: 'seconds before the command is killed' },
        env: { type: 'object', description: 'extra environment variables, name to string value' },
      },
      inert: {
        capture_output:
          "stdout and stderr are always captured into the result (py-orc's false sends them to the worker's own output, which a sandboxed command on a remote worker has no use for)",
      },
      returns: ['success', 'stdout', 'stderr', 'return_code', 'command', 'working_dir', 'execution_time'],
      result:
        '{ success, stdout, stderr, return_code, command, working_dir, execution_time } — success is return_code == 0; working_dir is the folder it ran in (workspace-relative); execution_time is seconds',
    },
  },
});
