// `orc schedule create FILE` and `orc schedule update ID FILE`: compile the file, embed the IR
// in the schedule's action (scheduled runs are pinned to it), and create or replace the schedule.
import {
  isGrpcServiceError,
  ScheduleAlreadyRunning,
  ServiceError,
  type ScheduleDescription,
  type ScheduleOptions,
} from '@temporalio/client';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { unsupportedFeatures } from '../../workflows/lang/runnable.js';
import { PIPELINE_ID_ATTRIBUTE } from '../../workflows/search-attributes.js';
import { loadCliConfig, type CliConfig } from '../config.js';
import { connectToEngine, type Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withEngine } from '../find-run.js';
import { hasLiveWorker } from '../in-process-worker.js';
import {
  OVERLAP_POLICIES,
  parseOverlap,
  resolveTiming,
  scheduleAction,
  scheduledInputs,
  timingSpec,
  type ScheduleFlags,
  type ScheduleTiming,
} from '../schedule-definition.js';
import { describeOrExplain, renderSchedule, scheduleDocument, type ScheduleDocument } from '../schedule-view.js';
import { ensureSearchAttributes } from '../search-attributes.js';
import type { CommandContext } from './command.js';
import { compileOrExit } from './validate.js';

export interface ScheduleFileArguments extends ScheduleFlags {
  file: string;
  id?: string;
  json: boolean;
  taskQueue?: string;
}

const GRPC_INVALID_ARGUMENT = 3;

export async function scheduleCreateCommand(args: ScheduleFileArguments, context: CommandContext): Promise<number> {
  const config = loadCliConfig({ taskQueue: args.taskQueue });
  const ir = await compileRunnable(args.file, config, context);
  const timing = resolveTiming(args.file, ir.schedule, args, false)!;
  const inputs = await scheduledInputs(ir, ir.schedule?.inputs ?? {}, args);
  const scheduleId = args.id ?? ir.id;
  const overlap = parseOverlap(args.overlap) ?? OVERLAP_POLICIES[ir.schedule?.overlap ?? 'skip'];
  const engine = await connectToEngine(config, { startLocal: true, log: context.note });
  try {
    const searchAttributes = await ensureSearchAttributes(engine, context.note);
    const options: ScheduleOptions = {
      scheduleId,
      spec: timingSpec(timing),
      action: scheduleAction(ir, scheduleId, config.taskQueue, inputs, timing, searchAttributes),
      policies: { overlap },
      state: {
        paused: args.paused || ir.schedule?.paused === true,
        ...(args.paused ? { note: 'created paused (--paused)' } : {}),
      },
      ...(searchAttributes ? { typedSearchAttributes: [{ key: PIPELINE_ID_ATTRIBUTE, value: ir.id }] } : {}),
    };
    try {
      await engine.client.schedule.create(options);
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning)
        throw new CliError(
          `a schedule "${scheduleId}" already exists`,
          EXIT.invalid,
          `orc schedule update ${scheduleId} ${args.file} replaces its pipeline; or choose another --id`,
        );
      throw refusedOr(error, timing);
    }
    const { description } = await describeOrExplain(engine, scheduleId);
    const document = await scheduleDocument(engine, scheduleId, description, false);
    report(`Created schedule ${scheduleId}.`, document, args.json, config, context);
    await warnWithoutWorker(engine, config.taskQueue, context);
    return EXIT.ok;
  } finally {
    await engine.connection.close().catch(() => {});
  }
}

