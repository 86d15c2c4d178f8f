// The markdown table the Web UI shows as the run's current details.
import type { StepIR } from '../lang/ir.js';
import type { PendingApproval } from '../messages.js';
import type { RunState } from './run-state.js';

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
    const status = record?.status ?? 'pending';
    const elapsed =
      record?.duration_ms ?? (record?.started_at_ms !== undefined ? now - record.started_at_ms : undefined);
    const loop = record?.loop
      ? `iteration ${record.loop.done.length}${record.loop.items ? ` of ${record.loop.items.length}` : ''}`
      : '';
    const detail = record?.error
      ? `${record.error.type}: ${record.error.message}`
      : record?.skipped_by
        ? `skipped: ${record.skipped_by}`
        : record?.extra?.reused
          ? `reused from ${record.extra.reused.run}`
          : loop;
    return `| ${escapeCell(step.id)} | ${STATUS_MARK[status] ?? ''} ${status} | ${record?.attempts ?? ''} | ${elapsed === undefined ? '' : formatDuration(elapsed)} | ${escapeCell(detail)} |`;
  });
  const done = steps.filter((step) =>
    ['completed', 'failed', 'skipped', 'cancelled'].includes(state[step.id]?.status ?? ''),
  ).length;
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

function formatDuration(milliseconds: number): string {
  return milliseconds < 1_000 ? `${milliseconds} ms` : `${(milliseconds / 1_000).toFixed(1)} s`;
}

function escapeCell(text: string): string {
  const flat = text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
