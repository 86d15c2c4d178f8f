// `orc history RUN [--json | --output FILE]`: a run's event history — for replay tests
// (orc replay FILE) and bug reports. JSON as the Temporal CLI and the Web UI export it.
import { writeFile } from 'node:fs/promises';
import { optionalString } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import { formatDuration } from '../format-time.js';
import type { RunHistory } from '../run-history.js';
import type { CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

type HistoryEvent = NonNullable<RunHistory['history']['events']>[number];

export const historyCommand: CommandSpec = {
  name: 'history',
  summary: "a run's event history: a listing, or JSON for orc replay and bug reports",
  arguments: ['<RUN>'],
  options: [
    { flags: '--json', description: 'print the history as JSON (the Temporal event-history format)' },
    { flags: '--output <FILE>', description: 'write the JSON history to FILE' },
  ],
  details: `${RUN_DETAILS}\nThe JSON is what the Temporal CLI and the Web UI export (so no -o yaml here: --output names a file).`,
  run: async ({ args, options }, context) => {
    const [{ historyToJSON }, { withEngine }, { eventTypeName, fetchRunHistory }] = await Promise.all([
      import('@temporalio/common/lib/proto-utils.js'),
      import('../find-run.js'),
      import('../run-history.js'),
    ]);
    const output = optionalString(options.output);
    return await withEngine(context.note, async (engine) => {
      const found = await fetchRunHistory(engine, args[0]!);
      const events = found.history.events?.length ?? 0;
      const json = historyToJSON(found.history);
      if (output !== undefined) {
        await writeFile(output, `${json}\n`);
        if (options.json === true)
          context.print(JSON.stringify({ workflow_id: found.workflowId, run_id: found.runId, events, file: output }));
        else
          context.note(
            `Wrote the history of run ${found.workflowId}/${found.runId} (${events} events) to ${output}. orc replay ${output} checks it against the current code.`,
          );
      } else if (options.json === true) context.print(json);
      else context.print(renderEvents(found, eventTypeName));
      return EXIT.ok;
    });
  },
};

/** One line per event: its number, time since the run started, type, and what it names. */
function renderEvents(found: RunHistory, eventTypeName: (event: HistoryEvent) => string): string {
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
