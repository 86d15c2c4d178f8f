// `orc schedule create FILE` and `orc schedule update ID FILE`: compile the file, embed the IR
// in the schedule's action (scheduled runs are pinned to it), and create or replace the schedule.
import type { ScheduleDescription, ScheduleOptions } from '@temporalio/client';
import { optionalString, outputFormatOf, stringList, type OutputFormat } from '../arguments.js';
import type { CliConfig } from '../config.js';
import type { Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { ScheduleFlags, ScheduleTiming } from '../schedule-definition.js';
import type { ScheduleDocument } from '../schedule-view.js';
import {
  OUTPUT_OPTIONS,
  TASK_QUEUE_OPTION,
  type CommandContext,
  type CommandSpec,
  type OptionSpec,
} from './command.js';

const OVERLAPS = 'skip, buffer-one, buffer-all or allow-all';

/** The flags create and update share: timing, inputs, policy. */
const FILE_OPTIONS: readonly OptionSpec[] = [
  { flags: '--cron <EXPR>', description: 'five cron fields, or @daily, @hourly …' },
  { flags: '--every <DURATION>', description: '30s, 5m, 2h, 1d (whole seconds)' },
  { flags: '--timezone <TZ>', description: 'an IANA time zone for the timing (UTC otherwise)' },
  { flags: '-i, --input <name=value>', description: 'an input of every scheduled run', repeatable: true },
  { flags: '--inputs <FILE>', description: 'inputs from a JSON or YAML mapping (-i wins over it)' },
  { flags: '--overlap <POLICY>', description: `when a time comes while a run still runs: ${OVERLAPS}` },
  { flags: '--paused', description: 'create it paused' },
  TASK_QUEUE_OPTION,
  ...OUTPUT_OPTIONS,
];

export const scheduleCreateCommand: CommandSpec = {
  name: 'create',
  summary:
    "a Temporal Schedule that starts the pipeline as compiled now (timing: the flags, else the file's schedule: block)",
  arguments: ['<FILE>'],
  options: [{ flags: '--id <ID>', description: 'the schedule id (default: the pipeline id)' }, ...FILE_OPTIONS],
  run: async ({ args, options }, context) =>
    scheduleCreate(
      {
        ...fileArguments(options),
        file: args[0]!,
        ...(optionalString(options.id) !== undefined ? { id: optionalString(options.id)! } : {}),
      },
      context,
    ),
};

export const scheduleUpdateCommand: CommandSpec = {
  name: 'update',
  summary: 'recompile the file and point the schedule at it; what neither flags nor file say stays',
  arguments: ['<ID>', '<FILE>'],
  options: FILE_OPTIONS,
  run: async ({ args, options }, context) =>
    scheduleUpdate({ ...fileArguments(options), id: args[0]!, file: args[1]! }, context),
};

function fileArguments(options: Record<string, unknown>): Omit<ScheduleFileArguments, 'file'> {
  const pick = (key: string) => optionalString(options[key]);
  return {
    ...(pick('cron') !== undefined ? { cron: pick('cron')! } : {}),
    ...(pick('every') !== undefined ? { every: pick('every')! } : {}),
    ...(pick('timezone') !== undefined ? { timezone: pick('timezone')! } : {}),
    ...(pick('overlap') !== undefined ? { overlap: pick('overlap')! } : {}),
    ...(pick('inputs') !== undefined ? { inputsFile: pick('inputs')! } : {}),
    ...(pick('taskQueue') !== undefined ? { taskQueue: pick('taskQueue')! } : {}),
    paused: options.paused === true,
    inputs: stringList(options.input),
    format: outputFormatOf(options),
  };
}

/** What the bodies below use, loaded when one of them runs. */
async function scheduling() {
  const [client, definition, view, config, connect, findRun, inProcess, searchAttributes, compile, attributes] =
    await Promise.all([
      import('@temporalio/client'),
      import('../schedule-definition.js'),
      import('../schedule-view.js'),
      import('../config.js'),
      import('../connect.js'),
      import('../find-run.js'),
      import('../in-process-worker.js'),
      import('../search-attributes.js'),
      import('../compile-or-exit.js'),
      import('../../workflows/search-attributes.js'),
    ]);
  return {
    ...definition,
    ...view,
    isGrpcServiceError: client.isGrpcServiceError,
    ScheduleAlreadyRunning: client.ScheduleAlreadyRunning,
    ServiceError: client.ServiceError,
    loadCliConfig: config.loadCliConfig,
    connectToEngine: connect.connectToEngine,
    withEngine: findRun.withEngine,
    hasLiveWorker: inProcess.hasLiveWorker,
    ensureSearchAttributes: searchAttributes.ensureSearchAttributes,
    compileRunnable: compile.compileRunnable,
    PIPELINE_ID_ATTRIBUTE: attributes.PIPELINE_ID_ATTRIBUTE,
  };
}

interface ScheduleFileArguments extends ScheduleFlags {
  file: string;
  id?: string;
  format?: OutputFormat;
  taskQueue?: string;
}

const GRPC_INVALID_ARGUMENT = 3;

async function scheduleCreate(args: ScheduleFileArguments, context: CommandContext): Promise<number> {
  const {
    compileRunnable,
    connectToEngine,
    describeOrExplain,
    ensureSearchAttributes,
    loadCliConfig,
    OVERLAP_POLICIES,
    parseOverlap,
    PIPELINE_ID_ATTRIBUTE,
    resolveTiming,
    scheduleAction,
    ScheduleAlreadyRunning,
    scheduleDocument,
    scheduledInputs,
    timingSpec,
  } = await scheduling();
  const config = await loadCliConfig({ taskQueue: args.taskQueue });
  const ir = await compileRunnable(args.file, config.color, context);
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
      throw await refusedOr(error, timing);
    }
    const { description } = await describeOrExplain(engine, scheduleId);
    const document = await scheduleDocument(engine, scheduleId, description, false);
    await report(`Created schedule ${scheduleId}.`, document, args.format, config, context);
    await warnWithoutWorker(engine, config.taskQueue, context);
    return EXIT.ok;
  } finally {
    await engine.connection.close().catch(() => {});
  }
}

