// `orc schedule SUBCOMMAND …`: one router entry for every schedule command. The options are
// the union of all subcommands' (node:util parses once); each subcommand refuses the others.
import { optionalString } from './arguments.js';
import type { CommandContext, CommandSpec } from './commands/command.js';
import {
  scheduleCreateCommand,
  scheduleUpdateCommand,
  type ScheduleFileArguments,
} from './commands/schedule-create.js';
import {
  scheduleBackfillCommand,
  scheduleDeleteCommand,
  scheduleDescribeCommand,
  scheduleListCommand,
  schedulePauseCommand,
  scheduleTriggerCommand,
} from './commands/schedule-manage.js';
import { CliError, EXIT } from './exit-codes.js';
import { parseOverlap } from './schedule-definition.js';

const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const FILE_FLAGS = ['cron', 'every', 'timezone', 'input', 'inputs', 'overlap', 'paused', 'task-queue', 'json'];

interface Subcommand {
  usage: string;
  flags: string[];
  run(values: Record<string, unknown>, positionals: string[], context: CommandContext): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  create: {
    usage:
      'orc schedule create FILE [--id ID] [--cron EXPR | --every DURATION] [--timezone TZ] [-i name=value]… [--inputs F] [--overlap skip|buffer-one|buffer-all|allow-all] [--paused] [--task-queue Q] [--json]',
    flags: ['id', ...FILE_FLAGS],
    run: (values, positionals, context) =>
      scheduleCreateCommand(
        {
          ...fileArguments(values),
          file: exactly(positionals, 1, 'create FILE')[0]!,
          ...(optionalString(values.id) !== undefined ? { id: optionalString(values.id)! } : {}),
        },
        context,
      ),
  },
  update: {
    usage:
      'orc schedule update ID FILE [--cron EXPR | --every DURATION] [--timezone TZ] [-i name=value]… [--inputs F] [--overlap P] [--paused] [--task-queue Q] [--json]',
    flags: FILE_FLAGS,
    run: (values, positionals, context) => {
      const [id, file] = exactly(positionals, 2, 'update ID FILE');
      return scheduleUpdateCommand({ ...fileArguments(values), id: id!, file: file! }, context);
    },
  },
  list: {
    usage: 'orc schedule list [--pipeline ID] [--json]',
    flags: ['pipeline', 'json'],
    run: (values, positionals, context) => {
      exactly(positionals, 0, 'list');
      const pipeline = optionalString(values.pipeline);
      return scheduleListCommand(
        { ...(pipeline !== undefined ? { pipeline } : {}), json: values.json === true },
        context,
      );
    },
  },
  describe: {
    usage: 'orc schedule describe ID [--json]',
    flags: ['json'],
    run: (values, positionals, context) =>
      scheduleDescribeCommand({ id: exactly(positionals, 1, 'describe ID')[0]!, json: values.json === true }, context),
  },
  pause: {
    usage: 'orc schedule pause ID [--reason R] [--json]',
    flags: ['reason', 'json'],
    run: (values, positionals, context) =>
      schedulePauseCommand(
        {
          id: exactly(positionals, 1, 'pause ID')[0]!,
          pause: true,
          reason: optionalString(values.reason),
          json: values.json === true,
        },
        context,
      ),
  },
  unpause: {
    usage: 'orc schedule unpause ID [--reason R] [--json]',
    flags: ['reason', 'json'],
    run: (values, positionals, context) =>
      schedulePauseCommand(
        {
          id: exactly(positionals, 1, 'unpause ID')[0]!,
          pause: false,
          reason: optionalString(values.reason),
          json: values.json === true,
        },
        context,
      ),
  },
  trigger: {
    usage: 'orc schedule trigger ID [--overlap P] [--json]',
    flags: ['overlap', 'json'],
    run: (values, positionals, context) =>
      scheduleTriggerCommand(
        {
          id: exactly(positionals, 1, 'trigger ID')[0]!,
          overlap: parseOverlap(optionalString(values.overlap)),
          json: values.json === true,
        },
        context,
      ),
  },
  backfill: {
    usage: 'orc schedule backfill ID --start TIME --end TIME [--overlap P] [--json]',
    flags: ['start', 'end', 'overlap', 'json'],
    run: (values, positionals, context) =>
      scheduleBackfillCommand(
        {
          id: exactly(positionals, 1, 'backfill ID --start TIME --end TIME')[0]!,
          start: time(values.start, '--start'),
          end: time(values.end, '--end'),
          overlap: parseOverlap(optionalString(values.overlap)),
          json: values.json === true,
        },
        context,
      ),
  },
  delete: {
    usage: 'orc schedule delete ID [--json]',
    flags: ['json'],
    run: (values, positionals, context) =>
      scheduleDeleteCommand({ id: exactly(positionals, 1, 'delete ID')[0]!, json: values.json === true }, context),
  },
};

export const SCHEDULE_COMMAND: CommandSpec = {
  usage: Object.values(SUBCOMMANDS)
    .map((sub) => sub.usage)
    .join('\n       '),
  summary:
    'Temporal Schedules that start a pipeline: create, list, describe, pause, unpause, trigger, backfill, update, delete',
  options: {
    id: text,
    cron: text,
    every: text,
    timezone: text,
    input: { type: 'string', short: 'i', multiple: true },
    inputs: text,
    overlap: text,
    paused: flag,
    'task-queue': text,
    json: flag,
    pipeline: text,
    reason: text,
    start: text,
    end: text,
  },
  run: (values, positionals, context) => {
    const [name, ...rest] = positionals;
    const sub = name === undefined ? undefined : SUBCOMMANDS[name];
    if (!sub)
      throw new CliError(
        name === undefined ? 'orc schedule needs a subcommand' : `unknown schedule subcommand "${name}"`,
        EXIT.invalid,
        `one of: ${Object.keys(SUBCOMMANDS).join(', ')} (orc schedule --help)`,
      );
    const stray = Object.keys(values).filter((key) => values[key] !== undefined && !sub.flags.includes(key));
    if (stray.length > 0)
      throw new CliError(
        `orc schedule ${name} does not take ${stray.map((key) => `--${key}`).join(', ')}`,
        EXIT.invalid,
        `usage: ${sub.usage}`,
      );
    return sub.run(values, rest, context);
  },
};

function fileArguments(values: Record<string, unknown>): Omit<ScheduleFileArguments, 'file'> {
  const pick = (key: string) => optionalString(values[key]);
  return {
    ...(pick('cron') !== undefined ? { cron: pick('cron')! } : {}),
    ...(pick('every') !== undefined ? { every: pick('every')! } : {}),
    ...(pick('timezone') !== undefined ? { timezone: pick('timezone')! } : {}),
    ...(pick('overlap') !== undefined ? { overlap: pick('overlap')! } : {}),
    ...(pick('inputs') !== undefined ? { inputsFile: pick('inputs')! } : {}),
    ...(pick('task-queue') !== undefined ? { taskQueue: pick('task-queue')! } : {}),
    paused: values.paused === true,
    inputs: (values.input as string[] | undefined) ?? [],
    json: values.json === true,
  };
}

function exactly(positionals: string[], count: number, shape: string): string[] {
  if (positionals.length !== count)
    throw new CliError(
      `usage: orc schedule ${shape}${positionals.length > count ? ` (unexpected "${positionals.slice(count).join(' ')}")` : ''}`,
      EXIT.invalid,
    );
  return positionals;
}

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
