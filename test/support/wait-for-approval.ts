// Waiting, bounded, until a run shows an approval as pending.
import type { WorkflowHandle } from '@temporalio/client';
import { pendingApprovalsQuery } from '../../workflows/messages.js';

export async function waitForApproval(handle: WorkflowHandle, step: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = await handle.query(pendingApprovalsQuery).catch(() => []);
    if (pending.some((approval) => approval.step === step)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no approval "${step}" became pending within ${timeoutMs} ms`);
}
