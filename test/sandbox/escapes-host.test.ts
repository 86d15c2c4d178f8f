// Escape attempts aimed at the host around the sandbox rather than at what it shows inside
// (issue 11): racing the worker's ownership hand-over with symlinks to host files, filling
// /dev/shm, making namespaces and calling kernel interfaces code never needs, and reading a
// step's environment or staged program as another local user while it runs. Each runs through
// a real pipeline on the real server with the real sandbox.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_LIMITS } from '../../activities/sandbox/index.js';
import type { ResultDocument, StepReport } from '../../workflows/result-document.js';
import { documentOf, runPipelineDocument, startPipeline } from '../support/run-document.js';
import {
  attackPipeline,
  bubblewrapProblem,
  compileText,
  python,
  shell,
  startSharedWorker,
  type SharedWorker,
} from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the sandbox's host escape tests: ${problem}`);
const isRoot = process.getuid?.() === 0;

let worker: SharedWorker;
let counter = 0;

beforeAll(async () => {
  if (problem) return;
  worker = await startSharedWorker();
});
afterAll(async () => {
  await worker?.close();
});

async function attack(step: Record<string, unknown>): Promise<StepReport> {
  const document: ResultDocument = await runPipelineDocument(
    worker.engine,
    attackPipeline(`host_escape_${counter++}`, step),
  );
  expect(document.steps.after).toMatchObject({ status: 'completed', result: { success: true, stdout: 'alive\n' } });
  return document.steps.attack!;
}

const stdoutOf = (step: StepReport) => (step.result as { stdout: string }).stdout;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (bounded) until the workspace holds `name`: the sandboxed step has reached its wait. If
 * the run ends first, or the bound passes on a loaded machine, the error carries the run's
 * step states, so a failure says why instead of only that the file never came.
 */
async function untilPresent(name: string, handle: WorkflowHandle, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void handle.result().then(
    () => (ended = true),
    () => (ended = true),
  );
  while (!existsSync(join(worker.engine.workspaceRoot, name))) {
    if (ended || Date.now() > deadline) {
      const state = ended ? JSON.stringify((await documentOf(handle)).steps) : (await handle.describe()).status.name;
      throw new Error(
        `the sandboxed step did not create ${name} (${ended ? 'the run ended' : `${timeoutMs} ms`}): ${state}`,
      );
    }
    await pause(50);
  }
}

