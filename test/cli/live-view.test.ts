// The step view of `orc run`/`orc watch`: redrawn in place on a terminal, plain lines otherwise.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StepReport } from '../../workflows/result-document.js';
import { createStepView } from '../../client/live-view.js';
import { stepRows } from '../../client/step-rows.js';

const at = (status: StepReport['status'], extra: Partial<StepReport> = {}): StepReport => ({
  status,
  success: status === 'completed',
  ...extra,
});

describe('the step view', () => {
  afterEach(() => vi.useRealTimers());

  it('prints one plain line per step change when not on a terminal', () => {
    const lines: string[] = [];
    const view = createStepView({ live: false, note: (line) => lines.push(line), color: false });
    view.update({ a: at('running'), b: at('pending') });
    view.update({ a: at('running'), b: at('pending') });
    view.update({ a: at('completed', { duration_ms: 41, attempts: 1 }), b: at('running') });
    view.finish();
    expect(lines).toEqual(['  ▶ a running', '  ✓ a completed (41 ms)', '  ▶ b running']);
  });

  it('redraws a block in place, at most once per frame, with elapsed times', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    let now = Date.parse('2026-01-01T00:00:10Z');
    const view = createStepView({
      live: true,
      terminal: { write: (chunk) => writes.push(chunk), columns: 80 },
      color: false,
      now: () => now,
    });
    view.update({
      first: at('completed', { duration_ms: 41, attempts: 1 }),
      second: at('running', { started_at: '2026-01-01T00:00:07Z', attempts: 2 }),
      third: at('pending'),
    });
    for (let index = 0; index < 20; index++)
      view.update({
        first: at('completed', { duration_ms: 41 }),
        second: at('running', { started_at: '2026-01-01T00:00:07Z', attempts: 2 }),
        third: at('pending'),
      });
    expect(writes).toHaveLength(0);
    vi.advanceTimersByTime(200);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toEqual([
      '  ✓ first   completed              41 ms',
      '  ▶ second  running    attempt 2   3.0 s',
      '  · third   pending',
      '',
    ]);
    now += 1_000;
    vi.advanceTimersByTime(200);
    expect(writes).toHaveLength(2);
    expect(writes[1]!.startsWith('\u001b[3A\r\u001b[J')).toBe(true);
    expect(writes[1]).toContain('4.0 s');
    view.note('No worker has picked up the run yet.');
    expect(writes[2]).toBe('\u001b[3A\r\u001b[JNo worker has picked up the run yet.\n');
    expect(writes[3]!.startsWith('  ✓ first')).toBe(true);
    view.finish();
    const count = writes.length;
    view.update({ first: at('failed') });
    vi.advanceTimersByTime(1_000);
    view.finish();
    expect(writes).toHaveLength(count);
  });

  it('cuts lines to the terminal width so the block keeps its height', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const view = createStepView({
      live: true,
      terminal: { write: (chunk) => writes.push(chunk), columns: 30 },
      color: false,
    });
    view.update({
      step: at('failed', { error: { type: 'ToolError', message: 'a very long message that would wrap\nover lines' } }),
    });
    view.finish();
    const [line] = writes[0]!.split('\n');
    expect(line!.length).toBeLessThanOrEqual(30);
    expect(line!.endsWith('…')).toBe(true);
  });

  it('shows a running step that waits for a person as waiting', () => {
    const rows = stepRows(
      { draft: at('completed', { duration_ms: 41 }), review: at('running'), later: at('running') },
      { color: false, now: 0, waiting: new Set(['review']) },
    );
    expect(rows.map((row) => row.trimEnd())).toEqual([
      '  ✓ draft   completed              41 ms',
      '  ⏸ review  waiting',
      '  ▶ later   running',
    ]);
  });
});
