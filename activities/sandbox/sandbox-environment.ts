// The program's environment travels in a staged file (mode 0600/0640, staging.ts), not on a
// command line: bwrap's --setenv arguments were in /proc/PID/cmdline, which every local user
// can read, secrets in `env` included (issue 11). Inside the sandbox a few lines of /bin/sh
// export the file's assignments and become (exec) the program, whose own command line and
// environment are then exactly what they were before.

/** The staged file's name, at /orc/environment inside the sandbox. */
export const ENVIRONMENT_FILE = 'environment';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The file: one `NAME='value'` per variable, quoted for the shell. */
export function environmentScript(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      // The tools refuse these with a ToolError first (code-runner.ts): reaching here is a bug.
      if (!VARIABLE_NAME.test(name) || value.includes('\0'))
        throw new Error(`environment variable ${JSON.stringify(name)} reached the sandbox unchecked`);
      return `${name}='${value.replaceAll("'", "'\\''")}'\n`;
    })
    .join('');
}

/** `command`, started inside the sandbox with the environment staged at `filesPath`. */
export function withStagedEnvironment(filesPath: string, command: readonly string[]): string[] {
  return ['/bin/sh', '-c', `set -a; . ${filesPath}/${ENVIRONMENT_FILE}; set +a; exec "$@"`, 'orc-sandbox', ...command];
}
