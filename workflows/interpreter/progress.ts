// The markdown table the Web UI shows as the run's current details.
import { setCurrentDetails } from '@temporalio/workflow';
import type { StepIR } from '../lang/ir.js';
import type { PendingApproval } from '../messages.js';
import { FINISHED, type RunState, type StepState } from './run-state.js';

const STATUS_MARK: Record<string, string> = {
  pending: '·',
  running: '▶',
  completed: '✓',
  failed: '✗',
  skipped: '↷',
  cancelled: '⊘',
};

export function progressTable(
  steps: readonly StepIR[],
  state: RunState,
  now: number,
  waiting: readonly PendingApproval[] = [],
): string {
  const rows = steps.map((step) => {
    const record = state[step.id];
    // A step not yet begun and a finished step's row never change: made once, not at every
    // change of the run (a chain of 200 steps rebuilt ~100 rows per step).
    if (!record) {
      const waitingRow = pendingRows.get(step) ?? progressRow(step, undefined, now);
      pendingRows.set(step, waitingRow);
      return waitingRow;
    }
    const cached = FINISHED.has(record.status) ? finishedRows.get(record) : undefined;
    if (cached !== undefined) return cached;
    const row = progressRow(step, record, now);
    if (FINISHED.has(record.status)) finishedRows.set(record, row);
    return row;
  });
  const done = steps.filter((step) => FINISHED.has(state[step.id]?.status ?? 'pending')).length;
  const approvals = waiting.map(
    (pending) =>
      `- waiting for approval: **${escapeCell(pending.title)}** (\`${pending.step}\`) — answer with \`orc approve\` or the signal \`approval\``,
  );
  return [
    `**${done}/${steps.length} steps finished**`,
    ...(approvals.length ? ['', ...approvals] : []),
    '',
    '| step | state | attempts | time | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const finishedRows = new WeakMap<StepState, string>();
const pendingRows = new WeakMap<StepIR, string>();

/**
 * Sets the Web UI's current details once per workflow activation, however many steps changed
 * in it (a chain of local steps, a fan-out's iterations): `changed` defers the table to a
 * microtask, `flush` sets it now. Current details are no command: deferring them changes no
 * history.
 */
export function coalescedDetails(render: () => string): { changed(): void; flush(): void } {
  let pending = false;
  const flush = () => {
    pending = false;
    setCurrentDetails(render());
  };
  return {
    changed() {
      if (pending) return;
      pending = true;
      void Promise.resolve().then(() => {
        if (pending) flush();
      });
    },
    flush,
  };
}

function progressRow(step: StepIR, record: StepState | undefined, now: number): string {
  const status = record?.status ?? 'pending';
  const elapsed = record?.duration_ms ?? (record?.started_at_ms !== undefined ? now - record.started_at_ms : undefined);
  const detail = record?.error
    ? `${record.error.type}: ${record.error.message}`
    : record?.skipped_by
      ? `skipped: ${record.skipped_by}`
      : record?.loop
        ? `iteration ${record.loop.done.length}${record.loop.items ? ` of ${record.loop.items.length}` : ''}`
        : howItRan(record);
  return `| ${escapeCell(step.id)} | ${STATUS_MARK[status] ?? ''} ${status} | ${record?.attempts ?? ''} | ${elapsed === undefined ? '' : formatDuration(elapsed)} | ${escapeCell(detail)} |`;
}

/** A local step says so; one that moved on to a regular activity says why. */
function howItRan(record: StepState | undefined): string {
  if (record?.extra?.reused) return `reused from ${record.extra.reused.run}`;
  if (record?.extra?.cached) return `cached (response cache, ${record.extra.cached.created_at})`;
  if (record?.extra?.local_fallback) return `local, then an activity: ${record.extra.local_fallback}`;
  return record?.extra?.execution === 'local' ? 'local' : '';
}

function formatDuration(milliseconds: number): string {
  return milliseconds < 1_000 ? `${milliseconds} ms` : `${(milliseconds / 1_000).toFixed(1)} s`;
}

function escapeCell(text: string): string {
  const flat = text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
