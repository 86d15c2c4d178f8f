// A cassette: what `orc record` keeps of a finished run so `orc test` can run its pipeline again
// offline — the pipeline (its sources and its compiled form), the inputs, and every tool and model
// call's answer filed by the call's fingerprint (workflows/call-fingerprint.ts), with the request
// beside it so a call that finds no answer can be shown against the nearest recorded one.
// Secrets stay tokens in requests and are redacted from answers, as in history: no value here.
import { readFile, writeFile } from 'node:fs/promises';
import { CASSETTE_ACTIVITIES, type CassetteActivity } from '../workers/index.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import { CliError, EXIT } from './exit-codes.js';

export const CASSETTE_FORMAT = 'orc-cassette';
/** Bumped when a field changes meaning; `orc test` refuses other versions. */
export const CASSETTE_VERSION = 1;

export interface CassetteCall {
  activity: CassetteActivity;
  /** The call's step path (`draft`, `each[2].summarise`, `helper/turn-1`). */
  step_id: string;
  /** The call as scheduled, without run ids (secrets as tokens); absent for a local step's call, whose history marker holds only its answer. */
  request?: unknown;
  output: unknown;
}

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  version: typeof CASSETTE_VERSION;
  recorded_from: { workflow_id: string; run_id: string; status: string; recorded_at: string };
  pipeline: {
    id: string;
    file: string;
    /** The pipeline file and every include or sub-pipeline it read, by path; null when the file changed since the run. */
    sources: Record<string, string> | null;
    /** The compiled pipeline the run ran. */
    ir: PipelineIR;
  };
  inputs: Record<string, unknown>;
  /** By fingerprint. */
  calls: Record<string, CassetteCall>;
}

export async function writeCassette(path: string, cassette: Cassette): Promise<void> {
  await writeFile(path, `${JSON.stringify(cassette, null, 2)}\n`);
}

const HINT = 'make one with orc record RUN -o FILE, or re-record it with orc test PIPELINE --cassette FILE --update';

export async function readCassette(path: string): Promise<Cassette> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read cassette "${path}": ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      EXIT.invalid,
      HINT,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`cassette "${path}" is not JSON: ${(error as Error).message}`, EXIT.invalid, HINT);
  }
  const problem = cassetteProblem(value);
  if (problem) throw new CliError(`"${path}" is not a cassette orc can read: ${problem}`, EXIT.invalid, HINT);
  return value as Cassette;
}

/** What is wrong with `value` as a cassette, or undefined. */
function cassetteProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.format !== CASSETTE_FORMAT)
    return `its "format" is ${JSON.stringify(value.format ?? null)}, not "${CASSETTE_FORMAT}"`;
  if (value.version !== CASSETTE_VERSION)
    return `its "version" is ${JSON.stringify(value.version ?? null)}; this orc reads version ${CASSETTE_VERSION}`;
  if (!isObject(value.inputs)) return '"inputs" is not an object';
  if (!isObject(value.calls)) return '"calls" is not an object';
  if (!isObject(value.pipeline) || !isObject(value.pipeline.ir)) return '"pipeline.ir" is missing';
  for (const [fingerprint, call] of Object.entries(value.calls)) {
    if (!/^[0-9a-f]{64}$/.test(fingerprint))
      return `"calls" has the key ${JSON.stringify(fingerprint)}, not a fingerprint (64 hex digits)`;
    if (!isObject(call) || typeof call.step_id !== 'string' || !('output' in call))
      return `calls["${fingerprint}"] needs "activity", "step_id" and "output"`;
    if (!(CASSETTE_ACTIVITIES as readonly unknown[]).includes(call.activity))
      return `calls["${fingerprint}"].activity is ${JSON.stringify(call.activity ?? null)}, not one of ${CASSETTE_ACTIVITIES.join(', ')}`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
