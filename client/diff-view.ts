// The body of `orc diff` (client/commands/diff.ts has its options): two runs side by side, step
// by step (client/run-diff.ts) — typically a run and its rerun.
import { readRecordedCalls, type CallRecord } from '../workers/index.js';
import { runLink, type Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { findRun, withEngine } from './find-run.js';
import { paint } from './paint.js';
import { printable } from './printable.js';
import { diffSteps, type DiffedRun, type StepDiff, type StepSide } from './run-diff.js';
import { runStatus } from './run-status.js';
import { formatDuration } from './format-time.js';
import type { OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';
import { printDocument } from './output-format.js';

export async function diffRuns(
  args: { a: string; b: string; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const origins = new Map<string, readonly CallRecord[]>();
    const a = await diffedRun(engine, args.a, origins);
    const b = await diffedRun(engine, args.b, origins);
    await addOrigins(engine, [a, b], origins);
    const steps = diffSteps(a, b);
    if (args.format) printDocument({ a: summary(a), b: summary(b), steps }, args.format, context);
    else context.print(renderDiff(a, b, steps, config.color));
    return EXIT.ok;
  });
}

async function diffedRun(
  engine: Engine,
  text: string,
  origins: Map<string, readonly CallRecord[]>,
): Promise<DiffedRun & { runId: string }> {
  const found = await findRun(engine, text);
  const { workflowId, runId } = found.description;
  const report = await runStatus(engine, found, runLink(engine, workflowId, runId));
  const recorded = await readRecordedCalls(engine.client, workflowId, runId);
  if (!recorded) throw new CliError(`no run "${text}"`, EXIT.invalid, 'orc list shows the recent runs');
  origins.set(workflowId, recorded.calls);
  return { report, calls: recorded.calls, origins, runId };
}

/** Reused steps show what they were asked in the run that made their calls: read it once. */
async function addOrigins(
  engine: Engine,
  runs: readonly DiffedRun[],
  origins: Map<string, readonly CallRecord[]>,
): Promise<void> {
  const wanted = new Set(
    runs.flatMap((run) => Object.values(run.report.steps).flatMap((step) => (step.reused ? [step.reused.run] : []))),
  );
  for (const workflowId of wanted) {
    if (origins.has(workflowId)) continue;
    origins.set(workflowId, (await readRecordedCalls(engine.client, workflowId).catch(() => undefined))?.calls ?? []);
  }
}

function summary(run: DiffedRun & { runId: string }) {
  const { report } = run;
  const rerunOf = Object.values(report.steps).find((step) => step.reused)?.reused?.run ?? null;
  return {
    workflow_id: report.workflow_id,
    run_id: run.runId,
    pipeline_id: report.pipeline_id,
    status: report.status,
    duration_ms: report.duration_ms,
    usage: report.usage,
    reused_from: rerunOf,
  };
}

const MARK = { same: '=', different: '~', onlyA: '-', onlyB: '+' };

function renderDiff(a: DiffedRun, b: DiffedRun, steps: StepDiff[], color: boolean): string {
  const painter = paint(color);
  const name = (run: DiffedRun) =>
    `${run.report.workflow_id} (${run.report.pipeline_id ?? '?'}, ${run.report.status}, ${usageText(run)})`;
  const lines = [`A: ${printable(name(a))}`, `B: ${printable(name(b))}`];
  const width = Math.min(30, Math.max(...steps.map((step) => step.step.length)));
  for (const step of steps) {
    const mark = !step.a
      ? MARK.onlyB
      : !step.b
        ? MARK.onlyA
        : step.input === 'same' && step.output === 'same' && step.a.status === step.b.status
          ? MARK.same
          : MARK.different;
    const paintMark = mark === MARK.same ? painter.dim : mark === MARK.different ? painter.yellow : painter.bold;
    lines.push(
      `${paintMark(mark)} ${printable(step.step).padEnd(width)}  ${sideText(step.a)}  →  ${sideText(step.b)}  input ${step.input}, output ${step.output}`,
    );
    for (const diff of [step.input_diff, step.output_diff])
      if (diff)
        lines.push(
          ...printable(diff)
            .split('\n')
            .map((line) => `    ${colorLine(line, painter)}`),
        );
  }
  lines.push('= same  ~ differs  - only in A  + only in B; --json for tools.');
  return lines.join('\n');
}

function sideText(side: StepSide | null): string {
  if (!side) return 'absent';
  const how = side.how === 'reused' ? `reused from ${side.reused_from}` : side.how;
  const tokens = side.input_tokens + side.output_tokens > 0 ? ` ${side.input_tokens}+${side.output_tokens} tok` : '';
  const time = side.duration_ms === null ? '' : ` ${formatDuration(side.duration_ms)}`;
  return `${side.status} (${how}${tokens} $${side.cost_usd.toFixed(4)}${time})`;
}

function usageText(run: DiffedRun): string {
  const usage = run.report.usage;
  return usage ? `${usage.model_calls} model calls, $${usage.cost_usd.toFixed(4)}` : 'usage unknown';
}

function colorLine(line: string, painter: ReturnType<typeof paint>): string {
  if (line.startsWith('+') && !line.startsWith('+++')) return painter.green(line);
  if (line.startsWith('-') && !line.startsWith('---')) return painter.red(line);
  return line;
}
