// Model activities heartbeat on a timer from the moment a provider is asked until the call ends,
// the way runTool does for tools. A provider may take minutes before its first byte; the
// heartbeat timeout is there to notice a dead worker, and the step's own timeout (the activity's
// start-to-close) governs how long a call may take. Heartbeating only as text streamed let a
// slow first byte trip the 30 s heartbeat timeout, and the retry paid for the call twice.
import { Context } from '@temporalio/activity';

const HEARTBEAT_EVERY_MS = 1_000;

export async function heartbeatWhile<T>(work: () => Promise<T>): Promise<T> {
  const activity = Context.current();
  activity.heartbeat();
  const timer = setInterval(() => activity.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * The deadline of a provider call: the worker's own limit when it sets one, else the step's
 * timeout, so neither an SDK default nor a shorter timer of ours cuts a long step short.
 */
export function callDeadlineMs(configuredMs: number | undefined): number | undefined {
  const stepTimeoutMs = Context.current().info.startToCloseTimeoutMs;
  return configuredMs ?? (stepTimeoutMs > 0 ? stepTimeoutMs : undefined);
}
