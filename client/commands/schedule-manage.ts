// `orc schedule list|describe|pause|unpause|trigger|backfill|delete`: schedules already made.
import type { ScheduleOverlapPolicy } from '@temporalio/client';
import { optionalString, outputFormatOf, type OutputFormat } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { ScheduleDocument } from '../schedule-view.js';
import { OUTPUT_OPTIONS, type CommandContext, type CommandSpec } from './command.js';

const TRIGGER_WAIT_MS = 5_000;

const OVERLAP_OPTION = {
  flags: '--overlap <POLICY>',
  description: "skip, buffer-one, buffer-all or allow-all (default: the schedule's; trigger: allow-all)",
};

export const scheduleListCommand: CommandSpec = {
  name: 'list',
  summary: 'schedules of runPipeline',
  options: [{ flags: '--pipeline <ID>', description: 'only schedules of this pipeline' }, ...OUTPUT_OPTIONS],
  run: async ({ options }, context) => {
    const pipeline = optionalString(options.pipeline);
    return scheduleList({ ...(pipeline !== undefined ? { pipeline } : {}), format: outputFormatOf(options) }, context);
  },
};

export const scheduleDescribeCommand: CommandSpec = {
  name: 'describe',
  summary: 'one schedule: its pipeline, timing, next runs and recent runs',
  arguments: ['<ID>'],
  options: OUTPUT_OPTIONS,
  run: async ({ args, options }, context) =>
    scheduleDescribe({ id: args[0]!, format: outputFormatOf(options) }, context),
};

const pauseCommand = (pause: boolean): CommandSpec => ({
  name: pause ? 'pause' : 'unpause',
  summary: pause ? 'no runs start until unpaused (runs already going go on)' : 'runs start again at the next time',
  arguments: ['<ID>'],
  options: [{ flags: '--reason <TEXT>', description: 'the note kept on the schedule' }, ...OUTPUT_OPTIONS],
  run: async ({ args, options }, context) =>
    schedulePause(
      { id: args[0]!, pause, reason: optionalString(options.reason), format: outputFormatOf(options) },
      context,
    ),
});

export const schedulePauseCommand = pauseCommand(true);
export const scheduleUnpauseCommand = pauseCommand(false);

export const scheduleTriggerCommand: CommandSpec = {
  name: 'trigger',
  summary: 'start one run now, even on a paused schedule',
  arguments: ['<ID>'],
  options: [OVERLAP_OPTION, ...OUTPUT_OPTIONS],
  run: async ({ args, options }, context) => {
    const { parseOverlap } = await import('../schedule-definition.js');
    const overlap = parseOverlap(optionalString(options.overlap));
    return scheduleTrigger({ id: args[0]!, overlap, format: outputFormatOf(options) }, context);
  },
};

export const scheduleBackfillCommand: CommandSpec = {
  name: 'backfill',
  summary: 'start a run for every time the schedule matches between --start and --end',
  arguments: ['<ID>'],
  options: [
    {
      flags: '--start <TIME>',
      description: 'ISO 8601; a time without a zone is local time, a date alone midnight UTC',
    },
    { flags: '--end <TIME>', description: 'ISO 8601, after --start' },
    OVERLAP_OPTION,
    ...OUTPUT_OPTIONS,
  ],
  run: async ({ args, options }, context) => {
    const { parseOverlap } = await import('../schedule-definition.js');
    return scheduleBackfill(
      {
        id: args[0]!,
        start: time(options.start, '--start'),
        end: time(options.end, '--end'),
        overlap: parseOverlap(optionalString(options.overlap)),
        format: outputFormatOf(options),
      },
      context,
    );
  },
};

export const scheduleDeleteCommand: CommandSpec = {
  name: 'delete',
  summary: 'delete a schedule (runs it started go on)',
  arguments: ['<ID>'],
  options: OUTPUT_OPTIONS,
  run: async ({ args, options }, context) => scheduleDelete({ id: args[0]!, format: outputFormatOf(options) }, context),
};

/** ISO 8601 (`2026-11-23T10:00:00Z`, or a date); a time without a zone is local time. */
function time(value: unknown, flag: string): Date {
  if (typeof value !== 'string')
    throw new CliError(
      `orc schedule backfill needs ${flag} TIME`,
      EXIT.invalid,
      'e.g. --start 2026-11-01T00:00:00Z --end 2026-11-02T00:00:00Z',
    );
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new CliError(
      `${flag} "${value}" is not a time`,
      EXIT.invalid,
      'write an ISO 8601 time such as 2026-11-01T09:00:00Z',
    );
  return date;
}

/** What the bodies below use, loaded when one of them runs. */
async function managing() {
  const [{ withEngine }, view, { overlapName }, { printDocument }, { PIPELINE_WORKFLOW_TYPE }] = await Promise.all([
    import('../find-run.js'),
    import('../schedule-view.js'),
    import('../schedule-definition.js'),
    import('../output-format.js'),
    import('../../workflows/messages.js'),
  ]);
  return { ...view, withEngine, overlapName, printDocument, PIPELINE_WORKFLOW_TYPE };
}

