// The bwrap command line: what the sandbox sees. Everything not listed here does not exist
// inside it — no /root, /home, host /proc, repository, or worker files.
import { existsSync, lstatSync, readlinkSync, readdirSync } from 'node:fs';
import { SANDBOX_LIMITS } from './limits.js';

/** Where things are inside the sandbox. */
export const SANDBOX_PATHS = { workspace: '/workspace', files: '/orc', home: '/tmp' } as const;

export interface BubblewrapLayout {
  /** Host folder bound read-write at /workspace. */
  workspace: string;
  /** Host folder with the program, its inputs and passwd, bound read-only at /orc. */
  files: string;
  /** Working folder inside the sandbox (under /workspace). */
  cwd: string;
  network: boolean;
  uid: number;
  /** Whether fd 3 holds the seccomp filter (seccomp-filter.ts) for bwrap to load. */
  seccomp: boolean;
  /** Extra host files to show read-only at the same path (node outside /usr). */
  extraReadOnly?: string[];
}

// Read-only pieces of /etc the interpreters need: the dynamic linker's cache, Debian's
// alternatives (numpy's BLAS is a symlink through /etc/alternatives), Python's site config.
const ETC_ALWAYS = ['alternatives', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'localtime', 'mime.types'];
// Name resolution and TLS roots, only for steps with network.
const ETC_NETWORK = [
  'resolv.conf',
  'hosts',
  'nsswitch.conf',
  'gai.conf',
  'host.conf',
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
];

export function bubblewrapArguments(layout: BubblewrapLayout): string[] {
  return [
    // user, pid, ipc, uts, cgroup and network namespaces; no nested user namespaces.
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    ...(layout.network ? ['--share-net'] : []),
    '--uid',
    String(layout.uid),
    '--gid',
    String(layout.uid),
    '--hostname',
    'sandbox',
    // No --new-session: its setsid() would take bwrap's pid-namespace init out of the process
    // group that the worker and the lifeline kill (spawn-limited.ts). The worker already starts
    // bwrap in a new session without a controlling terminal, so there is no terminal to inject
    // into (CVE-2017-5226), and the sandbox gets no terminal file descriptor.
    '--die-with-parent',
    ...systemMounts(),
    ...etcMounts(layout.network),
    ...(layout.extraReadOnly ?? []).flatMap((path) => ['--ro-bind', path, path]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // bwrap's /dev is a tmpfs as large as half the RAM, writable by the sandbox, /dev/shm a
    // folder in it: a small private tmpfs there instead, and the rest of /dev read-only (its
    // devices, bind mounts of their own, stay usable).
    '--perms',
    '1777',
    '--size',
    String(SANDBOX_LIMITS.shmBytes),
    '--tmpfs',
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--size',
    String(SANDBOX_LIMITS.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--bind',
    layout.workspace,
    SANDBOX_PATHS.workspace,
    '--ro-bind',
    layout.files,
    SANDBOX_PATHS.files,
    '--ro-bind',
    `${layout.files}/passwd`,
    '/etc/passwd',
    '--ro-bind',
    `${layout.files}/group`,
    '/etc/group',
    '--chdir',
    layout.cwd,
    // The program's environment comes from a staged file (sandbox-environment.ts), never from
    // --setenv: arguments are readable by every local user in /proc/PID/cmdline.
    '--clearenv',
    ...(layout.seccomp ? ['--seccomp', '3'] : []),
    '--',
  ];
}

/** /usr read-only, and /bin, /lib… as the host has them (symlinks on merged-/usr systems). */
function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const path = `/${name}`;
    if (!existsSync(path)) continue;
    if (lstatSync(path).isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else args.push('--ro-bind', path, path);
  }
  return args;
}

function etcMounts(network: boolean): string[] {
  const python = existsSync('/etc') ? readdirSync('/etc').filter((name) => /^python3(\.\d+)?$/.test(name)) : [];
  const names = [...ETC_ALWAYS, ...python, ...(network ? ETC_NETWORK : [])];
  return names.flatMap((name) => ['--ro-bind-try', `/etc/${name}`, `/etc/${name}`]);
}

/** Host paths outside /usr that a program needs (Node's binary when it is installed elsewhere). */
export function readOnlyExtras(paths: readonly string[]): string[] {
  return paths.filter((path) => !path.startsWith('/usr/') && existsSync(path));
}
