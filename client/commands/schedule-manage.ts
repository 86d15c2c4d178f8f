// `orc schedule list|describe|pause|unpause|trigger|backfill|delete`: schedules already made.
import type { ScheduleOverlapPolicy } from '@temporalio/client';
import { CliError, EXIT } from '../exit-codes.js';
import { withEngine } from '../find-run.js';
import { overlapName } from '../schedule-definition.js';
import {
  describeOrExplain,
  notFoundOr,
  renderSchedule,
  renderScheduleTable,
  scheduleDocument,
  type ScheduleDocument,
} from '../schedule-view.js';
import type { CommandContext } from './command.js';
import { PIPELINE_WORKFLOW_TYPE } from '../../workflows/messages.js';

const TRIGGER_WAIT_MS = 5_000;

export async function scheduleListCommand(
  args: { pipeline?: string; json: boolean },
  context: CommandContext,
): Promise<number> {
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
    if (args.json) context.print(JSON.stringify(documents, null, 2));
    else if (documents.length === 0)
      context.note(
        `No schedules${args.pipeline !== undefined ? ` of pipeline "${args.pipeline}"` : ''}. orc schedule create FILE makes one.`,
      );
    else context.print(renderScheduleTable(documents, config.color));
    return EXIT.ok;
  });
}

export async function scheduleDescribeCommand(
  args: { id: string; json: boolean },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const { description } = await describeOrExplain(engine, args.id);
    const document = await scheduleDocument(engine, args.id, description, true);
    context.print(args.json ? JSON.stringify(document, null, 2) : renderSchedule(document, config.color));
    return EXIT.ok;
  });
}

export async function schedulePauseCommand(
  args: { id: string; pause: boolean; reason?: string; json: boolean },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const { handle } = await describeOrExplain(engine, args.id);
    const note = args.reason ?? `${args.pause ? 'paused' : 'unpaused'} with orc by ${config.userName}`;
    try {
      await (args.pause ? handle.pause(note) : handle.unpause(note));
    } catch (error) {
      throw notFoundOr(error, engine, args.id);
    }
    if (args.json) context.print(JSON.stringify({ schedule_id: args.id, paused: args.pause, note }));
    else
      context.print(
        args.pause
          ? `Paused schedule ${args.id}: no runs start until orc schedule unpause ${args.id}. Runs already going go on.`
          : `Unpaused schedule ${args.id}: runs start again at the next scheduled time.`,
      );
    return EXIT.ok;
  });
}

export async function scheduleTriggerCommand(
  args: { id: string; overlap?: ScheduleOverlapPolicy; json: boolean },
  context: CommandContext,
): Promise<number> {
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
    if (args.json) context.print(JSON.stringify({ schedule_id: args.id, workflow_id: started ?? null }));
    else
      context.print(
        started
          ? `Triggered schedule ${args.id}: started run ${started} (orc watch ${started} follows it).`
          : `Triggered schedule ${args.id}; its run has not started yet (overlap ${overlapName(args.overlap ?? 'ALLOW_ALL')}). orc schedule describe ${args.id} shows it.`,
      );
    return EXIT.ok;
  });
}

export async function scheduleBackfillCommand(
  args: { id: string; start: Date; end: Date; overlap?: ScheduleOverlapPolicy; json: boolean },
  context: CommandContext,
): Promise<number> {
  if (args.end.getTime() <= args.start.getTime())
    throw new CliError(
      `--end (${args.end.toISOString()}) must be after --start (${args.start.toISOString()})`,
      EXIT.invalid,
    );
  return await withEngine(context.note, async (engine) => {
    const { handle, description } = await describeOrExplain(engine, args.id);
    await handle.backfill({ start: args.start, end: args.end, ...(args.overlap ? { overlap: args.overlap } : {}) });
    const overlap = overlapName(args.overlap ?? description.policies.overlap);
    if (args.json)
      context.print(
        JSON.stringify({ schedule_id: args.id, start: args.start.toISOString(), end: args.end.toISOString(), overlap }),
      );
    else
      context.print(
        `Backfill of schedule ${args.id} from ${args.start.toISOString()} to ${args.end.toISOString()} requested (overlap ${overlap}): a run starts now for each time in that window. orc schedule describe ${args.id} shows them.`,
      );
    if (overlap === 'skip' && !args.json)
      context.note(
        'note: with overlap skip, times that fall while an earlier run still runs are skipped; --overlap allow-all (or buffer-all) starts every one.',
      );
    return EXIT.ok;
  });
}

export async function scheduleDeleteCommand(
  args: { id: string; json: boolean },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine) => {
    const { handle } = await describeOrExplain(engine, args.id);
    try {
      await handle.delete();
    } catch (error) {
      throw notFoundOr(error, engine, args.id);
    }
    if (args.json) context.print(JSON.stringify({ schedule_id: args.id, deleted: true }));
    else context.print(`Deleted schedule ${args.id}. Runs it started go on; orc list shows them.`);
    return EXIT.ok;
  });
}
