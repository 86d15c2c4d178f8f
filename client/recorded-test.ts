// The body of `orc test` (client/commands/test.ts has its options): the pipeline runs for real —
// the workflow on the Temporal server, a worker inside this command on a task queue of its own —
// and its tool and model calls are answered from the cassette (client/cassette-replay.ts), so no
// provider is called. With `--update` the calls go live and the finished run is recorded into
// the cassette again. Exit 0 pass, 1 fail (a call the cassette lacks, a failed run), 2 usage.
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { isInside } from '../workflows/call-fingerprint.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import { PIPELINE_WORKFLOW_TYPE } from '../workflows/messages.js';
import type { ResultDocument } from '../workflows/result-document.js';
import type { OutputFormat } from './arguments.js';
import { readCassette, writeCassette, type Cassette } from './cassette-file.js';
import { cassetteOfRun } from './cassette-record.js';
import { cassetteReplay, type CassetteReplay } from './cassette-replay.js';
import type { CommandContext } from './commands/command.js';
import { defaultWorkflowId } from './commands/run.js';
import { compileRunnable } from './compile-or-exit.js';
import { loadCliConfig } from './config.js';
import { connectToEngine, type Engine } from './connect.js';
import { EXIT } from './exit-codes.js';
import { followRun } from './follow-run.js';
import { startInProcessWorker, type RunningWorker } from './in-process-worker.js';
import { printDocument } from './output-format.js';
import { paint } from './paint.js';
import { declaredInputs, resolveInputs } from './parse-inputs.js';
import { printable } from './printable.js';
import { runStartOptions } from './run-start-options.js';
import { ensureSearchAttributes } from './search-attributes.js';

export interface RecordedTestArguments {
  file: string;
  cassette: string;
  update: boolean;
  inputs: string[];
  inputsFile?: string;
  format?: OutputFormat;
}

export async function recordedTest(args: RecordedTestArguments, context: CommandContext): Promise<number> {
  const config = await loadCliConfig();
  const cassette = await cassetteToUse(args);
  const ir = await compileRunnable(args.file, config.color, context);
  const inputs = await testInputs(args, ir, cassette);
  const engine = await connectToEngine(config, { startLocal: true, log: context.note });
  const workflowId = defaultWorkflowId(`test-${ir.id}`);
  const replay = args.update ? undefined : cassetteReplay(cassette!, workflowId);
  // A queue of its own: no other worker may answer this run's calls, live or not.
  const taskQueue = `orc-test-${randomBytes(6).toString('hex')}`;
  let worker: RunningWorker | undefined;
  try {
    worker = await startInProcessWorker(
      { ...config, taskQueue },
      engine,
      workflowId,
      replay ? { cassette: replay } : {},
    );
    const handle = await startTestRun(engine, taskQueue, ir, inputs, workflowId, context);
    context.note(
      `Started run ${handle.workflowId} of "${ir.id}" ${replay ? `answered from ${args.cassette}` : 'live, to re-record it'}`,
    );
    const stopOnInterrupt = terminateOnInterrupt(handle, context);
    const document = await followRun(handle, ir, inputs).finally(stopOnInterrupt);
    await worker.stop();
    worker = undefined;
    const rerecorded =
      args.update && document.status === 'completed' && document.success
        ? await rerecord(engine, handle, args.cassette, context)
        : undefined;
    const report = testReport(document, replay, args, rerecorded);
    if (args.format) printDocument(report, args.format, context);
    else context.print(renderReport(report, config.color));
    return report.passed ? EXIT.ok : EXIT.runFailed;
  } finally {
    await worker?.stop();
    await engine.connection.close().catch(() => {});
  }
}

/** The cassette to replay; with --update the one to replace (it may not exist yet). */
async function cassetteToUse(args: RecordedTestArguments): Promise<Cassette | undefined> {
  if (!args.update) return readCassette(args.cassette);
  return readCassette(args.cassette).catch(() => undefined);
}

/** The recorded inputs (those the pipeline still declares), then --inputs, then -i. */
function testInputs(
  args: RecordedTestArguments,
  ir: PipelineIR,
  cassette: Cassette | undefined,
): Promise<Record<string, unknown>> {
  return resolveInputs(ir, args, { base: declaredInputs(ir, cassette?.inputs ?? {}) });
}

async function startTestRun(
  engine: Engine,
  taskQueue: string,
  ir: PipelineIR,
  inputs: Record<string, unknown>,
  workflowId: string,
  context: CommandContext,
): Promise<WorkflowHandle> {
  const searchAttributes = await ensureSearchAttributes(engine, context.note);
  const options = runStartOptions(onOneQueue(ir), inputs, searchAttributes);
  return await engine.client.workflow.start(PIPELINE_WORKFLOW_TYPE, {
    ...options,
    taskQueue,
    workflowId,
    staticSummary: `${options.staticSummary} · orc test`,
  });
}