/** A command run as another local user (uid and gid 12345, no groups): what it prints. */
function asOtherUser(command: string): string {
  const run = spawnSync(
    'setpriv',
    ['--reuid=12345', '--regid=12345', '--clear-groups', '--', '/bin/sh', '-c', command],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return `${run.stdout}\n${run.stderr}`;
}

// The step that races: inside the workspace, `race/a` is a folder holding files named like the
// victims and `race/b` a symlink to the host's victim folder; it swaps the two names
// atomically (renameat2 RENAME_EXCHANGE) in a loop until the last racing step says stop.
const RACER = (victims: string) => `
import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
os.makedirs("race/a", exist_ok=True)
for index in range(200):
    open(f"race/a/f{index:03}", "w").close()
os.symlink(${JSON.stringify(victims)}, "race/b")
open("race/started", "w").close()
swaps, deadline = 0, time.time() + 45
while not os.path.exists("race/stop") and time.time() < deadline:
    for _ in range(200):
        if libc.renameat2(-100, b"race/a", -100, b"race/b", 2) == 0:
            swaps += 1
print(swaps)
`;

const RACING_STARTS = 15;

describe.skipIf(problem !== undefined)('escape attempts on the host around the sandbox', () => {
  it.skipIf(!isRoot)(
    "racing the root worker's ownership hand-over with symlinks changes the owner of no host file",
    async () => {
      const victims = await mkdtemp(join(tmpdir(), 'orc-victims-'));
      for (let index = 0; index < 200; index++)
        await writeFile(join(victims, `f${String(index).padStart(3, '0')}`), 'host file');
      try {
        // Sandbox starts (each one a hand-over of the whole workspace) while the racer swaps.
        const starts = Array.from({ length: RACING_STARTS }, (_, index) => ({
          id: `start_${index}`,
          tool: 'terminal',
          action: 'execute',
          parameters: {
            command:
              index === 0
                ? 'i=0; while [ ! -e race/started ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done'
                : index === RACING_STARTS - 1
                  ? 'touch race/stop'
                  : 'true',
          },
          ...(index > 0 ? { dependencies: [`start_${index - 1}`] } : {}),
        }));
        const pipeline = {
          id: 'ownership_race',
          steps: [{ id: 'racer', ...python(RACER(victims), { timeout: 60 }) }, ...starts],
        };
        const document = await runPipelineDocument(worker.engine, compileText(JSON.stringify(pipeline)));
        expect(document.steps.racer).toMatchObject({ status: 'completed', result: { success: true } });
        expect(Number(stdoutOf(document.steps.racer!))).toBeGreaterThan(1000);
        expect(document.steps[`start_${RACING_STARTS - 1}`]).toMatchObject({ status: 'completed' });
        const changed: string[] = [];
        for (const name of [...(await readdir(victims)), '.']) {
          const info = await lstat(join(victims, name));
          if (info.uid !== 0 || info.gid !== 0) changed.push(`${name} (${info.uid}:${info.gid})`);
        }
        expect(changed).toEqual([]);
      } finally {
        await rm(victims, { recursive: true, force: true });
        await rm(join(worker.engine.workspaceRoot, 'race'), { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('/dev/shm is a small private tmpfs: writing 1 GB stops at its bound, and /dev itself is read-only', async () => {
    const step = await attack(
      shell(
        'head -c 1073741824 /dev/zero > /dev/shm/fill; echo "exit $?"; wc -c < /dev/shm/fill; echo x > /dev/planted; echo "dev $?"',
      ),
    );
    const [exit, size, dev] = stdoutOf(step).trim().split('\n');
    expect(exit).not.toBe('exit 0');
    expect(Number(size)).toBeLessThanOrEqual(SANDBOX_LIMITS.shmBytes);
    expect(dev).not.toBe('dev 0');
    expect((step.result as { stderr: string }).stderr).toMatch(/No space left on device/);
  });

  it('cannot create namespaces (unshare -Ur, unshare -n, unshare(2), clone(2) with CLONE_NEW*): EPERM from the seccomp filter', async () => {
    const step = await attack(
      shell('unshare -Ur true; echo "unshare -Ur: $?"; unshare -n true; echo "unshare -n: $?"'),
    );
    expect(stdoutOf(step)).toContain('unshare -Ur: 1');
    expect(stdoutOf(step)).toContain('unshare -n: 1');
    expect((step.result as { stderr: string }).stderr.match(/Operation not permitted/g)).toHaveLength(2);
  });

  it('the seccomp filter refuses the kernel interfaces code never needs, and clone3 (ENOSYS, so libc falls back to clone)', async () => {
    const step = await attack(python(SYSCALL_PROBE));
    expect((step.result as { result: unknown }).result).toEqual({
      'unshare(CLONE_NEWUSER)': 'EPERM',
      'unshare(CLONE_NEWNET)': 'EPERM',
      'unshare(CLONE_NEWNS)': 'EPERM',
      'clone(CLONE_NEWUSER|CLONE_NEWNS)': 'EPERM',
      clone3: 'ENOSYS',
      setns: 'EPERM',
      mount: 'EPERM',
      fsopen: 'EPERM',
      open_tree: 'EPERM',
      keyctl: 'EPERM',
      add_key: 'EPERM',
      bpf: 'EPERM',
      perf_event_open: 'EPERM',
      'ptrace(ATTACH)': 'EPERM',
      userfaultfd: 'EPERM',
      io_uring_setup: 'EPERM',
      init_module: 'EPERM',
      kexec_load: 'EPERM',
      reboot: 'EPERM',
      syslog: 'EPERM',
      acct: 'EPERM',
      swapon: 'EPERM',
      pivot_root: 'EPERM',
      umount2: 'EPERM',
      open_by_handle_at: 'EPERM',
    });
  });

  it('ordinary code still runs under the filter: threads, subprocesses, multiprocessing, pandas, git, Node worker threads', async () => {
    const code =
      'import json, multiprocessing, subprocess, threading\nimport pandas\nresults = []\nthread = threading.Thread(target=lambda: results.append("thread"))\nthread.start(); thread.join()\nresults.append(subprocess.run(["echo", "child"], capture_output=True, text=True).stdout.strip())\nwith multiprocessing.Pool(2) as pool:\n    results.append(sum(pool.map(abs, [-1, -2])))\nresults.append(int(pandas.DataFrame({"a": [1, 2]}).a.sum()))\nprint(json.dumps(results))';
    const pythonStep = await attack(python(code));
    expect(pythonStep.result).toMatchObject({ success: true, result: ['thread', 'child', 3, 3] });
    const git = await attack(
      shell(
        'git init -q repo && cd repo && echo x > f && git add f && git -c user.email=a@b -c user.name=n commit -q -m one && git log --oneline | wc -l',
      ),
    );
    expect(git.result).toMatchObject({ success: true, stdout: '1\n' });
    const node = await attack({
      tool: 'code',
      action: 'run',
      parameters: {
        language: 'javascript',
        code: 'const { Worker } = require("node:worker_threads"); new Worker("require(\'node:worker_threads\').parentPort.postMessage(21)", { eval: true }).on("message", (value) => console.log(JSON.stringify(value * 2)));',
      },
    });
    expect(node.result).toMatchObject({ success: true, result: 42 });
  });

  it("another local user finds neither a step's environment values in any command line nor its staged program, while it runs", async () => {
    const canary = `env-canary-${process.pid}-${Date.now()}`;
    const programCanary = `program-canary-${process.pid}-${Date.now()}`;
    const wait = (name: string) =>
      `touch ${name}; i=0; while [ ! -e release ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done`;
    const pipeline = {
      id: 'peek',
      steps: [
        { id: 'with_env', ...shell(wait('started-env'), { env: { ORC_CANARY: canary } }) },
        {
          id: 'with_program',
          ...python(
            `# ${programCanary}\nimport subprocess\nsubprocess.run(["/bin/sh", "-c", ${JSON.stringify(wait('started-program'))}])`,
          ),
        },
      ],
    };
    const handle = await startPipeline(worker.engine, compileText(JSON.stringify(pipeline)));
    try {
      await untilPresent('started-env', handle);
      await untilPresent('started-program', handle);
      const commandLines = asOtherUser(
        'for file in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$file"; echo; done 2>/dev/null',
      );
      // Not vacuous: the other user does see the sandbox's processes.
      expect(commandLines).toContain('bwrap');
      expect(commandLines).not.toContain(canary);
      const staged = await stagedFileHolding(programCanary);
      expect(staged, 'the staged program was found by root').toBeDefined();
      expect(asOtherUser(`cat ${staged}; ls ${join(staged!, '..')}`)).not.toContain(programCanary);
      expect(asOtherUser(`ls ${join(staged!, '..')}`)).toMatch(/Permission denied/);
    } finally {
      await writeFile(join(worker.engine.workspaceRoot, 'release'), '');
    }
    const document = await documentOf(handle);
    expect(document.steps.with_env).toMatchObject({ status: 'completed', result: { success: true } });
    expect(document.steps.with_program).toMatchObject({ status: 'completed', result: { success: true } });
    await rm(join(worker.engine.workspaceRoot, 'release'));
  }, 240_000);

  it("a NUL byte in a step's env (or command) is a ToolError naming the variable, not an untyped error", async () => {
    const step = await attack(shell('echo never', { env: { GOOD: 'fine', BROKEN: 'left\u0000right' } }));
    expect(step).toMatchObject({ status: 'failed', error: { type: 'ToolError' } });
    expect(step.error?.message).toContain('"BROKEN"');
    expect(step.error?.message).toMatch(/NUL/);
    const command = await attack(shell('echo left\u0000right'));
    expect(command).toMatchObject({ status: 'failed', error: { type: 'ToolError' } });
    expect(command.error?.message).toContain('parameter "command" contains a NUL byte');
  });
});

/** The staged file (in a /tmp/orc-sandbox-* folder) holding `text`, as root sees it. */
async function stagedFileHolding(text: string): Promise<string | undefined> {
  for (const folder of (await readdir(tmpdir())).filter((name) => name.startsWith('orc-sandbox-'))) {
    const path = join(tmpdir(), folder);
    const names = await readdir(path).catch(() => []);
    for (const name of names) {
      const file = join(path, name);
      if (
        (await stat(file).catch(() => undefined))?.isFile() &&
        (await readFile(file, 'utf8').catch(() => '')).includes(text)
      )
        return file;
    }
  }
  return undefined;
}

// Each probe calls the system call with harmless arguments and reports the errno (or "ok").
const SYSCALL_PROBE = `
import ctypes, errno, json, platform
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
X86 = platform.machine() == "x86_64"
NR = dict(unshare=272, clone=56, clone3=435, setns=308, mount=165, fsopen=430, open_tree=428, keyctl=250, add_key=248, bpf=321, perf_event_open=298, ptrace=101, userfaultfd=323, io_uring_setup=425, init_module=175, kexec_load=246, reboot=169, syslog=103, acct=163, swapon=167, pivot_root=155, umount2=166, open_by_handle_at=304) if X86 else dict(unshare=97, clone=220, clone3=435, setns=268, mount=40, fsopen=430, open_tree=428, keyctl=219, add_key=217, bpf=280, perf_event_open=241, ptrace=117, userfaultfd=282, io_uring_setup=425, init_module=105, kexec_load=104, reboot=142, syslog=116, acct=89, swapon=224, pivot_root=41, umount2=39, open_by_handle_at=265)
def probe(name, *args):
    ctypes.set_errno(0)
    value = libc.syscall(NR[name], *[ctypes.c_long(arg) for arg in args])
    return "ok" if value >= 0 else errno.errorcode[ctypes.get_errno()]
null = 0
results = {
    "unshare(CLONE_NEWUSER)": probe("unshare", 0x10000000),
    "unshare(CLONE_NEWNET)": probe("unshare", 0x40000000),
    "unshare(CLONE_NEWNS)": probe("unshare", 0x00020000),
    "clone(CLONE_NEWUSER|CLONE_NEWNS)": probe("clone", 0x10000000 | 0x00020000 | 17, 0, 0, 0, 0),
    "clone3": probe("clone3", null, 0),
    "setns": probe("setns", 999, 0),
    "mount": probe("mount", null, null, null, 0, null),
    "fsopen": probe("fsopen", null, 0),
    "open_tree": probe("open_tree", -100, null, 0),
    "keyctl": probe("keyctl", 0, -3, 0),
    "add_key": probe("add_key", null, null, null, 0, -3),
    "bpf": probe("bpf", 0, null, 0),
    "perf_event_open": probe("perf_event_open", null, 0, -1, -1, 0),
    "ptrace(ATTACH)": probe("ptrace", 16, 999999, 0, 0),
    "userfaultfd": probe("userfaultfd", 0),
    "io_uring_setup": probe("io_uring_setup", 0, null),
    "init_module": probe("init_module", null, 0, null),
    "kexec_load": probe("kexec_load", 0, 0, null, 0),
    "reboot": probe("reboot", 0, 0, 0, null),
    "syslog": probe("syslog", 3, null, 0),
    "acct": probe("acct", null),
    "swapon": probe("swapon", null, 0),
    "pivot_root": probe("pivot_root", null, null),
    "umount2": probe("umount2", null, 0),
    "open_by_handle_at": probe("open_by_handle_at", -100, null, 0),
}
print(json.dumps(results))
`;
