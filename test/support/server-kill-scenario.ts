// The run shapes of the server-kill tests (test/reliability/dev-server-kill on the dev server,
// test/cluster/server-kill on the cluster): a chain of code steps that journal their start and
// end in the workspace, the moment to kill (two steps completed, most still to come), and the
// journal's verdict afterwards (a step completed before the kill never ran again).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { expect } from 'vitest';
import { progressQuery } from '../../workflows/messages.js';
import { eventually } from './cli-runs.js';

export const CHAIN_STEPS = 8;
export const CHAIN_STEP_IDS = Array.from({ length: CHAIN_STEPS }, (_, index) => `s${index + 1}`);

/** Eight code steps in a chain; each journals its start and end in the workspace. */
export function chainPipeline(id: string, journal: string): string {
  const steps = CHAIN_STEP_IDS.map((step, index) => {
    const line = (kind: string) => `echo "${kind} ${step} $(date +%s%N)" >> /workspace/${journal}`;
    return [
      `  - id: ${step}`,
      ...(index > 0 ? [`    depends_on: ${CHAIN_STEP_IDS[index - 1]}`] : []),
      '    tool: terminal',
      '    action: execute',
      '    timeout: 10s',
      '    retry: {max_attempts: 20, initial_interval: 1s, max_interval: 2s}',
      `    parameters: {command: ${JSON.stringify(`${line('start')}; sleep 1; ${line('end')}; echo ${step}`)}}`,
    ].join('\n');
  });
  return `id: ${id}\nsteps:\n${steps.join('\n')}\noutputs:\n  last: "{{ ${CHAIN_STEP_IDS.at(-1)}.result.stdout | trim }}"\n`;
}

/** Waits until two steps of the chain have completed and at least two have not; returns those completed. */
export async function completedBeforeKill(client: Client, chainId: string, workerLog: () => string): Promise<string[]> {
  const chain = client.workflow.getHandle(chainId);
  let lastSeen = 'no answer to the progress query yet';
  return eventually(
    async () => {
      const steps = await chain.query(progressQuery).then(
        (progress) => progress.steps,
        (error: Error) => void (lastSeen = `the progress query failed: ${error.message}`),
      );
      if (!steps) return undefined;
      const done = CHAIN_STEP_IDS.filter((id) => steps[id]?.status === 'completed');
      lastSeen = `completed: ${done.join(', ') || 'none'}`;
      return done.length >= 2 && done.length < CHAIN_STEPS - 2 ? done : undefined;
    },
    60_000,
    'two steps of the chain to complete',
  ).catch((error: Error) => {
    throw new Error(`${error.message} (${lastSeen})\nworker:\n${workerLog().slice(-3_000)}`);
  });
}

/** Every step ended at least once; none that completed before the kill started again. Returns the steps run again. */
export async function checkChainJournal(
  workspace: string,
  journal: string,
  completedBefore: string[],
): Promise<string[]> {
  const lines = (await readFile(join(workspace, journal), 'utf8')).split('\n').filter(Boolean);
  const starts = (id: string) => lines.filter((line) => line.startsWith(`start ${id} `)).length;
  const ends = (id: string) => lines.filter((line) => line.startsWith(`end ${id} `)).length;
  for (const id of CHAIN_STEP_IDS)
    expect(ends(id), `${id} never ended:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(1);
  for (const id of completedBefore) expect(starts(id), `${id} completed before the kill`).toBe(1);
  return CHAIN_STEP_IDS.filter((id) => starts(id) > 1);
}