/** Ctrl-C ends the test's run too: no worker will ever poll its private task queue again. */
function terminateOnInterrupt(handle: WorkflowHandle, context: CommandContext): () => void {
  const onSignal = () => {
    context.note(`\nInterrupted: terminating the test's run ${handle.workflowId}.`);
    void handle
      .terminate('orc test was interrupted')
      .catch(() => {})
      .finally(() => process.exit(EXIT.interrupted));
  };
  process.once('SIGINT', onSignal);
  return () => process.removeListener('SIGINT', onSignal);
}

/**
 * The pipeline with every step's `task_queue` (and `defaults.task_queue`) left out: a test's
 * calls must all reach its own worker, the one that answers from the cassette.
 */
function onOneQueue(ir: PipelineIR): PipelineIR {
  const strip = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => strip(item));
    if (value === null || typeof value !== 'object' || key === 'parameters') return value;
    const fields = value as Record<string, unknown>;
    const isStepOrDefaults = key === 'defaults' || (typeof fields.id === 'string' && typeof fields.kind === 'string');
    return Object.fromEntries(
      Object.entries(fields)
        .filter(([name]) => !(isStepOrDefaults && name === 'task_queue'))
        .map(([name, item]) => [name, strip(item, name)]),
    );
  };
  return strip(ir) as PipelineIR;
}

async function rerecord(engine: Engine, handle: WorkflowHandle, path: string, context: CommandContext) {
  const { cassette, notes } = await cassetteOfRun(engine, handle.workflowId);
  for (const note of notes) context.note(`note: ${note}`);
  await writeCassette(path, cassette);
  return { file: path, calls: Object.keys(cassette.calls).length };
}

export interface TestReport {
  passed: boolean;
  pipeline: string;
  cassette: string;
  mode: 'replay' | 'update';
  run: { workflow_id: string; run_id: string; status: string };
  steps: { step: string; status: string; how: 'replayed' | 'live' | 'no calls'; calls: number }[];
  misses: { activity: string; step: string; message: string; diff?: string }[];
  error?: { step?: string; type: string; message: string };
  rerecorded?: { file: string; calls: number };
}

function testReport(
  document: ResultDocument,
  replay: CassetteReplay | undefined,
  args: RecordedTestArguments,
  rerecorded: TestReport['rerecorded'],
): TestReport {
  const misses = replay ? [...replay.misses] : [];
  const steps = Object.entries(document.steps).map(([step, report]) => {
    const calls = replay?.answered.get(step) ?? 0;
    const how: TestReport['steps'][number]['how'] = !replay ? 'live' : calls > 0 ? 'replayed' : 'no calls';
    return { step, status: report.status, how, calls };
  });
  return {
    passed:
      document.status === 'completed' && document.success && misses.length === 0 && (!args.update || !!rerecorded),
    pipeline: args.file,
    cassette: args.cassette,
    mode: replay ? 'replay' : 'update',
    run: { workflow_id: document.run.workflow_id, run_id: document.run.run_id, status: document.status },
    steps,
    misses,
    ...(document.error && misses.length === 0 ? { error: document.error } : {}),
    ...(rerecorded ? { rerecorded } : {}),
  };
}

function renderReport(report: TestReport, color: boolean): string {
  const painter = paint(color);
  const lines = report.steps.map(({ step, status, how, calls }) => {
    const missed = report.misses.some((miss) => isInside(miss.step, step));
    const what = missed
      ? 'no recorded answer'
      : how === 'replayed'
        ? `replayed (${calls} call${calls === 1 ? '' : 's'})`
        : how;
    const mark =
      status === 'completed' ? painter.green('✓') : status === 'failed' ? painter.red('✗') : painter.dim('·');
    return `  ${mark} ${printable(step)} ${status} · ${what}`;
  });
  for (const miss of report.misses)
    lines.push('', painter.red(`Step "${printable(miss.step)}": ${printable(miss.message)}`));
  if (report.error)
    lines.push(
      '',
      painter.red(
        printable(
          `Error${report.error.step ? ` in step "${report.error.step}"` : ''}: ${report.error.type}: ${report.error.message}`,
        ),
      ),
    );
  if (report.rerecorded) lines.push('', `Re-recorded ${report.rerecorded.calls} calls into ${report.rerecorded.file}.`);
  lines.push(
    report.passed
      ? painter.green(`PASS ${report.pipeline} against ${report.cassette}`)
      : painter.red(
          `FAIL ${report.pipeline} against ${report.cassette} (run ${report.run.workflow_id} ${report.run.status})`,
        ),
  );
  return lines.join('\n');
}
