// From a compiled pipeline and `orc schedule create|update` flags to a Temporal Schedule: when it
// fires (the flags, else the file's `schedule:` block), what each firing starts (runPipeline with
// the compiled IR embedded, so a scheduled run is pinned to what the schedule was made from).
import type { ScheduleOptionsAction, ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import { parseDuration } from '../workflows/lang/compile/index.js';
import type { PipelineIR, ScheduleIR } from '../workflows/lang/ir.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolveInputs } from './parse-inputs.js';
import { runStartOptions } from './run-start-options.js';
import { PIPELINE_WORKFLOW_TYPE } from '../workflows/messages.js';

/** What the command line says about timing, inputs and policy; all optional. */
export interface ScheduleFlags {
  cron?: string;
  every?: string;
  timezone?: string;
  overlap?: string;
  paused: boolean;
  inputs: string[];
  inputsFile?: string;
}

/** The timing as the user wrote it: kept in the action's memo, since Temporal turns cron into calendars. */
export interface ScheduleTiming {
  cron?: string;
  every_ms?: number;
  timezone?: string;
}

/** The memo key under which each scheduled run (and `orc schedule describe`) finds the timing. */
export const TIMING_MEMO_KEY = 'orc_schedule';

export const OVERLAP_POLICIES: Record<string, ScheduleOverlapPolicy> = {
  skip: 'SKIP',
  'buffer-one': 'BUFFER_ONE',
  'buffer-all': 'BUFFER_ALL',
  'allow-all': 'ALLOW_ALL',
};

export function parseOverlap(text: string | undefined, flag = '--overlap'): ScheduleOverlapPolicy | undefined {
  if (text === undefined) return undefined;
  const policy = OVERLAP_POLICIES[text];
  if (!policy)
    throw new CliError(
      `${flag} must be one of ${Object.keys(OVERLAP_POLICIES).join(', ')}, not "${text}"`,
      EXIT.invalid,
    );
  return policy;
}

export function overlapName(policy: ScheduleOverlapPolicy | undefined): string {
  return (
    Object.entries(OVERLAP_POLICIES).find(([, value]) => value === policy)?.[0] ??
    String(policy ?? 'skip').toLowerCase()
  );
}

/**
 * The timing: flags win over the file's `schedule:` block. Undefined only when neither says
 * anything and `keep` allows it (update keeps the schedule's current timing).
 */
export function resolveTiming(
  file: string,
  block: ScheduleIR | undefined,
  flags: ScheduleFlags,
  keep: boolean,
): ScheduleTiming | undefined {
  if (flags.cron !== undefined && flags.every !== undefined)
    throw new CliError('give --cron or --every, not both', EXIT.invalid);
  const timezone = flags.timezone ?? block?.timezone;
  if (timezone !== undefined) checkTimezone(timezone);
  if (flags.cron !== undefined) return { cron: flags.cron, ...(timezone ? { timezone } : {}) };
  if (flags.every !== undefined) return { every_ms: parseEvery(flags.every), ...(timezone ? { timezone } : {}) };
  if (block)
    return {
      ...(block.cron ? { cron: block.cron } : {}),
      ...(block.every_ms ? { every_ms: checkEvery(block.every_ms, 'schedule.every') } : {}),
      ...(timezone ? { timezone } : {}),
    };
  if (keep) return undefined;
  throw new CliError(
    `${file} has no schedule: block, and neither --cron nor --every was given`,
    EXIT.invalid,
    'add --cron "0 9 * * 1-5" or --every 1h, or a schedule: block with cron or every to the file',
  );
}

export function timingSpec(timing: ScheduleTiming): ScheduleSpec {
  return {
    ...(timing.cron ? { cronExpressions: [timing.cron] } : {}),
    ...(timing.every_ms ? { intervals: [{ every: timing.every_ms }] } : {}),
    ...(timing.timezone ? { timezone: timing.timezone } : {}),
  };
}

/** The block's inputs, then --inputs, then -i (the later wins), checked against the parameters. */
export function scheduledInputs(
  ir: PipelineIR,
  base: Record<string, unknown>,
  flags: ScheduleFlags,
): Promise<Record<string, unknown>> {
  return resolveInputs(ir, flags, { base, hint: 'pass inputs as -i name=value, or under schedule.inputs in the file' });
}

/** Each firing starts runPipeline as `<pipeline id>-<schedule id>`; Temporal appends the time. */
export function scheduleAction(
  ir: PipelineIR,
  scheduleId: string,
  taskQueue: string,
  inputs: Record<string, unknown>,
  timing: ScheduleTiming,
  searchAttributes: boolean,
): ScheduleOptionsAction {
  return {
    type: 'startWorkflow',
    workflowType: PIPELINE_WORKFLOW_TYPE,
    workflowId: `${ir.id}-${scheduleId}`,
    taskQueue,
    memo: { [TIMING_MEMO_KEY]: timing },
    ...runStartOptions(ir, inputs, searchAttributes),
  };
}

function parseEvery(text: string): number {
  const milliseconds = parseDuration(text);
  if (milliseconds === undefined)
    throw new CliError(
      `--every must be a duration, not "${text}"`,
      EXIT.invalid,
      'write "30s", "5m", "2h", "1d" or a number of seconds',
    );
  return checkEvery(milliseconds, '--every');
}

function checkEvery(milliseconds: number, what: string): number {
  // Temporal counts schedule intervals in whole seconds.
  if (milliseconds < 1_000 || milliseconds % 1_000 !== 0)
    throw new CliError(`${what} must be a whole number of seconds, at least 1s (not ${milliseconds} ms)`, EXIT.invalid);
  return milliseconds;
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new CliError(
      `"${timezone}" is not a time zone`,
      EXIT.invalid,
      'use an IANA name such as "Europe/Paris", "America/New_York" or "UTC"',
    );
  }
}
