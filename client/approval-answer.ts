// Building an answer to an approval from the command line, and sending it as the checked
// update: the workflow's validator refuses wrong answers, and we print its reason.
import { readFile } from 'node:fs/promises';
import {
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  answerApprovalUpdate,
  pendingApprovalsQuery,
  withFormDefaults,
  type ApprovalAnswer,
  type ApprovalReceipt,
} from '../workflows/messages.js';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatDuration } from './format-time.js';
import { askWithin } from './find-run.js';

export const ANSWER_TIMEOUT_MS = 30_000;
const GRPC_DEADLINE_EXCEEDED = 4;

export interface AnswerFlags {
  step: string;
  approved: boolean;
  comment?: string;
  sets: readonly string[];
  value?: string;
  editFile?: string;
  by: string;
}

export async function buildAnswer(flags: AnswerFlags): Promise<ApprovalAnswer> {
  const answers = parseSets(flags.sets);
  return {
    step: flags.step,
    approved: flags.approved,
    by: flags.by,
    ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
    ...(Object.keys(answers).length > 0 ? { answers } : {}),
    ...(flags.value !== undefined ? { value: jsonOrText(flags.value) } : {}),
    ...(flags.editFile !== undefined ? { content: await readEdited(flags.editFile) } : {}),
  };
}

/** `--set field=value`: JSON when it parses (`count=3` is a number), text otherwise. */
export function parseSets(sets: readonly string[]): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const malformed: string[] = [];
  for (const set of sets) {
    const equals = set.indexOf('=');
    if (equals <= 0) malformed.push(`"${set}"`);
    else answers[set.slice(0, equals)] = jsonOrText(set.slice(equals + 1));
  }
  if (malformed.length)
    throw new CliError(
      `--set ${malformed.join(', ')} ${malformed.length > 1 ? 'are' : 'is'} not field=value`,
      EXIT.invalid,
      'for example --set channel=email or --set count=3',
    );
  return answers;
}

export interface CompletedAnswer {
  answer: ApprovalAnswer;
  /** The fields left out that the form's defaults filled in. */
  defaulted: Record<string, unknown>;
}

/**
 * An approval with a form: the defaults of the fields left out go into the answer, so what the
 * run records is what `orc approve` prints (runs started before the workflow filled defaults
 * itself get them too). Without a pending form the answer goes as it is and the run judges it.
 */
export async function withDefaultsOfForm(
  engine: Engine,
  handle: WorkflowHandle,
  answer: ApprovalAnswer,
  taskQueue: string,
): Promise<CompletedAnswer> {
  if (!answer.approved) return { answer, defaulted: {} };
  const pending = await askWithin(engine, ANSWER_TIMEOUT_MS, () => handle.query(pendingApprovalsQuery)).catch(
    (error: unknown) => {
      if (isDeadline(error)) throw noWorker(taskQueue);
      throw error;
    },
  );
  const fields = pending.find((approval) => approval.step === answer.step)?.fields;
  if (!fields) return { answer, defaulted: {} };
  const given = answer.answers ?? {};
  const answers = withFormDefaults(fields, given);
  const defaulted = Object.fromEntries(Object.entries(answers).filter(([name]) => given[name] === undefined));
  return { answer: Object.keys(answers).length ? { ...answer, answers } : answer, defaulted };
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The edited content: a `.json` file is a value, anything else is text. */
async function readEdited(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read --edit-file "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      EXIT.invalid,
    );
  }
  if (!file.toLowerCase().endsWith('.json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `--edit-file "${file}" is not valid JSON: ${(error as Error).message}`,
      EXIT.invalid,
      'give the edited content a .txt or .md name to send it as text',
    );
  }
}

export async function sendAnswer(
  engine: Engine,
  handle: WorkflowHandle,
  answer: ApprovalAnswer,
  taskQueue: string,
): Promise<ApprovalReceipt> {
  try {
    return await askWithin(engine, ANSWER_TIMEOUT_MS, () =>
      handle.executeUpdate(answerApprovalUpdate, { args: [answer] }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError)
      throw new CliError(
        `the run refused the answer: ${error.cause?.message ?? error.message}`,
        EXIT.invalid,
        `orc approvals ${handle.workflowId} shows what waits and how to answer it`,
      );
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isDeadline(error)) throw noWorker(taskQueue);
    throw error;
  }
}

function isDeadline(error: unknown): boolean {
  return isGrpcServiceError(error) && error.code === GRPC_DEADLINE_EXCEEDED;
}

function noWorker(taskQueue: string): CliError {
  return new CliError(
    `no worker took the answer within ${formatDuration(ANSWER_TIMEOUT_MS)}`,
    EXIT.engineUnreachable,
    `is a worker polling task queue "${taskQueue}"? (orc worker)`,
  );
}
