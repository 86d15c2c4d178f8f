// Running the cluster's tools (go, initdb, temporal-sql-tool) as child processes, bounded in
// time, with the command and its output in any error so a failure says exactly what failed.
import { spawn } from 'node:child_process';

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Text written to the command's standard input, then closed. */
  input?: string;
  /** Run as this user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number };
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export class CommandFailedError extends Error {
  constructor(
    readonly commandLine: string,
    readonly output: string,
    reason: string,
  ) {
    super(`${commandLine}\n  ${reason}\n${indent(lastLines(output, 30))}`);
    this.name = 'CommandFailedError';
  }
}

export function runCommand(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  const commandLine = [command, ...args].map(quoteForShell).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options.user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new CommandFailedError(commandLine, stdout + stderr, `did not finish within ${options.timeoutMs / 1000} s`),
      );
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new CommandFailedError(commandLine, '', `could not be started: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandFailedError(commandLine, stdout + stderr, `exited with ${code ?? signal}`));
    });
  });
}

function quoteForShell(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
