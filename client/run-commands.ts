// The commands that look at and steer runs already started: status, watch, result, list,
// cancel, and answering approvals. `RUN` is a workflow id, optionally followed by `/runId`.
import { optionalString, onePositional, positiveInteger } from './arguments.js';
import { approvalsCommand } from './commands/approvals.js';
import { answerCommand } from './commands/approve.js';
import { cancelCommand } from './commands/cancel.js';
import type { CommandSpec } from './commands/command.js';
import { DEFAULT_LIST_LIMIT, listCommand } from './commands/list.js';
import { resultCommand } from './commands/result.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { CliError, EXIT } from './exit-codes.js';
import { LIST_STATUSES, parseListStatus } from './list-runs.js';

const json = { type: 'boolean', default: false } as const;
const text = { type: 'string' } as const;
const oneRun = (positionals: string[], command: string) =>
  onePositional(positionals, `orc ${command} needs one run (a workflow id, as orc run and orc list print it)`);

export const RUN_COMMANDS: Record<string, CommandSpec> = {
  status: {
    usage: 'orc status RUN [--json]',
    summary: 'where a run stands: every step, pending approvals, usage so far',
    options: { json },
    run: (values, positionals, context) =>
      statusCommand({ run: oneRun(positionals, 'status'), json: values.json === true }, context),
  },
  watch: {
    usage: 'orc watch RUN [--json]',
    summary: 'follow a run live until it ends, then print its result',
    options: { json },
    run: (values, positionals, context) =>
      watchCommand({ run: oneRun(positionals, 'watch'), json: values.json === true }, context),
  },
  result: {
    usage: 'orc result RUN [--json] [--wait]',
    summary: 'the result document of a finished run (--wait: of a running one, when it ends)',
    options: { json, wait: { type: 'boolean', default: false } },
    run: (values, positionals, context) =>
      resultCommand(
        { run: oneRun(positionals, 'result'), json: values.json === true, wait: values.wait === true },
        context,
      ),
  },
  list: {
    usage: `orc list [--status ${LIST_STATUSES.join('|')}] [--pipeline ID] [--limit N] [--json]`,
    summary: `runs, newest first (${DEFAULT_LIST_LIMIT} unless --limit)`,
    options: { status: text, pipeline: text, limit: text, json },
    run: (values, positionals, context) => {
      if (positionals.length > 0)
        throw new CliError(
          `orc list takes no arguments, not "${positionals.join(' ')}"`,
          EXIT.invalid,
          'filter with --status and --pipeline',
        );
      const limit = positiveInteger(values.limit, '--limit') ?? DEFAULT_LIST_LIMIT;
      if (limit > 1_000) throw new CliError(`--limit ${limit} is more than 1000`, EXIT.invalid);
      const status = parseListStatus(optionalString(values.status));
      const pipeline = optionalString(values.pipeline);
      return listCommand(
        {
          ...(status ? { status } : {}),
          ...(pipeline !== undefined ? { pipeline } : {}),
          limit,
          json: values.json === true,
        },
        context,
      );
    },
  },
  cancel: {
    usage: 'orc cancel RUN [--reason R]',
    summary: 'cancel a running run (its running steps are cancelled too)',
    options: { reason: text },
    run: (values, positionals, context) =>
      cancelCommand({ run: oneRun(positionals, 'cancel'), reason: optionalString(values.reason) }, context),
  },
  approvals: {
    usage: 'orc approvals [RUN] [--json]',
    summary: 'steps waiting for approval, in one run or across running runs',
    options: { json },
    run: (values, positionals, context) => {
      if (positionals.length > 1) throw new CliError('orc approvals takes at most one run', EXIT.invalid);
      return approvalsCommand(
        { ...(positionals[0] !== undefined ? { run: positionals[0] } : {}), json: values.json === true },
        context,
      );
    },
  },
  approve: {
    usage: 'orc approve RUN STEP [--comment C] [--set field=value]… [--value V] [--edit-file F] [--json]',
    summary: 'approve a waiting step (with form answers, a prompt value or edited content)',
    options: { comment: text, set: { type: 'string', multiple: true }, value: text, 'edit-file': text, json },
    run: (values, positionals, context) =>
      answerCommand(
        {
          ...runAndStep(positionals, 'approve'),
          approved: true,
          comment: optionalString(values.comment),
          sets: (values.set as string[] | undefined) ?? [],
          value: optionalString(values.value),
          editFile: optionalString(values['edit-file']),
          json: values.json === true,
        },
        context,
      ),
  },
  reject: {
    usage: 'orc reject RUN STEP [--reason R] [--json]',
    summary: 'reject a waiting step',
    options: { reason: text, json },
    run: (values, positionals, context) =>
      answerCommand(
        {
          ...runAndStep(positionals, 'reject'),
          approved: false,
          comment: optionalString(values.reason),
          sets: [],
          json: values.json === true,
        },
        context,
      ),
  },
};

function runAndStep(positionals: string[], command: string): { run: string; step: string } {
  if (positionals.length !== 2)
    throw new CliError(
      `orc ${command} needs a run and a step: orc ${command} RUN STEP`,
      EXIT.invalid,
      'orc approvals lists what waits',
    );
  return { run: positionals[0]!, step: positionals[1]! };
}
