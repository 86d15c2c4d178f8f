// Helpers for the sandbox's tests: one worker shared by a file's tests, pipelines built from a
// step description, and whether bubblewrap can run here at all.
import { spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import type { ToolSettings } from '../../activities/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { withWorker, type TestEngine } from '../support/temporal.js';

/** Why sandboxed tests cannot run on this machine, or undefined when they can. */
export function bubblewrapProblem(): string | undefined {
  const probe = spawnSync('bwrap', ['--unshare-all', '--unshare-user', '--ro-bind', '/', '/', '/bin/true'], {
    encoding: 'utf8',
  });
  if (probe.error) return `bubblewrap is not installed (${probe.error.message}); apt-get install bubblewrap`;
  if (probe.status !== 0) return `bubblewrap cannot create namespaces here: ${probe.stderr.trim()}`;
  return undefined;
}

export interface SharedWorker {
  engine: TestEngine;
  close(): Promise<void>;
}

/** A worker that lives until close(), for many short pipeline runs. */
export async function startSharedWorker(toolSettings?: ToolSettings): Promise<SharedWorker> {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  let running: Promise<void> = Promise.resolve();
  const engine = await new Promise<TestEngine>((resolve, reject) => {
    running = withWorker(
      async (started) => {
        resolve(started);
        await done;
      },
      toolSettings ? { toolSettings } : {},
    ).catch(reject);
  });
  return {
    engine,
    close: async () => {
      release();
      await running;
    },
  };
}

/** A pipeline: the attack step, then a sandboxed step proving the worker still runs code. */
export function attackPipeline(id: string, attack: Record<string, unknown>): PipelineIR {
  const document = {
    id,
    steps: [
      { id: 'attack', on_failure: 'continue', ...attack },
      {
        id: 'after',
        tool: 'terminal',
        action: 'execute',
        parameters: { command: 'echo alive' },
        dependencies: ['attack'],
      },
    ],
  };
  return compileText(stringify(document));
}

export function compileText(text: string): PipelineIR {
  const result = compilePipeline(text, { file: 'inline.yaml' });
  if (!result.ir)
    throw new Error(
      `does not compile:\n${result.diagnostics.map((item) => `${item.code} ${item.message}`).join('\n')}\n${text}`,
    );
  return result.ir;
}

export const shell = (command: string, extra: Record<string, unknown> = {}) => ({
  tool: 'terminal',
  action: 'execute',
  parameters: { command, ...extra },
});
export const python = (code: string, extra: Record<string, unknown> = {}) => ({
  tool: 'python-executor',
  action: 'execute',
  parameters: { code, ...extra },
});
