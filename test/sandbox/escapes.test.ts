// Escape attempts, each through a real pipeline on the real server: untrusted code tries to
// read, write, reach, exhaust or signal what is outside its sandbox. Each must end with a typed
// error or harmless output, and the worker must run the next sandboxed step afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultDocument, StepReport } from '../../workflows/result-document.js';
import { runPipelineDocument } from '../support/run-document.js';
import { repoRoot } from '../support/temporal.js';
import {
  attackPipeline,
  bubblewrapProblem,
  python,
  shell,
  startSharedWorker,
  type SharedWorker,
} from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the sandbox escape tests: ${problem}`);

const FAKE_KEY = 'sk-fake-escape-test-0123456789';
let worker: SharedWorker;
let server: Server;
let serverHits = 0;
let counter = 0;

beforeAll(async () => {
  if (problem) return;
  process.env.OPENAI_API_KEY = FAKE_KEY;
  server = createServer((_request, response) => {
    serverHits++;
    response.end('secret from the loopback server');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker = await startSharedWorker();
});
afterAll(async () => {
  delete process.env.OPENAI_API_KEY;
  await worker?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Runs the attack and checks that the worker still runs sandboxed code afterwards. */
async function attack(step: Record<string, unknown>): Promise<StepReport> {
  const document: ResultDocument = await runPipelineDocument(
    worker.engine,
    attackPipeline(`escape_${counter++}`, step),
  );
  expect(document.steps.after).toMatchObject({ status: 'completed', result: { success: true, stdout: 'alive\n' } });
  return document.steps.attack!;
}

const output = (step: StepReport) => {
  const result = step.result as { stdout: string; stderr: string };
  return `${result.stdout}\n${result.stderr}`;
};

describe.skipIf(problem !== undefined)('escape attempts through real pipelines', () => {
  it('cannot read /etc/shadow', async () => {
    const step = await attack(shell('cat /etc/shadow'));
    expect(step).toMatchObject({ status: 'completed', result: { success: false, return_code: 1 } });
    expect(output(step)).toContain('No such file');
  });

  it('cannot list /root or /home', async () => {
    const step = await attack(shell('ls -a /root /home'));
    expect(step.result).toMatchObject({ success: false, stdout: '' });
    expect(output(step)).toMatch(/No such file/);
  });

  it("cannot read the repository's files", async () => {
    const step = await attack(shell(`cat ${join(repoRoot, 'package.json')}`));
    expect(step.result).toMatchObject({ success: false, stdout: '' });
  });

  it("sees none of the worker's environment (a fake OPENAI_API_KEY is set in the worker)", async () => {
    const step = await attack(python('import os, json\nprint(json.dumps(dict(os.environ)))'));
    const environment = (step.result as { result: Record<string, string> }).result;
    const allowed = [
      'HOME',
      'LANG',
      'LC_CTYPE',
      'PWD',
      'OMP_NUM_THREADS',
      'OPENBLAS_NUM_THREADS',
      'ORC_INPUTS_FILE',
      'ORC_PROGRAM',
      'PATH',
      'PYTHONDONTWRITEBYTECODE',
      'TMPDIR',
    ];
    expect(Object.keys(environment).filter((name) => !allowed.includes(name))).toEqual([]);
    expect(output(step)).not.toContain(FAKE_KEY);
  });

  it("cannot read the worker's environment through /proc (1, self, and every pid it can see)", async () => {
    const step = await attack(
      shell('cat /proc/1/environ /proc/*/environ 2>&1; grep -r sk- /proc/*/environ 2>&1; echo done'),
    );
    expect(output(step)).not.toContain(FAKE_KEY);
    expect(output(step)).not.toContain('OPENAI');
  });

  it("sees only its own processes, not the worker's", async () => {
    const step = await attack(shell('ls /proc | grep -E "^[0-9]+$"'));
    const pids = (step.result as { stdout: string }).stdout.trim().split('\n');
    expect(pids.length).toBeLessThan(6);
    expect(pids).not.toContain(String(process.pid));
  });

  it('cannot kill the worker (kill -9 of its pid, and of every process it can see)', async () => {
    const step = await attack(shell(`kill -9 ${process.pid}; kill -9 -1; echo still-here`));
    expect(output(step)).toMatch(/No such process|still-here|^$/m);
    expect(process.kill(process.pid, 0)).toBe(true);
  });

  it("writes to /tmp land in a private tmpfs, never the host's /tmp", async () => {
    const name = `orc-escape-${process.pid}-${Date.now()}`;
    const step = await attack(shell(`echo owned > /tmp/${name} && cat /tmp/${name}`));
    expect(step.result).toMatchObject({ success: true, stdout: 'owned\n' });
    expect(existsSync(`/tmp/${name}`)).toBe(false);
  });

  it('cannot write to /usr, /etc or the root folder', async () => {
    const name = `orc-escape-${process.pid}`;
    const step = await attack(
      shell(`touch /usr/bin/${name} /etc/${name} /${name} /orc/${name}; ls /usr/bin/${name} /etc/${name} /orc/${name}`),
    );
    expect(step.result).toMatchObject({ success: false });
    expect(output(step)).toMatch(/Read-only file system|Permission denied/);
    for (const path of [`/usr/bin/${name}`, `/etc/${name}`, `/${name}`]) expect(existsSync(path)).toBe(false);
  });

  it('a symlink to / in the workspace shows only the sandbox, and the filesystem tool refuses it', async () => {
    const step = await attack(shell('ln -s / rootlink && ls rootlink/ && cat rootlink/etc/shadow'));
    const listing = (step.result as { stdout: string }).stdout.trim().split('\n');
    expect(listing.sort()).toEqual(expect.arrayContaining(['orc', 'proc', 'tmp', 'usr', 'workspace']));
    expect(listing).not.toContain('root');
    expect(listing).not.toContain('home');
    expect(output(step)).toContain('No such file');
    // The link now sits in the host's workspace: the filesystem tool must not follow it out.
    const read = await attack({ tool: 'filesystem', action: 'read', parameters: { path: 'rootlink/etc/hostname' } });
    expect(read).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
  });

  it('cannot climb out with .. (in the command, and as the working folder)', async () => {
    const step = await attack(shell('cd ../../../.. && pwd && ls && cat ../../../etc/shadow'));
    expect(output(step)).not.toContain('root');
    expect(step.result).toMatchObject({ success: false });
    const cwd = await attack(shell('ls', { cwd: '../..' }));
    expect(cwd).toMatchObject({ status: 'failed', error: { type: 'PathOutsideWorkspace' } });
  });

  it('cannot reach a server on loopback started by the test', async () => {
    const port = (server.address() as AddressInfo).port;
    const step = await attack(
      python(`import urllib.request\nprint(urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=3).read())`),
    );
    expect(step.result).toMatchObject({ success: false });
    expect(output(step)).toMatch(/Connection refused|Network is unreachable|Cannot assign/);
    expect(output(step)).not.toContain('secret from the loopback server');
    expect(serverHits).toBe(0);
  });

  it('has no DNS and no outside network', async () => {
    const step = await attack(python('import socket\nsocket.getaddrinfo("example.com", 443)'));
    expect(step.result).toMatchObject({ success: false });
    expect(output(step)).toContain('gaierror');
  });

  it('asking for network is refused when the worker does not allow it, saying how to allow it', async () => {
    const step = await attack({
      tool: 'code',
      action: 'run',
      parameters: { language: 'python', code: 'print(1)', network: true },
    });
    expect(step).toMatchObject({ status: 'failed', error: { type: 'NetworkNotAllowed' } });
    expect(step.error?.message).toContain('ORC_SANDBOX_NETWORK=allow');
  });

  it('a fork bomb hits the process limit and dies with the sandbox; nothing is left running', async () => {
    const started = Date.now();
    const step = await attack(shell('bomb() { bomb | bomb & }; bomb; sleep 2; echo bombed', { timeout: 10 }));
    expect(step.status).toBe('completed');
    expect(output(step)).toMatch(/Cannot fork|Resource temporarily unavailable|bombed/);
    expect(Date.now() - started).toBeLessThan(15_000);
    // bwrap's pid namespace takes every process with it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(spawnSync('pgrep', ['-u', '65534', '-f', 'bomb'], { encoding: 'utf8' }).stdout.trim()).toBe('');
  });

  it('a memory bomb gets MemoryError (address-space limit), not the host’s memory', async () => {
    const step = await attack(python('blocks = [bytearray(8 * 1024 ** 3)]'));
    expect(step.result).toMatchObject({ success: false, exit_code: 1 });
    expect(output(step)).toContain('MemoryError');
  });

  it('an infinite loop is killed at its timeout: a Timeout failure', async () => {
    const started = Date.now();
    const step = await attack({ ...shell('while true; do :; done', { timeout: 2 }), max_retries: 1 });
    expect(step).toMatchObject({ status: 'failed', error: { type: 'Timeout' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a flood of output is cut at 1 MiB and stopped: SandboxLimitExceeded', async () => {
    const step = await attack(shell('yes flood'));
    expect(step).toMatchObject({ status: 'failed', error: { type: 'SandboxLimitExceeded' } });
  });

  it('runs with the documented limits (CPU, address space, processes, file size)', async () => {
    const step = await attack(shell('ulimit -t; ulimit -v; ulimit -p 2>/dev/null || true; ulimit -f', { timeout: 7 }));
    const [cpu, memory, ...rest] = (step.result as { stdout: string }).stdout.trim().split('\n');
    expect(cpu).toBe('7');
    expect(memory).toBe(String(2 * 1024 * 1024));
    expect(rest.at(-1)).toBe(String(1024 ** 3 / 512));
  });

  it('cannot ptrace the worker', async () => {
    const step = await attack(
      python(
        `import ctypes, errno\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.ptrace(16, ${process.pid}, 0, 0), errno.errorcode[ctypes.get_errno()])`,
      ),
    );
    // The seccomp filter refuses ptrace outright; without it the worker's pid is not even
    // visible in the sandbox's pid namespace (ESRCH).
    expect((step.result as { stdout: string }).stdout.trim()).toBe('-1 EPERM');
  });

  it('cannot mount, nor create a user namespace to get capabilities', async () => {
    const step = await attack(shell('mount -t tmpfs none /tmp; unshare -r id; unshare -m true'));
    expect(step.result).toMatchObject({ success: false });
    expect(output(step)).toMatch(/permission denied|Operation not permitted|must be superuser/i);
    expect(output(step)).not.toContain('uid=0');
  });

  it('cannot become root (setuid, su)', async () => {
    const step = await attack(shell('python3 -c "import os; os.setuid(0)"; su -c id root </dev/null; id -u'));
    expect(output(step)).toMatch(/PermissionError|OSError/);
    expect((step.result as { stdout: string }).stdout.trim().split('\n').at(-1)).toBe('65534');
  });

  it('sees no host devices in /dev', async () => {
    const step = await attack(shell('ls /dev; cat /dev/mem; ls /dev/sda /dev/kmsg'));
    const listing = (step.result as { stdout: string }).stdout;
    expect(listing).not.toMatch(/\b(mem|kmem|sda|nvme0|kmsg)\b/);
    expect(listing).toContain('null');
  });

  it('has no terminal: cannot inject input (TIOCSTI) into one, nor open /dev/tty', async () => {
    const code = [
      'import fcntl, json, os, termios',
      'attempts = {}',
      'for fd in (0, 1, 2):',
      '    try:',
      '        fcntl.ioctl(fd, termios.TIOCSTI, b"x")',
      '        attempts[fd] = "injected"',
      '    except OSError as error:',
      '        attempts[fd] = error.errno',
      'try:',
      '    os.open("/dev/tty", os.O_RDWR)',
      '    attempts["tty"] = "opened"',
      'except OSError as error:',
      '    attempts["tty"] = error.errno',
      'attempts["tty_nr"] = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[4])',
      'print(json.dumps(attempts))',
    ].join('\n');
    const step = await attack(python(code));
    // ENOTTY on stdin (/dev/null) and the output pipes; ENXIO: no controlling terminal at all.
    expect((step.result as { result: unknown }).result).toEqual({ 0: 25, 1: 25, 2: 25, tty: 6, tty_nr: 0 });
  });

  it('cannot write to /proc/sys or /sys', async () => {
    const step = await attack(
      shell(
        'echo 1 > /proc/sys/kernel/sysrq; echo 1 > /proc/sysrq-trigger; echo x > /sys/kernel/profiling; cat /proc/sys/kernel/sysrq',
      ),
    );
    expect(output(step)).toMatch(/Read-only file system|Permission denied|No such file|nonexistent directory/);
    expect(spawnSync('cat', ['/proc/sys/kernel/sysrq'], { encoding: 'utf8' }).stdout).not.toBe('1\n');
  });

  it('JavaScript cannot read host files or the environment either', async () => {
    const step = await attack({
      tool: 'code',
      action: 'run',
      parameters: {
        language: 'javascript',
        code: `const fs = require('fs'); let seen = []; for (const p of ['/etc/shadow', '${join(repoRoot, 'package.json')}', '/root']) { try { fs.readFileSync(p); seen.push(p); } catch {} } console.log(JSON.stringify({ seen, key: process.env.OPENAI_API_KEY ?? null }));`,
      },
    });
    expect(step.result).toMatchObject({ success: true, result: { seen: [], key: null } });
  });

  it('a file written by one sandboxed step is the only trace left, inside the workspace', async () => {
    await mkdir(join(worker.engine.workspaceRoot, 'data'), { recursive: true });
    await writeFile(join(worker.engine.workspaceRoot, 'data', 'in.txt'), 'from the host');
    const step = await attack(shell('cat data/in.txt && echo changed >> data/in.txt && echo made > data/out.txt'));
    expect(step.result).toMatchObject({ success: true, stdout: 'from the host' });
    expect(existsSync(join(worker.engine.workspaceRoot, 'data', 'out.txt'))).toBe(true);
  });
});
