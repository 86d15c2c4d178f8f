// Whether Temporal still has a run's history, for `orc gc`. Only "not found" counts as gone:
// any other answer (the server down, no permission) stops the collection instead of guessing.
import { isGrpcServiceError, ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { BlobReference } from '../workers/index.js';

const GRPC_NOT_FOUND = 5;

export function runLiveness(client: Client, namespace: string): (reference: BlobReference) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  let scheduledIds: Promise<Set<string>> | undefined;
  const isGone = async (reference: BlobReference): Promise<boolean> => {
    // Another namespace's run is not ours to judge.
    if (reference.namespace !== namespace) return false;
    if (!(await isMissing(client, reference.workflowId, reference.runId))) return false;
    if (reference.runId) return true;
    // Stored without a run id: a start's input, or a schedule's action, whose runs are named
    // `<workflow id>-<time>` and keep reading that input while the schedule or they exist.
    scheduledIds ??= scheduleWorkflowIds(client);
    if ((await scheduledIds).has(reference.workflowId)) return false;
    return !(await hasScheduledRuns(client, reference.workflowId));
  };
  return (reference) => {
    const key = `${reference.namespace}\0${reference.workflowId}\0${reference.runId ?? ''}`;
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = isGone(reference)));
    return answer;
  };
}

async function isMissing(client: Client, workflowId: string, runId: string | undefined): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId, runId).describe();
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return true;
    if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) return true;
    throw error;
  }
}

async function scheduleWorkflowIds(client: Client): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const summary of client.schedule.list()) {
    const description = await client.schedule
      .getHandle(summary.scheduleId)
      .describe()
      .catch((error: unknown) => {
        // Deleted since it was listed: it starts nothing any more.
        if (error instanceof ScheduleNotFoundError) return undefined;
        throw error;
      });
    if (description?.action.type === 'startWorkflow') ids.add(description.action.workflowId);
  }
  return ids;
}

async function hasScheduledRuns(client: Client, workflowId: string): Promise<boolean> {
  const prefix = `${workflowId}-`.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
  for await (const _run of client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}'`, pageSize: 1 }))
    return true;
  return false;
}