async function scheduleList(
  args: { pipeline?: string; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  const { withEngine, scheduleDocument, printDocument, renderScheduleTable, PIPELINE_WORKFLOW_TYPE } = await managing();
  return await withEngine(context.note, async (engine, config) => {
    const ids: string[] = [];
    // Listing is eventually consistent and thin; describe (consistent) says the rest.
    for await (const summary of engine.client.schedule.list())
      if (summary.action?.workflowType === PIPELINE_WORKFLOW_TYPE) ids.push(summary.scheduleId);
    const documents: ScheduleDocument[] = [];
    for (let index = 0; index < ids.length; index += 8) {
      const batch = await Promise.all(
        ids.slice(index, index + 8).map(async (id) => {
          const described = await engine.client.schedule
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          return described ? await scheduleDocument(engine, id, described, false) : undefined;
        }),
      );
      documents.push(
        ...batch.filter(
          (item): item is ScheduleDocument =>
            item !== undefined && (args.pipeline === undefined || item.pipeline?.id === args.pipeline),
        ),
      );
    }
    documents.sort((a, b) => a.schedule_id.localeCompare(b.schedule_id));
    if (args.format) printDocument(documents, args.format, context);
    else if (documents.length === 0)
      context.note(
        `No schedules${args.pipeline !== undefined ? ` of pipeline "${args.pipeline}"` : ''}. orc schedule create FILE makes one.`,
      );
    else context.print(renderScheduleTable(documents, config.color));
    return EXIT.ok;
  });
}

async function scheduleDescribe(args: { id: string; format?: OutputFormat }, context: CommandContext): Promise<number> {
  const { withEngine, describeOrExplain, scheduleDocument, printDocument, renderSchedule } = await managing();
  return await withEngine(context.note, async (engine, config) => {
    const { description } = await describeOrExplain(engine, args.id);
    const document = await scheduleDocument(engine, args.id, description, true);
    if (args.format) printDocument(document, args.format, context);
    else context.print(renderSchedule(document, config.color));
    return EXIT.ok;
  });
}

async function schedulePause(
  args: { id: string; pause: boolean; reason?: string; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  const { withEngine, describeOrExplain, notFoundOr, printDocument } = await managing();
  return await withEngine(context.note, async (engine, config) => {
    const { handle } = await describeOrExplain(engine, args.id);
    const note = args.reason ?? `${args.pause ? 'paused' : 'unpaused'} with orc by ${config.userName}`;
    try {
      await (args.pause ? handle.pause(note) : handle.unpause(note));
    } catch (error) {
      throw notFoundOr(error, engine, args.id);
    }
    if (args.format)
      printDocument({ schedule_id: args.id, paused: args.pause, note }, args.format, context, { compact: true });
    else
      context.print(
        args.pause
          ? `Paused schedule ${args.id}: no runs start until orc schedule unpause ${args.id}. Runs already going go on.`
          : `Unpaused schedule ${args.id}: runs start again at the next scheduled time.`,
      );
    return EXIT.ok;
  });
}

async function scheduleTrigger(
  args: { id: string; overlap?: ScheduleOverlapPolicy; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  const { withEngine, describeOrExplain, overlapName, printDocument } = await managing();
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await describeOrExplain(engine, args.id);
    const before = description.info.numActionsTaken;
    await handle.trigger(args.overlap);
    // The scheduler starts the run a moment later: wait briefly to name it.
    let started: string | undefined;
    for (const deadline = Date.now() + TRIGGER_WAIT_MS; started === undefined && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await handle.describe();
      if (now.info.numActionsTaken > before) started = now.info.recentActions.at(-1)?.action.workflow.workflowId;
    }
    if (args.format)
      printDocument({ schedule_id: args.id, workflow_id: started ?? null }, args.format, context, { compact: true });
    else
      context.print(
        started
          ? `Triggered schedule ${args.id}: started run ${started} (orc watch ${started} follows it).`
          : `Triggered schedule ${args.id}; its run has not started yet (overlap ${overlapName(args.overlap ?? 'ALLOW_ALL')}). orc schedule describe ${args.id} shows it.`,
      );
    return EXIT.ok;
  });
}

async function scheduleBackfill(
  args: { id: string; start: Date; end: Date; overlap?: ScheduleOverlapPolicy; format?: OutputFormat },
  context: CommandContext,
): Promise<number> {
  const { withEngine, describeOrExplain, overlapName, printDocument } = await managing();
  if (args.end.getTime() <= args.start.getTime())
    throw new CliError(
      `--end (${args.end.toISOString()}) must be after --start (${args.start.toISOString()})`,
      EXIT.invalid,
    );
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await describeOrExplain(engine, args.id);
    await handle.backfill({ start: args.start, end: args.end, ...(args.overlap ? { overlap: args.overlap } : {}) });
    const overlap = overlapName(args.overlap ?? description.policies.overlap);
    if (args.format)
      printDocument(
        { schedule_id: args.id, start: args.start.toISOString(), end: args.end.toISOString(), overlap },
        args.format,
        context,
        { compact: true },
      );
    else
      context.print(
        `Backfill of schedule ${args.id} from ${args.start.toISOString()} to ${args.end.toISOString()} requested (overlap ${overlap}): a run starts now for each time in that window. orc schedule describe ${args.id} shows them.`,
      );
    if (overlap === 'skip' && !args.format)
      context.note(
        'note: with overlap skip, times that fall while an earlier run still runs are skipped; --overlap allow-all (or buffer-all) starts every one.',
      );
    return EXIT.ok;
  });
}

async function scheduleDelete(args: { id: string; format?: OutputFormat }, context: CommandContext): Promise<number> {
  const { withEngine, describeOrExplain, notFoundOr, printDocument } = await managing();
  return await withEngine(context.note, async (engine) => {
    const { handle } = await describeOrExplain(engine, args.id);
    try {
      await handle.delete();
    } catch (error) {
      throw notFoundOr(error, engine, args.id);
    }
    if (args.format) printDocument({ schedule_id: args.id, deleted: true }, args.format, context, { compact: true });
    else context.print(`Deleted schedule ${args.id}. Runs it started go on; orc list shows them.`);
    return EXIT.ok;
  });
}
