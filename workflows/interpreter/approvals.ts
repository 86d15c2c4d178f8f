// Steps waiting for a person, by path. Answers arrive by update (checked by its validator,
// so a wrong answer is refused to the caller) or by signal (checked here; a wrong one is
// ignored and noted in the run's warnings).
import type { ApprovalAnswer, PendingApproval } from '../messages.js';

interface Waiting {
  pending: PendingApproval;
  answer?: ApprovalAnswer;
}

export class ApprovalRegistry {
  private readonly waiting = new Map<string, Waiting>();

  open(pending: PendingApproval): void {
    this.waiting.set(pending.step, { pending });
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

  /** Why `answer` cannot be taken, or undefined when it can. */
  problem(answer: ApprovalAnswer): string | undefined {
    if (!answer || typeof answer.step !== 'string' || typeof answer.approved !== 'boolean') return 'an answer needs "step" (text) and "approved" (true or false)';
    const entry = this.waiting.get(answer.step);
    if (!entry) {
      const open = this.list().map((pending) => pending.step);
      return `step "${answer.step}" is not waiting for an approval${open.length ? `; waiting: ${open.join(', ')}` : '; nothing is waiting'}`;
    }
    if (entry.answer) return `step "${answer.step}" was already answered`;
    if (answer.approved && entry.pending.require_comment && !answer.comment) return `step "${answer.step}" needs a comment with the answer`;
    if (answer.content !== undefined && !entry.pending.allow_edit) return `step "${answer.step}" does not allow editing its content`;
    if (answer.approved && entry.pending.fields) return formProblem(entry.pending.fields, answer.answers ?? {});
    return undefined;
  }

  accept(answer: ApprovalAnswer): void {
    const entry = this.waiting.get(answer.step);
    if (entry) entry.answer = answer;
  }
}

/** Checks form answers against the small JSON Schema of `fields`. */
function formProblem(fields: Record<string, unknown>, answers: Record<string, unknown>): string | undefined {
  const properties = (fields.properties ?? {}) as Record<string, { type?: string; enum?: unknown[]; minimum?: number; maximum?: number }>;
  const required = Array.isArray(fields.required) ? (fields.required as string[]) : [];
  for (const name of required) if (answers[name] === undefined) return `the form needs "${name}"`;
  for (const [name, value] of Object.entries(answers)) {
    const property = properties[name];
    if (!property) return `the form has no field "${name}"; its fields: ${Object.keys(properties).join(', ')}`;
    const type = property.type ?? 'string';
    const fits = type === 'integer' ? Number.isInteger(value) : type === 'number' ? typeof value === 'number' : typeof value === type;
    if (!fits) return `field "${name}" must be ${type === 'integer' ? 'an integer' : `a ${type}`}, not ${JSON.stringify(value)}`;
    if (property.enum && !property.enum.includes(value)) return `field "${name}" must be one of ${property.enum.map((option) => JSON.stringify(option)).join(', ')}`;
    if (typeof value === 'number' && ((property.minimum !== undefined && value < property.minimum) || (property.maximum !== undefined && value > property.maximum))) return `field "${name}" is out of range`;
  }
  return undefined;
}
