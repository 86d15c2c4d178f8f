// Approvals: `approval: {title, content, timeout, on_timeout, allow_edit, fields}`, and py-orc's
// `approval-gate`, `user-prompt` and `feedback-collection` tools mapped onto them (spec §4.3).
import type { ApprovalIR, ApprovalStepIR, AutoTagIR } from '../../ir.js';
import type { CompileContext, CompiledStep } from '../context.js';
import { APPROVAL_KEYS } from '../key-tables.js';
import { readMapping, type Entry } from '../mapping.js';
import { describeNode, parseDuration, plainValue } from '../values.js';
import { rejectKeys } from './reject-keys.js';
import { scanValues } from '../scan-values.js';

type ApprovalFields = Omit<ApprovalStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

export const LEGACY_APPROVAL_TOOLS = ['approval-gate', 'user-prompt', 'feedback-collection'];
const FIELD_TYPES = ['string', 'number', 'integer', 'boolean'];

export function compileApprovalStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): ApprovalFields | undefined {
  rejectKeys(context, id, 'an approval', entries, ['approval']);
  const entry = entries.get('approval')!;
  const fields = readMapping(context.source, entry.value, entry.pointer, APPROVAL_KEYS);
  if (!fields) return undefined;
  const value = (key: string) => plainValue(fields.get(key)?.value ?? null);
  const approval: ApprovalIR = {
    title: typeof value('title') === 'string' ? (value('title') as string) : `Approve step "${id}"`,
    on_timeout: 'reject',
    allow_edit: value('allow_edit') === true,
    origin: 'approval',
  };
  if (fields.has('content')) approval.content = value('content');
  if (value('require_comment') === true) approval.require_comment = true;
  const timeout = fields.get('timeout');
  if (timeout) approval.timeout_ms = readApprovalTimeout(context, timeout);
  const onTimeout = fields.get('on_timeout');
  if (onTimeout) {
    const chosen = plainValue(onTimeout.value);
    if (chosen === 'reject' || chosen === 'approve' || chosen === 'fail') approval.on_timeout = chosen;
    else
      context.source.report(
        'error',
        'E_TYPE',
        onTimeout.value,
        onTimeout.pointer,
        `on_timeout must be reject, approve or fail, not ${describeNode(onTimeout.value)}`,
      );
  }
  const form = fields.get('fields');
  if (form) {
    const schema = plainValue(form.value);
    const problem = formProblem(schema);
    if (problem)
      context.source.report(
        'error',
        'E_TYPE',
        form.value,
        form.pointer,
        `fields must be a small JSON Schema of a form: ${problem}`,
        'e.g. {type: object, properties: {channel: {type: string, enum: [email, slack]}}, required: [channel]}',
      );
    else approval.fields = schema as Record<string, unknown>;
  }
  return finish(step, entry, approval);
}

function readApprovalTimeout(context: CompileContext, entry: Entry): number | undefined {
  const milliseconds = parseDuration(plainValue(entry.value));
  if (milliseconds === undefined)
    context.source.report(
      'error',
      'E_DURATION',
      entry.value,
      entry.pointer,
      `the approval's timeout must be a duration, not ${describeNode(entry.value)}`,
      'write "30m", "2h", "7d" or a number of seconds',
    );
  return milliseconds;
}

/** Why `schema` is not a form schema, or undefined when it is one. */
function formProblem(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'it is not a mapping';
  const { type, properties, required } = schema as Record<string, unknown>;
  if (type !== undefined && type !== 'object') return 'its type must be object';
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties))
    return 'it needs "properties"';
  for (const [name, property] of Object.entries(properties)) {
    const propertyType = (property as { type?: unknown } | null)?.type;
    if (!FIELD_TYPES.includes(String(propertyType)))
      return `property "${name}" must have type ${FIELD_TYPES.join(', ')}`;
  }
  if (required !== undefined && (!Array.isArray(required) || required.some((name) => !(String(name) in properties))))
    return '"required" must list declared properties';
  return undefined;
}

export function compileLegacyApprovalTool(
  context: CompileContext,
  id: string,
  tool: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): ApprovalFields | undefined {
  rejectKeys(context, id, `a ${tool} step`, entries, ['tool', 'action', 'parameters']);
  const entry = entries.get('parameters');
  const parameters = (plainValue(entry?.value ?? null) ?? {}) as Record<string, unknown>;
  const approval: ApprovalIR = {
    title: String(parameters.title ?? parameters.prompt ?? `Answer step "${id}"`),
    on_timeout: 'reject',
    allow_edit: false,
    origin: tool as ApprovalIR['origin'],
  };
  if (parameters.content !== undefined) approval.content = parameters.content;
  if (parameters.allow_modifications === true) approval.allow_edit = true;
  if (parameters.require_reason === true) approval.require_comment = true;
  const timeout = parseDuration(parameters.timeout);
  if (timeout !== undefined) approval.timeout_ms = timeout;
  if (tool === 'user-prompt') {
    const inputType = String(parameters.input_type ?? 'text');
    approval.prompt = {
      input_type: (['text', 'number', 'boolean', 'choice'].includes(inputType) ? inputType : 'text') as 'text',
      ...(parameters.choices !== undefined ? { choices: parameters.choices } : {}),
      ...(parameters.default !== undefined ? { default: parameters.default } : {}),
    };
  }
  if (tool === 'feedback-collection') approval.fields = feedbackForm(parameters);
  return finish(step, entry ?? null, approval);
}

/** py-orc's questions ({id, text, type: rating|boolean|text|choice, scale, choices}) as a form. */
function feedbackForm(parameters: Record<string, unknown>): Record<string, unknown> {
  const questions = Array.isArray(parameters.questions) ? (parameters.questions as Record<string, unknown>[]) : [];
  const properties: Record<string, unknown> = {};
  for (const question of questions) {
    const name = String(question.id ?? question.name ?? `q${Object.keys(properties).length + 1}`);
    const title = String(question.text ?? question.question ?? name);
    const type = String(question.type ?? 'text');
    if (type === 'rating')
      properties[name] = { type: 'integer', title, minimum: 1, maximum: Number(question.scale ?? 5) };
    else if (type === 'boolean') properties[name] = { type: 'boolean', title };
    else if (type === 'choice' && Array.isArray(question.choices))
      properties[name] = { type: 'string', title, enum: question.choices };
    else properties[name] = { type: 'string', title };
  }
  const required = Array.isArray(parameters.required_questions) ? parameters.required_questions.map(String) : [];
  return { type: 'object', properties, required };
}

function finish(step: CompiledStep, entry: Entry | null, approval: ApprovalIR): ApprovalFields {
  const autoTags: AutoTagIR[] = [];
  if (entry) scanValues(step, entry.value, entry.pointer, `/${entry.key}`, autoTags);
  return { kind: 'approval', approval, ...(autoTags.length ? { auto_tags: autoTags } : {}) };
}