async function scheduleUpdate(args: ScheduleFileArguments & { id: string }, context: CommandContext): Promise<number> {
  const {
    compileRunnable,
    describeOrExplain,
    ensureSearchAttributes,
    loadCliConfig,
    OVERLAP_POLICIES,
    parseOverlap,
    PIPELINE_ID_ATTRIBUTE,
    resolveTiming,
    scheduleAction,
    scheduleDocument,
    scheduledInputs,
    timingSpec,
    withEngine,
  } = await scheduling();
  const config = await loadCliConfig({ taskQueue: args.taskQueue });
  const ir = await compileRunnable(args.file, config.color, context);
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
      throw await refusedOr(error, timing);
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
    await report(`Updated schedule ${args.id}${was}.`, document, args.format, config, context);
    return EXIT.ok;
  });
}

/** The server checks the cron expression; its refusal is the user's mistake, not ours. */
async function refusedOr(error: unknown, timing: ScheduleTiming): Promise<unknown> {
  const { isGrpcServiceError, ServiceError } = await scheduling();
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

async function report(
  headline: string,
  document: ScheduleDocument,
  format: OutputFormat | undefined,
  config: CliConfig,
  context: CommandContext,
): Promise<void> {
  if (format) {
    const { printDocument } = await import('../output-format.js');
    printDocument(document, format, context);
  } else {
    context.note(headline);
    context.print((await scheduling()).renderSchedule(document, config.color));
  }
}

async function warnWithoutWorker(engine: Engine, taskQueue: string, context: CommandContext): Promise<void> {
  const { hasLiveWorker } = await scheduling();
  if (await hasLiveWorker(engine, taskQueue).catch(() => true)) return;
  context.note(
    `note: no worker polls task queue "${taskQueue}" now; scheduled runs wait, durably, until one does (orc worker, or orc dev).`,
  );
}
