// `orc schedule …`: Temporal Schedules that start a pipeline. Each subcommand's options and
// body live in schedule-create.ts (create, update) or schedule-manage.ts (the rest).
import type { CommandSpec } from './command.js';
import { scheduleCreateCommand, scheduleUpdateCommand } from './schedule-create.js';
import {
  scheduleBackfillCommand,
  scheduleDeleteCommand,
  scheduleDescribeCommand,
  scheduleListCommand,
  schedulePauseCommand,
  scheduleTriggerCommand,
  scheduleUnpauseCommand,
} from './schedule-manage.js';

export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  summary:
    'Temporal Schedules that start a pipeline: create, list, describe, pause, unpause, trigger, backfill, update, delete',
  subcommands: [
    scheduleCreateCommand,
    scheduleListCommand,
    scheduleDescribeCommand,
    schedulePauseCommand,
    scheduleUnpauseCommand,
    scheduleTriggerCommand,
    scheduleBackfillCommand,
    scheduleUpdateCommand,
    scheduleDeleteCommand,
  ],
};
