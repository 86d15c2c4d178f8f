// The sandbox's seccomp filter, a classic BPF program that bwrap loads (--seccomp FD) just
// before it starts the program; every process inside inherits it and cannot drop it. It refuses
// what code steps never need and what widens the kernel's reach: new namespaces (unshare,
// setns, clone with CLONE_NEW* flags), mounting (old and new mount API), keyrings, eBPF, perf,
// ptrace, userfaultfd, io_uring, modules, kexec, swap, reboot, the kernel log, process
// accounting and quotas. Everything else is allowed. Written by hand: libseccomp is not a
// dependency, and the program is small. docs/tools/sandbox.md lists what it refuses and why.

/** The system calls refused with EPERM, by name; numbers per architecture below. */
const REFUSED = [
  'unshare',
  'setns',
  'mount',
  'umount2',
  'pivot_root',
  'move_mount',
  'open_tree',
  'open_tree_attr',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'keyctl',
  'add_key',
  'request_key',
  'bpf',
  'perf_event_open',
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'userfaultfd',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'kexec_load',
  'kexec_file_load',
  'init_module',
  'finit_module',
  'delete_module',
  'open_by_handle_at',
  'swapon',
  'swapoff',
  'reboot',
  'syslog',
  'acct',
  'quotactl',
  'quotactl_fd',
  'lookup_dcookie',
] as const;

type Refused = (typeof REFUSED)[number];

interface ArchitectureTable {
  /** AUDIT_ARCH_* as seccomp reports it in seccomp_data.arch. */
  audit: number;
  /** Numbers at or above this are another ABI sharing the architecture (x86_64's x32): refused. */
  foreignAbove?: number;
  clone: number;
  clone3: number;
  numbers: Record<Refused, number>;
}

// From the kernel's syscall tables (arch/x86/entry/syscalls/syscall_64.tbl; aarch64 uses
// include/uapi/asm-generic/unistd.h).
const ARCHITECTURES: Partial<Record<NodeJS.Architecture, ArchitectureTable>> = {
  x64: {
    audit: 0xc000003e,
    foreignAbove: 0x40000000,
    clone: 56,
    clone3: 435,
    numbers: {
      unshare: 272,
      setns: 308,
      mount: 165,
      umount2: 166,
      pivot_root: 155,
      move_mount: 429,
      open_tree: 428,
      open_tree_attr: 467,
      fsopen: 430,
      fsconfig: 431,
      fsmount: 432,
      fspick: 433,
      mount_setattr: 442,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      bpf: 321,
      perf_event_open: 298,
      ptrace: 101,
      process_vm_readv: 310,
      process_vm_writev: 311,
      userfaultfd: 323,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      kexec_load: 246,
      kexec_file_load: 320,
      init_module: 175,
      finit_module: 313,
      delete_module: 176,
      open_by_handle_at: 304,
      swapon: 167,
      swapoff: 168,
      reboot: 169,
      syslog: 103,
      acct: 163,
      quotactl: 179,
      quotactl_fd: 443,
      lookup_dcookie: 212,
    },
  },
  arm64: {
    audit: 0xc00000b7,
    clone: 220,
    clone3: 435,
    numbers: {
      unshare: 97,
      setns: 268,
      mount: 40,
      umount2: 39,
      pivot_root: 41,
      move_mount: 429,
      open_tree: 428,
      open_tree_attr: 467,
      fsopen: 430,
      fsconfig: 431,
      fsmount: 432,
      fspick: 433,
      mount_setattr: 442,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      bpf: 280,
      perf_event_open: 241,
      ptrace: 117,
      process_vm_readv: 270,
      process_vm_writev: 271,
      userfaultfd: 282,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
      kexec_load: 104,
      kexec_file_load: 294,
      init_module: 105,
      finit_module: 273,
      delete_module: 106,
      open_by_handle_at: 265,
      swapon: 224,
      swapoff: 225,
      reboot: 142,
      syslog: 116,
      acct: 89,
      quotactl: 60,
      quotactl_fd: 443,
      lookup_dcookie: 18,
    },
  },
};

// CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
// CLONE_NEWNET. CLONE_NEWTIME (0x80) is not among them: in clone(2) that bit belongs to the
// exit signal, and only unshare and clone3 (both refused whole) take it.
const CLONE_NEW_FLAGS = 0x7e020000;

const EPERM = 1;
const ENOSYS = 38;
const RETURN_ALLOW = 0x7fff0000;
const returnErrno = (errno: number) => 0x00050000 | errno;

// Classic BPF opcodes and the offsets of struct seccomp_data's fields.
const LOAD_WORD = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JUMP_EQUAL = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JUMP_AT_LEAST = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JUMP_ANY_BIT = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RETURN = 0x06; // BPF_RET | BPF_K
const NUMBER_OFFSET = 0;
const ARCH_OFFSET = 4;
// The low 32 bits of args[0] (little-endian, as on both architectures): clone's flags.
const FIRST_ARGUMENT_OFFSET = 16;

type Label = 'eperm' | 'enosys' | 'clone';
interface Instruction {
  code: number;
  k: number;
  /** Where a conditional jump goes when true / false (the next instruction when omitted). */
  whenTrue?: Label;
  whenFalse?: Label;
  label?: Label;
}

/** The filter for the worker's own architecture, or undefined where we have no table for it. */
export function seccompFilter(architecture: NodeJS.Architecture = process.arch): Buffer | undefined {
  const table = ARCHITECTURES[architecture];
  return table ? assemble(program(table)) : undefined;
}

function program(table: ArchitectureTable): Instruction[] {
  return [
    // Another architecture's calling convention (i386's int 0x80 on x86_64): numbers mean other calls.
    { code: LOAD_WORD, k: ARCH_OFFSET },
    { code: JUMP_EQUAL, k: table.audit, whenFalse: 'eperm' },
    { code: LOAD_WORD, k: NUMBER_OFFSET },
    ...(table.foreignAbove ? [{ code: JUMP_AT_LEAST, k: table.foreignAbove, whenTrue: 'eperm' as const }] : []),
    { code: JUMP_EQUAL, k: table.clone, whenTrue: 'clone' },
    // clone3 passes its flags in memory, out of the filter's sight: ENOSYS makes libc use clone.
    { code: JUMP_EQUAL, k: table.clone3, whenTrue: 'enosys' },
    ...REFUSED.map((name) => ({ code: JUMP_EQUAL, k: table.numbers[name], whenTrue: 'eperm' as const })),
    { code: RETURN, k: RETURN_ALLOW },
    { code: LOAD_WORD, k: FIRST_ARGUMENT_OFFSET, label: 'clone' },
    { code: JUMP_ANY_BIT, k: CLONE_NEW_FLAGS, whenTrue: 'eperm' },
    { code: RETURN, k: RETURN_ALLOW },
    { code: RETURN, k: returnErrno(ENOSYS), label: 'enosys' },
    { code: RETURN, k: returnErrno(EPERM), label: 'eperm' },
  ];
}

/** struct sock_filter[]: u16 code, u8 jt, u8 jf, u32 k, in the machine's (little-endian) order. */
function assemble(instructions: Instruction[]): Buffer {
  const at = new Map(
    instructions.flatMap((instruction, index) => (instruction.label ? [[instruction.label, index] as const] : [])),
  );
  const offset = (from: number, label: Label | undefined) => {
    if (label === undefined) return 0;
    const distance = at.get(label)! - from - 1;
    // A classic BPF jump reaches at most 255 instructions ahead, and never back.
    if (distance < 0 || distance > 255) throw new Error(`seccomp filter: jump to ${label} from ${from} out of range`);
    return distance;
  };
  const buffer = Buffer.alloc(instructions.length * 8);
  instructions.forEach((instruction, index) => {
    buffer.writeUInt16LE(instruction.code, index * 8);
    buffer.writeUInt8(offset(index, instruction.whenTrue), index * 8 + 2);
    buffer.writeUInt8(offset(index, instruction.whenFalse), index * 8 + 3);
    buffer.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return buffer;
}
