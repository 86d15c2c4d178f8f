// The OS sandbox for code steps (terminal, python-executor, code): bubblewrap namespaces,
// resource limits, a clean environment. docs/tools/sandbox.md states its guarantees.
export { SANDBOX_PATHS } from './bubblewrap-arguments.js';
export { findExecutable } from './find-executable.js';
export { SANDBOX_HOST_ID, SANDBOX_LIMITS } from './limits.js';
export { type SandboxOwner } from './earlier-attempts.js';
export type { SandboxSettings } from './sandbox-settings.js';
export { resolveInWorkspace } from './workspace-path.js';
export { runSandboxed, type ProgramPaths, type SandboxOutcome, type SandboxRun } from './run-sandboxed.js';
