// Keys of the language that do not apply to this kind of step are errors, not silence.
import type { CompileContext } from '../context.js';
import type { Entry } from '../mapping.js';

const COMMON = [
  'id',
  'name',
  'description',
  'depends_on',
  'if',
  'timeout',
  'retry',
  'max_retries',
  'on_failure',
  'on_success',
  'on_false',
  'on_error',
  'task_queue',
  'summary',
  'requires_model',
];

export function rejectKeys(
  context: CompileContext,
  id: string,
  what: string,
  entries: Map<string, Entry>,
  allowed: readonly string[],
): void {
  for (const [key, entry] of entries) {
    if (COMMON.includes(key) || allowed.includes(key)) continue;
    context.source.report(
      'error',
      'E_UNKNOWN_KEY',
      entry.keyNode,
      entry.pointer,
      `"${key}" does not apply to ${what} (step "${id}")`,
      allowed.length ? `${what} takes: ${allowed.join(', ')}` : undefined,
    );
  }
}
