// Runtime `<AUTO>` tags (spec §8.7): after a step's templates are rendered, each tag left in its
// values is answered by the `resolveAuto` activity — innermost tags first, so an outer question
// can contain an inner answer — and the answer replaces the tag. A value that is one whole tag
// takes the answer's type. The answers are recorded in history (a replay never asks again) and
// in the step's `auto` field.
import { proxyActivities } from '@temporalio/workflow';
import { heartbeatTimeoutMs } from './activity-options.js';
import type { PipelineActivities } from '../activity-interfaces.js';
import { autoTagParts, findAutoTagSpans } from '../lang/auto-tag-spans.js';
import type { StepIR } from '../lang/ir.js';

export interface AutoContext {
  step: StepIR;
  path: string;
  /** Declared types of a tool step's parameters, by name. */
  parameterTypes?: Record<string, string>;
  /** The type of a whole-value tag when nothing else says (conditions: boolean). */
  defaultType?: string;
}

export async function answerAutoTags(
  value: unknown,
  context: AutoContext,
  answers: Record<string, unknown>,
  pointer = '',
): Promise<unknown> {
  if (typeof value === 'string') return answerText(value, context, answers, pointer);
  if (Array.isArray(value))
    return Promise.all(value.map((item, index) => answerAutoTags(item, context, answers, `${pointer}/${index}`)));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(
        async ([key, item]) => [key, await answerAutoTags(item, context, answers, `${pointer}/${key}`)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function answerText(
  text: string,
  context: AutoContext,
  answers: Record<string, unknown>,
  pointer: string,
): Promise<unknown> {
  const spans = findAutoTagSpans(text);
  if (spans.length === 0) return text;
  const whole =
    spans.length === 1 && text.slice(0, spans[0]!.start).trim() === '' && text.slice(spans[0]!.end).trim() === '';
  let result = '';
  let cursor = 0;
  for (const span of spans) {
    const answer = await ask(
      text.slice(span.start, span.end),
      context,
      whole ? declaredType(context, pointer) : 'string',
    );
    if (whole) {
      answers[pointer] = answer;
      return answer;
    }
    result += text.slice(cursor, span.start) + (typeof answer === 'string' ? answer : JSON.stringify(answer));
    cursor = span.end;
  }
  answers[pointer] = result + text.slice(cursor);
  return answers[pointer];
}

async function ask(tag: string, context: AutoContext, fallbackType: string): Promise<unknown> {
  const { attributes, inner } = autoTagParts(tag);
  // Nested tags inside the question are answered first.
  const question = String(await answerText(inner, context, {}, ''));
  const { resolveAuto } = proxyActivities<PipelineActivities>({
    startToCloseTimeout: '2m',
    // The answer is a model call, heartbeating as runModel does: a dead worker's is retried soon.
    heartbeatTimeout: heartbeatTimeoutMs('model'),
    retry: { maximumAttempts: 3 },
    summary: `${context.path} · <AUTO> ${question.slice(0, 80)}`,
  });
  const answer = await resolveAuto({
    question,
    type: attributes.type ?? fallbackType,
    ...(attributes.choices ? { choices: attributes.choices.split(',').map((choice) => choice.trim()) } : {}),
    ...(attributes.min !== undefined ? { min: Number(attributes.min) } : {}),
    ...(attributes.max !== undefined ? { max: Number(attributes.max) } : {}),
    ...(attributes.task ? { task: attributes.task } : {}),
    step_id: context.path,
  });
  return answer.value;
}

/** `/parameters/max_tokens` of a tool step declared integer → integer; otherwise text. */
function declaredType(context: AutoContext, pointer: string): string {
  const name = /^\/parameters\/([^/]+)$/.exec(pointer)?.[1];
  const declared = name ? context.parameterTypes?.[name] : undefined;
  return declared === 'array'
    ? 'list'
    : declared && ['number', 'integer', 'boolean'].includes(declared)
      ? declared
      : (context.defaultType ?? 'string');
}
