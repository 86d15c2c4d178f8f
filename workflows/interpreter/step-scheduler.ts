// Runs tasks side by side inside the workflow: a list's ready steps, a for_each's iterations.
// `drain` starts what may start, waits until a task ends, and repeats until none runs. A task's
// rejection is turned into an outcome by its `rescue`; what `rescue` throws is a bug, which
// fails the workflow task (as any exception in workflow code does) instead of going unhandled.
//
// The promise chain (`task().then(done, rescue)`, then one `condition`) is what the interpreter
// has always recorded: an extra await here would reorder the commands of parallel branches and
// break the replay of earlier runs.
import { waitForChange } from './cancellation.js';

export class StepScheduler {
  /** Tasks started and not yet ended. */
  running = 0;
  private wake = false;
  private readonly bugs: unknown[] = [];

  /** Starts `task`; `done` receives its outcome, or what `rescue` makes of its rejection. */
  start<T>(task: () => Promise<T>, done: (outcome: T) => void, rescue: (error: unknown) => T): void {
    this.running++;
    const settle = (outcome: T) => {
      try {
        done(outcome);
      } catch (bug) {
        this.bugs.push(bug);
      }
      this.running--;
      this.wake = true;
    };
    void task().then(settle, (error: unknown) => {
      let outcome: T;
      try {
        outcome = rescue(error);
      } catch (bug) {
        this.bugs.push(bug);
        this.running--;
        this.wake = true;
        return;
      }
      settle(outcome);
    });
  }

  /**
   * Calls `fill` (which starts what may start now) until no task runs and nothing waits;
   * throws a task's bug. `fill` returns true when something is held back until `resumeWhen`.
   */
  async drain(fill: () => boolean | void, resumeWhen: () => boolean = () => false): Promise<void> {
    for (;;) {
      this.throwBug();
      const holding = fill() === true;
      if (this.running === 0 && !holding) break;
      await waitForChange(holding ? () => this.wake || resumeWhen() : () => this.wake);
      this.wake = false;
    }
    this.throwBug();
  }

  private throwBug(): void {
    if (this.bugs.length > 0) throw this.bugs[0];
  }
}
