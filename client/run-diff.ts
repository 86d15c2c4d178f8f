// `orc diff`'s comparison of two runs, step by step (the top-level steps of both, in the first
// run's order, then the second's new ones): status, whether the step was reused or ran live,
// what its calls were asked (the rendered prompt or parameters, from each run's history),
// its output, tokens, cost and duration — and a unified diff where the texts differ.
import type { CallRecord } from '../workers/index.js';
import { isInside } from '../workflows/call-fingerprint.js';
import type { StepReport } from '../workflows/result-document.js';
import type { RunStatusReport } from './run-status.js';
import { unifiedDiff } from './text-diff.js';

/** One run as the diff reads it: where it stands, and its calls (and those of the runs it reused). */
export interface DiffedRun {
  report: RunStatusReport;
  calls: readonly CallRecord[];
  /** The calls of the runs its reused steps came from, by workflow id. */
  origins: ReadonlyMap<string, readonly CallRecord[]>;
}

export interface StepSide {
  status: string;
  /** `live`, `reused` (every call answered from `reused_from`), `partly reused`, `cached` (every model call answered by the response cache), `partly cached`, or `no calls`. */
  how: 'live' | 'reused' | 'partly reused' | 'cached' | 'partly cached' | 'no calls';
  reused_from?: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  duration_ms: number | null;
}

export interface StepDiff {
  step: string;
  a: StepSide | null;
  b: StepSide | null;
  input: 'same' | 'different';
  input_diff?: string;
  output: 'same' | 'different';
  output_diff?: string;
}

export function diffSteps(a: DiffedRun, b: DiffedRun): StepDiff[] {
  const ids = [...new Set([...Object.keys(a.report.steps), ...Object.keys(b.report.steps)])];
  return ids.map((step) => {
    const inputA = inputText(a, step);
    const inputB = inputText(b, step);
    const outputA = outputText(a.report.steps[step]);
    const outputB = outputText(b.report.steps[step]);
    const labels = (what: string) => ({
      before: `${a.report.workflow_id} ${step} (${what})`,
      after: `${b.report.workflow_id} ${step} (${what})`,
    });
    return {
      step,
      a: side(a, step),
      b: side(b, step),
      input: inputA === inputB ? 'same' : 'different',
      ...(inputA !== inputB ? { input_diff: unifiedDiff(inputA, inputB, labels('input')) } : {}),
      output: outputA === outputB ? 'same' : 'different',
      ...(outputA !== outputB ? { output_diff: unifiedDiff(outputA, outputB, labels('output')) } : {}),
    };
  });
}

function side(run: DiffedRun, step: string): StepSide | null {
  const report = run.report.steps[step];
  if (!report) return null;
  const calls = run.calls.filter((call) => stepOf(call) !== undefined && isInside(stepOf(call)!, step)).length;
  return {
    status: report.status,
    how: howItRan(report, calls),
    ...(report.reused ? { reused_from: report.reused.run } : {}),
    calls: calls + (report.reused?.calls ?? report.reused_calls ?? 0),
    input_tokens: report.usage?.input_tokens ?? 0,
    output_tokens: report.usage?.output_tokens ?? 0,
    cost_usd: report.cost_usd ?? 0,
    duration_ms: report.duration_ms ?? null,
  };
}

function howItRan(report: StepReport, calls: number): StepSide['how'] {
  if (report.reused) return 'reused';
  if (report.reused_calls) return 'partly reused';
  if (report.cached) return 'cached';
  if (report.cached_calls) return 'partly cached';
  return calls > 0 ? 'live' : 'no calls';
}

/** What the step's calls were asked, one block per call; a reused step's calls come from the run that made them. */
export function inputText(run: DiffedRun, step: string): string {
  const report = run.report.steps[step];
  const own = run.calls.filter((call) => stepOf(call) !== undefined && isInside(stepOf(call)!, step));
  const reused = report?.reused
    ? (run.origins.get(report.reused.run) ?? []).filter(
        (call) => call.status === 'completed' && stepOf(call) !== undefined && isInside(stepOf(call)!, step),
      )
    : [];
  return [...reused, ...own]
    .filter((call) => call.activity !== 'loadReusableResults')
    .map(describeCall)
    .join('\n');
}

function stepOf(call: CallRecord): string | undefined {
  const id = (call.input as { step_id?: unknown } | undefined)?.step_id;
  return typeof id === 'string' ? id : undefined;
}

/** `runModel summarise · openai:gpt-4o-mini generate`, then each parameter; text on lines of its own. */
export function describeCall(call: CallRecord): string {
  const input = (call.input ?? {}) as Record<string, unknown>;
  const what = [
    input.tool && input.action ? `${String(input.tool)}.${String(input.action)}` : '',
    input.model,
    input.action,
  ]
    .filter((part) => typeof part === 'string' && part !== '')
    .filter((part, index, parts) => parts.indexOf(part) === index);
  const header = `${call.activity} ${stepOf(call) ?? ''}${what.length ? ` · ${what.join(' ')}` : ''}`;
  const fields = (input.parameters ?? input.requirements ?? input.question ?? {}) as unknown;
  return [header, ...valueLines(fields, '  ')].join('\n');
}

function valueLines(value: unknown, indent: string): string[] {
  if (typeof value === 'string') return value.split('\n').map((line) => `${indent}${line}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${indent}${JSON.stringify(value)}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
    typeof item === 'string' && item.includes('\n')
      ? [`${indent}${key}: |`, ...valueLines(item, `${indent}  `)]
      : typeof item === 'string'
        ? [`${indent}${key}: ${item}`]
        : item !== null && typeof item === 'object' && !Array.isArray(item)
          ? [`${indent}${key}:`, ...valueLines(item, `${indent}  `)]
          : [`${indent}${key}: ${JSON.stringify(item)}`],
  );
}

function outputText(report: StepReport | undefined): string {
  if (!report) return '';
  const value = report.status === 'failed' || report.status === 'cancelled' ? report.error : report.result;
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
