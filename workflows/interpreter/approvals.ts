// Steps waiting for a person, by path. Answers arrive by update (checked by its validator,
// so a wrong answer is refused to the caller) or by signal (checked here; a wrong one is
// ignored and noted in the run's warnings).
import type { ApprovalAnswer, PendingApproval } from '../messages.js';
import { formProblems } from './approval-form.js';

interface Waiting {
  pending: PendingApproval;
  /** The form's defaults fill what an answer leaves out (false for runs recorded before that). */
  fillsDefaults: boolean;
  answer?: ApprovalAnswer;
}

export class ApprovalRegistry {
  private readonly waiting = new Map<string, Waiting>();

  open(pending: PendingApproval, fillsDefaults = false): void {
    this.waiting.set(pending.step, { pending, fillsDefaults });
  }

  close(step: string): void {
    this.waiting.delete(step);
  }

  answerOf(step: string): ApprovalAnswer | undefined {
    return this.waiting.get(step)?.answer;
  }

  list(): PendingApproval[] {
    return [...this.waiting.values()].filter((entry) => !entry.answer).map((entry) => entry.pending);
  }

  /** Why `answer` cannot be taken — every problem of it in one message — or undefined when it can. */
  problem(answer: ApprovalAnswer): string | undefined {
    if (!answer || typeof answer.step !== 'string' || typeof answer.approved !== 'boolean')
      return 'an answer needs "step" (text) and "approved" (true or false)';
    const entry = this.waiting.get(answer.step);
    if (!entry) {
      const open = this.list().map((pending) => pending.step);
      return `step "${answer.step}" is not waiting for an approval${open.length ? `; waiting: ${open.join(', ')}` : '; nothing is waiting'}`;
    }
    if (entry.answer) return `step "${answer.step}" was already answered`;
    const problems: string[] = [];
    if (answer.approved && entry.pending.require_comment && !answer.comment)
      problems.push('it needs a comment with the answer');
    if (answer.content !== undefined && !entry.pending.allow_edit)
      problems.push('the step does not allow editing its content');
    if (answer.approved && entry.pending.fields)
      problems.push(
        ...formProblems(entry.pending.fields, answer.answers ?? {}, {
          defaultsFill: entry.fillsDefaults,
          checkLength: entry.fillsDefaults,
        }),
      );
    if (problems.length === 0) return undefined;
    return `step "${answer.step}": ${problems.length > 1 ? `${problems.length} problems: ` : ''}${problems.join('; ')}`;
  }

  accept(answer: ApprovalAnswer): void {
    const entry = this.waiting.get(answer.step);
    if (entry) entry.answer = answer;
  }
}
