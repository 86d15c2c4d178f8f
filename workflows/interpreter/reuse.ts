// A rerun (`orc rerun`): the run's input names a source run; the run reads that run's completed
// calls once, through the `loadReusableResults` activity, so what it reuses is fixed by its own
// history and replays the same. From then on every activity call of a step that is not live
// and whose fingerprint (call-fingerprint.ts) matches a recorded call is answered with the
// recorded result, and nothing is scheduled: 0 provider calls, 0 cost. Loops, for_each items,
// sub-pipelines and agent turns reuse call by call. The calls are answered in reuse-interceptor.ts
// (every activity passes through it); the interpreter marks the steps (`annotate`).
import { proxyActivities } from '@temporalio/workflow';
import type { PipelineActivities, RecordedCall } from '../activity-interfaces.js';
import { REUSABLE_ACTIVITIES, callFingerprint, topLevelStep } from '../call-fingerprint.js';
import type { ReuseIR } from '../lang/ir.js';
import type { ReusedFrom } from '../result-document.js';
import type { StepState } from './run-state.js';

/** Calls under one step path (the step itself, or any step or call inside it). */
interface PathCounts {
  reused: number;
  live: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd?: number;
  /** The run that made the first call reused here: the source, or a run the source reused. */
  origin?: string;
}

export interface ReuseCounts {
  reused_calls: number;
  live_calls: number;
}

export class ReuseSession {
  private readonly byPath = new Map<string, PathCounts>();
  private readonly live: ReadonlySet<string>;
  readonly counts: ReuseCounts;

  constructor(
    readonly source: { workflow_id: string; run_id?: string },
    private readonly calls: Readonly<Record<string, RecordedCall>>,
    liveSteps: readonly string[],
    carried?: ReuseCounts,
  ) {
    this.live = new Set(liveSteps);
    this.counts = { reused_calls: carried?.reused_calls ?? 0, live_calls: carried?.live_calls ?? 0 };
  }

  /** The recorded output for this call, or undefined when it must be made. Counts the call either way. */
  answer(activity: string, input: unknown): { output: unknown } | undefined {
    const path = (input as { step_id?: unknown } | undefined)?.step_id;
    if (!REUSABLE_ACTIVITIES.has(activity) || typeof path !== 'string') return undefined;
    const recorded = this.live.has(topLevelStep(path)) ? undefined : this.calls[callFingerprint(activity, input)];
    if (!recorded) {
      this.counts.live_calls++;
      this.add(path, (counts) => counts.live++);
      return undefined;
    }
    this.counts.reused_calls++;
    const paid = recorded.output as { usage?: { input_tokens?: number; output_tokens?: number }; cost_usd?: number };
    this.add(path, (counts) => {
      counts.reused++;
      counts.origin ??= recorded.run ?? this.source.workflow_id;
      counts.input_tokens += paid.usage?.input_tokens ?? 0;
      counts.output_tokens += paid.usage?.output_tokens ?? 0;
      if (paid.cost_usd !== undefined) counts.cost_usd = (counts.cost_usd ?? 0) + paid.cost_usd;
    });
    return { output: unpaid(activity, recorded.output) };
  }

  /** A sub-pipeline's calls, as its own run counted them, belong to its step here. */
  addChild(path: string, child: ReuseCounts | undefined): void {
    if (!child) return;
    this.add(path, (counts) => {
      counts.reused += child.reused_calls;
      counts.live += child.live_calls;
    });
  }

  /** A finished step whose calls were all answered from the source is `reused`; one partly so says how many were. */
  annotate(path: string, state: StepState): StepState {
    const counts = this.byPath.get(path);
    if (!counts || counts.reused === 0 || state.status === 'running' || state.status === 'pending') return state;
    if (counts.live > 0) return { ...state, extra: { ...state.extra, reused_calls: counts.reused } };
    const reused: ReusedFrom = {
      run: counts.origin ?? this.source.workflow_id,
      step: path,
      calls: counts.reused,
      ...(counts.input_tokens + counts.output_tokens > 0
        ? { usage: { input_tokens: counts.input_tokens, output_tokens: counts.output_tokens } }
        : {}),
      ...(counts.cost_usd !== undefined ? { cost_usd: counts.cost_usd } : {}),
    };
    return { ...state, extra: { ...state.extra, reused } };
  }

  /** What a sub-pipeline's run reuses: the same sub-pipeline's run inside the source, unless the step is live. */
  forChild(path: string): { reuse?: ReuseIR } {
    if (this.live.has(topLevelStep(path))) return {};
    return { reuse: { workflow_id: `${this.source.workflow_id}/${path}`, live_steps: [] } };
  }

  /** Counts the call under its path and under every step that contains it. */
  private add(path: string, change: (counts: PathCounts) => void): void {
    for (const prefix of enclosingPaths(path)) {
      let counts = this.byPath.get(prefix);
      if (!counts) this.byPath.set(prefix, (counts = { reused: 0, live: 0, input_tokens: 0, output_tokens: 0 }));
      change(counts);
    }
  }
}

/** `each[2].inner` → `each`, `each[2]`, `each[2].inner`. */
function enclosingPaths(path: string): string[] {
  const prefixes: string[] = [];
  for (let index = 1; index < path.length; index++)
    if ('.[/'.includes(path[index]!)) prefixes.push(path.slice(0, index));
  prefixes.push(path);
  return prefixes;
}

/** A reused answer costs nothing now, and was attempted 0 times in this run. */
function unpaid(activity: string, output: unknown): unknown {
  if (output === null || typeof output !== 'object') return output;
  const fields = output as Record<string, unknown>;
  if (activity === 'runModel')
    return {
      ...fields,
      ...(fields.usage !== undefined ? { usage: { input_tokens: 0, output_tokens: 0 } } : {}),
      ...(fields.cost_usd !== undefined ? { cost_usd: 0 } : {}),
      attempt: 0,
    };
  return 'attempt' in fields ? { ...fields, attempt: 0 } : fields;
}

// The session of this workflow execution, for the interceptor: the SDK gives every workflow
// execution its own instance of each workflow module, so this is one run's, never another's.
let active: ReuseSession | undefined;

export function activeReuse(): ReuseSession | undefined {
  return active;
}

/** Reads the source run's calls (one activity, recorded in history) and starts answering from them. */
export async function startReuse(
  reuse: ReuseIR,
  carried: ReuseCounts | undefined,
  warnings: string[],
): Promise<ReuseSession> {
  const { loadReusableResults } = proxyActivities<PipelineActivities>({
    startToCloseTimeout: '5m',
    retry: { maximumAttempts: 5 },
    summary: `reuse · read the calls of run ${reuse.workflow_id}`,
  });
  const loaded = await loadReusableResults({
    workflow_id: reuse.workflow_id,
    ...(reuse.run_id ? { run_id: reuse.run_id } : {}),
    live_steps: reuse.live_steps,
  });
  // A sub-pipeline the source never started has nothing to give; a top-level source must exist.
  if (loaded.run_id === undefined && reuse.run_id !== undefined)
    warnings.push(`the source run ${reuse.workflow_id} was not found: every step ran live`);
  const session = new ReuseSession(
    { workflow_id: reuse.workflow_id, ...(loaded.run_id ? { run_id: loaded.run_id } : {}) },
    loaded.calls,
    reuse.live_steps,
    carried,
  );
  active = session;
  return session;
}
