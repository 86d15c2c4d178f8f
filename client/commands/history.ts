// `orc history RUN [--json | --output FILE]`: a run's event history — for replay tests
// (orc replay FILE) and bug reports. JSON as the Temporal CLI and the Web UI export it.
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { EXIT } from '../exit-codes.js';
import { withEngine } from '../find-run.js';
import { eventTypeName, fetchRunHistory, type RunHistory } from '../run-history.js';
import { formatDuration } from '../step-rows.js';
import type { CommandContext } from './command.js';

export async function historyCommand(
  args: { run: string; json: boolean; output?: string },
  context: CommandContext,
): Promise<number> {
  return await withEngine(context.note, async (engine) => {
    const found = await fetchRunHistory(engine, args.run);
    const events = found.history.events?.length ?? 0;
    const json = historyToJSON(found.history);
    if (args.output !== undefined) {
      await writeFile(args.output, `${json}\n`);
      if (args.json)
        context.print(
          JSON.stringify({ workflow_id: found.workflowId, run_id: found.runId, events, file: args.output }),
        );
      else
        context.note(
          `Wrote the history of run ${found.workflowId}/${found.runId} (${events} events) to ${args.output}. orc replay ${args.output} checks it against the current code.`,
        );
    } else if (args.json) context.print(json);
    else context.print(renderEvents(found));
    return EXIT.ok;
  });
}

/** One line per event: its number, time since the run started, type, and what it names. */
function renderEvents(found: RunHistory): string {
  const events = found.history.events ?? [];
  const start = timeOf(events[0]?.eventTime);
  const lines = [`Run ${found.workflowId}/${found.runId} (${found.workflowType}): ${events.length} events`];
  for (const event of events) {
    const at = formatDuration(Math.max(0, timeOf(event.eventTime) - start));
    const scheduled = event.activityTaskScheduledEventAttributes;
    const what = scheduled ? ` ${scheduled.activityType?.name ?? ''} ${scheduled.activityId ?? ''}` : '';
    lines.push(`  ${String(event.eventId ?? '').padStart(4)}  +${at.padEnd(9)} ${eventTypeName(event)}${what}`);
  }
  lines.push('--json prints the history itself; --output FILE writes it for orc replay.');
  return lines.join('\n');
}

function timeOf(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return time ? Number(time.seconds ?? 0) * 1_000 + Math.floor((time.nanos ?? 0) / 1e6) : 0;
}
