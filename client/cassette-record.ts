// `orc record RUN`: a finished run as a cassette (client/cassette-file.ts). The calls are read
// from the run's history as a rerun reads them (activities/reuse: readRecordedCalls), filed by
// the fingerprint a rerun files them under; a run that was itself a rerun adds the calls it
// reused, from its `loadReusableResults` result. The pipeline's sources are read again from its
// file and kept only when they still compile to the very pipeline the run ran.
import { CASSETTE_ACTIVITIES, readRecordedCalls, type CallRecord, type CassetteActivity } from '../workers/index.js';
import type { ReusableResults } from '../workflows/activity-interfaces.js';
import { callFingerprint, callRequest } from '../workflows/call-fingerprint.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import { PIPELINE_WORKFLOW_TYPE } from '../workflows/messages.js';
import { CASSETTE_FORMAT, CASSETTE_VERSION, type Cassette, type CassetteCall } from './cassette-file.js';
import { compilerTools } from './compiler-tools.js';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { findRun, isRunning, runInputOf } from './find-run.js';
import { loadPipeline } from './load-pipeline.js';

const ANSWERED: ReadonlySet<string> = new Set(CASSETTE_ACTIVITIES);

/** The cassette of run `text`, and notes for people (what it could not keep). */
export async function cassetteOfRun(engine: Engine, text: string): Promise<{ cassette: Cassette; notes: string[] }> {
  const { description } = await findRun(engine, text);
  const { workflowId, runId } = description;
  if (description.type !== PIPELINE_WORKFLOW_TYPE)
    throw new CliError(`run ${workflowId} is a ${description.type} workflow, not a pipeline run of orc`, EXIT.invalid);
  if (isRunning(description))
    throw new CliError(
      `run ${workflowId} is still running: a cassette records a finished run`,
      EXIT.invalid,
      `wait for it to end (orc watch ${workflowId}), then record it`,
    );
  const input = await runInputOf(engine, workflowId, runId);
  const recorded = await callsWithSubPipelines(engine, workflowId, runId);
  if (!input || !recorded)
    throw new CliError(`run ${workflowId} has no pipeline in its input: it was not started by orc`, EXIT.invalid);
  const notes: string[] = [];
  const sources = await pipelineSources(input.ir);
  if (!sources)
    notes.push(
      `${input.ir.source_file} is not (or no longer) the pipeline run ${workflowId} ran: the cassette keeps its compiled form only`,
    );
  return {
    cassette: {
      format: CASSETTE_FORMAT,
      version: CASSETTE_VERSION,
      recorded_from: {
        workflow_id: workflowId,
        run_id: runId,
        status: description.status.name.toLowerCase(),
        recorded_at: new Date().toISOString(),
      },
      pipeline: { id: input.ir.id, file: input.ir.source_file, sources, ir: input.ir },
      inputs: input.inputs,
      calls: cassetteCalls(recorded),
    },
    notes,
  };
}

/** Sub-pipelines read at most (a guard far above any real run). */
const MAX_RUNS = 1_000;

/**
 * The run's calls, then those of its sub-pipelines' runs (child workflows; theirs too): a test
 * runs the children on its worker, whose calls are answered from the same cassette.
 */
async function callsWithSubPipelines(
  engine: Engine,
  workflowId: string,
  runId: string,
): Promise<CallRecord[] | undefined> {
  const top = await readRecordedCalls(engine.client, workflowId, runId);
  if (!top) return undefined;
  const calls = [...top.calls];
  const waiting = [...top.children];
  for (let read = 0; waiting.length > 0 && read < MAX_RUNS; read++) {
    const child = await readRecordedCalls(engine.client, waiting.shift()!);
    if (!child) continue;
    calls.push(...child.calls);
    waiting.push(...child.children);
  }
  return calls;
}

/** Every completed tool and model call, by fingerprint (the first of equal ones, as a rerun keeps). */
export function cassetteCalls(calls: readonly CallRecord[]): Record<string, CassetteCall> {
  const filed: Record<string, CassetteCall> = {};
  for (const call of calls) {
    if (call.status !== 'completed') continue;
    if (call.activity === 'loadReusableResults') {
      for (const [fingerprint, reused] of Object.entries((call.output as ReusableResults | undefined)?.calls ?? {}))
        if (ANSWERED.has(reused.activity))
          filed[fingerprint] ??= {
            activity: reused.activity as CassetteActivity,
            step_id: reused.step_id,
            output: reused.output,
          };
      continue;
    }
    const stepId = (call.input as { step_id?: unknown } | undefined)?.step_id;
    if (!ANSWERED.has(call.activity) || typeof stepId !== 'string') continue;
    // A local step's marker holds no input: its fingerprint came with its answer.
    filed[call.fingerprint ?? callFingerprint(call.activity, call.input)] ??= {
      activity: call.activity as CassetteActivity,
      step_id: stepId,
      ...(call.fingerprint ? {} : { request: callRequest(call.input) }),
      output: call.output,
    };
  }
  return filed;
}

/** The files `ir` was compiled from, when they still compile to it; else null. */
export async function pipelineSources(ir: PipelineIR): Promise<Record<string, string> | null> {
  try {
    const loaded = await loadPipeline(ir.source_file, await compilerTools());
    return loaded.ir?.hash === ir.hash ? Object.fromEntries(loaded.files) : null;
  } catch {
    return null;
  }
}
