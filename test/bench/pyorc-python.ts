// py-orc for the `pyorc` scenario: found at ../shared/peers/py-orc (BENCH_PYORC_DIR), run by
// a Python 3.11+ venv kept between bench runs (BENCH_PYORC_VENV, default
// ~/.orc/bench/py-orc-venv) into which pip installs py-orc and its dependencies once. Every way
// this can fail is a reason to skip the scenario, said in one line — never a stack trace.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PYORC_DIR = resolve(process.env.BENCH_PYORC_DIR ?? join(REPO_ROOT, '..', 'shared', 'peers', 'py-orc'));
const VENV = resolve(process.env.BENCH_PYORC_VENV ?? join(homedir(), '.orc', 'bench', 'py-orc-venv'));
export const DRIVER = fileURLToPath(new URL('./pyorc-driver.py', import.meta.url));
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface Completed {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (or the timeout), with its output kept. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs: number },
): Promise<Completed> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** The venv's python with py-orc installed, or why py-orc cannot run here. */
export async function pyorcPython(): Promise<{ python: string } | { skipped: string }> {
  const pyproject = join(PYORC_DIR, 'pyproject.toml');
  if (!existsSync(pyproject)) return { skipped: `py-orc is not installed at ${PYORC_DIR} (set BENCH_PYORC_DIR)` };
  const python = join(VENV, 'bin', 'python');
  const stamp = join(VENV, 'py-orc-installed');
  const wanted = createHash('sha256')
    .update(await readFile(pyproject))
    .digest('hex');
  if (existsSync(python) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === wanted) return { python };
  const version = await runCommand('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], {
    timeoutMs: 30_000,
  });
  if (version.stdout.trim() !== 'True')
    return {
      skipped: `py-orc needs Python 3.11 or newer as python3 (${lastLine(version.stderr) || 'found an older one'})`,
    };
  await mkdir(VENV, { recursive: true });
  const venv = await runCommand('python3', ['-m', 'venv', '--system-site-packages', VENV], { timeoutMs: 120_000 });
  if (venv.code !== 0) return { skipped: `could not create a venv at ${VENV}: ${lastLine(venv.stderr)}` };
  console.error(`pyorc: installing py-orc and its Python dependencies into ${VENV} (once)`);
  const install = await runCommand(python, ['-m', 'pip', 'install', '--quiet', PYORC_DIR], {
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  if (install.code !== 0)
    return {
      skipped: `py-orc's Python dependencies are missing and pip could not install them: ${lastLine(install.stderr)}`,
    };
  await writeFile(stamp, wanted);
  return { python };
}