export async function scheduleUpdateCommand(
  args: ScheduleFileArguments & { id: string },
  context: CommandContext,
): Promise<number> {
  const config = loadCliConfig({ taskQueue: args.taskQueue });
  const ir = await compileRunnable(args.file, config, context);
  const overlapFlag = parseOverlap(args.overlap);
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await describeOrExplain(engine, args.id);
    const previous = await scheduleDocument(engine, args.id, description, false);
    // Whatever neither the flags nor the file say stays as it was.
    const resolved = resolveTiming(args.file, ir.schedule, args, true);
    const timezone = resolved?.timezone ?? previous.timing.timezone;
    const timing = resolved ? { ...resolved, ...(timezone ? { timezone } : {}) } : stripText(previous.timing);
    const inputs = await scheduledInputs(ir, ir.schedule ? ir.schedule.inputs : previous.inputs, args);
    const overlap = overlapFlag ?? (ir.schedule ? OVERLAP_POLICIES[ir.schedule.overlap] : description.policies.overlap);
    const searchAttributes = await ensureSearchAttributes(engine, context.note);
    const taskQueue = args.taskQueue ?? previous.task_queue;
    try {
      await handle.update((current: ScheduleDescription) => ({
        spec: timingSpec(timing),
        action: scheduleAction(ir, args.id, taskQueue, inputs, timing, searchAttributes),
        policies: {
          overlap,
          catchupWindow: current.policies.catchupWindow,
          pauseOnFailure: current.policies.pauseOnFailure,
        },
        state: {
          paused: current.state.paused || args.paused,
          ...(current.state.note ? { note: current.state.note } : {}),
          ...(current.state.remainingActions !== undefined ? { remainingActions: current.state.remainingActions } : {}),
        },
        ...(searchAttributes ? { typedSearchAttributes: [{ key: PIPELINE_ID_ATTRIBUTE, value: ir.id }] } : {}),
      }));
    } catch (error) {
      throw refusedOr(error, timing);
    }
    const document = await scheduleDocument(
      engine,
      args.id,
      (await describeOrExplain(engine, args.id)).description,
      true,
    );
    const was = previous.pipeline
      ? ` (it ran ${previous.pipeline.id} ${previous.pipeline.hash.slice(0, 19)}…; runs already started keep that)`
      : '';
    report(`Updated schedule ${args.id}${was}.`, document, args.json, config, context);
    return EXIT.ok;
  });
}

/** Compiled and runnable by this version, or exit 2 with the compiler's diagnostics. */
async function compileRunnable(file: string, config: CliConfig, context: CommandContext): Promise<PipelineIR> {
  const ir = await compileOrExit(file, config.color, context);
  const unsupported = unsupportedFeatures(ir);
  if (unsupported.length > 0)
    throw new CliError(
      `${file} is valid, but this version of orc cannot run it yet:\n  ${unsupported.join('\n  ')}`,
      EXIT.invalid,
      'see docs/pipeline-language.md for what runs today',
    );
  return ir;
}

/** The server checks the cron expression; its refusal is the user's mistake, not ours. */
function refusedOr(error: unknown, timing: ScheduleTiming): unknown {
  // The SDK turns the server's INVALID_ARGUMENT into a TypeError carrying the server's words.
  const cause = error instanceof ServiceError ? error.cause : error;
  const invalid = error instanceof TypeError || (isGrpcServiceError(cause) && cause.code === GRPC_INVALID_ARGUMENT);
  if (!invalid) return error;
  const message = isGrpcServiceError(cause) ? cause.details || cause.message : (error as Error).message;
  return new CliError(
    `Temporal refused the schedule${timing.cron ? ` (cron "${timing.cron}")` : ''}: ${message}`,
    EXIT.invalid,
    timing.cron
      ? 'cron has five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5"; or @daily, @hourly'
      : undefined,
  );
}

function stripText(timing: ScheduleDocument['timing']): ScheduleTiming {
  const { text: _text, ...rest } = timing;
  return rest;
}

function report(
  headline: string,
  document: ScheduleDocument,
  json: boolean,
  config: CliConfig,
  context: CommandContext,
): void {
  if (json) context.print(JSON.stringify(document, null, 2));
  else {
    context.note(headline);
    context.print(renderSchedule(document, config.color));
  }
}

async function warnWithoutWorker(engine: Engine, taskQueue: string, context: CommandContext): Promise<void> {
  if (await hasLiveWorker(engine, taskQueue).catch(() => true)) return;
  context.note(
    `note: no worker polls task queue "${taskQueue}" now; scheduled runs wait, durably, until one does (orc worker, or orc dev).`,
  );
}
