// How many local steps one workflow task may hold. Core keeps a workflow task open while local
// activities are outstanding; a fan-out of local steps would hold one task for its whole run,
// and measured here it was not heartbeated: past the 10 s workflow task timeout the task timed
// out, its retry replayed everything and timed out again — the run never finished. All of a
// task's local results also travel in its one completion (at most 4 MB on the server).
//
// So a run's local steps go in windows: at most LOCAL_PARALLEL at once, and after
// LOCAL_STEPS_PER_TASK of them (or LOCAL_BYTES_PER_TASK of results) the next one waits until
// the running ones are done and a 1 ms timer has ended the workflow task, which records their
// markers. Deterministic: the decision follows from steps started and results recorded.
import { CancellationScope, sleep } from '@temporalio/workflow';

/** Local steps started between two workflow-task boundaries. */
export const LOCAL_STEPS_PER_TASK = 250;
/** JSON bytes of local results between two boundaries (the markers of one task completion). */
export const LOCAL_BYTES_PER_TASK = 1024 * 1024;
/**
 * Local steps running at once in a run: their results arrive in one task before the window
 * can close (results above 256 KB leave as claims, so 8 × 256 KB at most), and the worker's
 * CPU is the limit anyway, not concurrency.
 */
export const LOCAL_PARALLEL = 8;

export class LocalWindow {
  private running = 0;
  private started = 0;
  private bytes = 0;
  private closing = false;
  /** Steps waiting for room, first come first served: one is woken per free place. */
  private readonly waiting: (() => void)[] = [];

  /**
   * Takes a place for one local step: true at once when the window has room (no await, so
   * small runs schedule exactly as they would without windows), else the step awaits `next()`.
   */
  enter(): boolean {
    if (!this.hasRoom()) return false;
    this.take();
    return true;
  }

  /** Waits for a place: a step ending, or, when the window is full, a new workflow task. */
  next(): Promise<void> {
    const placed = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.admit();
    return placed;
  }

  /** A local step ended; `resultBytes` is the size of what its marker records. */
  leave(resultBytes: number): void {
    this.running--;
    this.bytes += resultBytes;
    this.admit();
  }

  /** Gives free places to waiting steps in order; closes a full window once its steps ended. */
  private admit(): void {
    while (this.waiting.length > 0 && this.hasRoom()) {
      this.take();
      this.waiting.shift()!();
    }
    if (this.waiting.length > 0 && this.isFull() && this.running === 0 && !this.closing) void this.closeWindow();
  }

  private hasRoom(): boolean {
    return !this.closing && !this.isFull() && this.running < LOCAL_PARALLEL;
  }

  private isFull(): boolean {
    return this.started >= LOCAL_STEPS_PER_TASK || this.bytes >= LOCAL_BYTES_PER_TASK;
  }

  private take(): void {
    this.running++;
    this.started++;
  }

  private async closeWindow(): Promise<void> {
    this.closing = true;
    // A timer is a command the server must answer: the task completes with the markers. Not
    // cancellable: a cancelled run's waiting steps go on to end cancelled when they schedule.
    await CancellationScope.nonCancellable(() => sleep(1));
    this.closing = false;
    this.started = 0;
    this.bytes = 0;
    this.admit();
  }
}
