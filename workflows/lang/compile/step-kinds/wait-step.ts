// `wait: <duration>` or `wait: {until: <ISO time template>}`: a durable timer.
import { isMap } from 'yaml';
import type { WaitStepIR } from '../../ir.js';
import type { CompileContext, CompiledStep } from '../context.js';
import type { Entry } from '../mapping.js';
import { describeNode, parseDuration, plainValue } from '../values.js';
import { rejectKeys } from './reject-keys.js';

type WaitFields = Omit<WaitStepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

export function compileWaitStep(
  context: CompileContext,
  id: string,
  entries: Map<string, Entry>,
  step: CompiledStep,
): WaitFields | undefined {
  rejectKeys(context, id, 'a wait step', entries, ['wait']);
  const entry = entries.get('wait')!;
  const value = plainValue(entry.value);
  if (
    isMap(entry.value) &&
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { until?: unknown }).until === 'string'
  ) {
    const until = (value as { until: string }).until;
    const node = entry.value.get('until', true);
    if (node && until.includes('{{'))
      step.templates.push({ text: until, node: node as never, pointer: `${entry.pointer}/until`, expression: false });
    return { kind: 'wait', until };
  }
  const duration = parseDuration(value);
  if (duration === undefined) {
    context.source.report(
      'error',
      'E_DURATION',
      entry.value ?? entry.keyNode,
      entry.pointer,
      `wait of step "${id}" must be a duration or {until: <ISO time>}, not ${describeNode(entry.value)}`,
      'write "30s", "5m", "2h", "1d", a number of seconds, or until: "{{ … }}"',
    );
    return undefined;
  }
  return { kind: 'wait', duration_ms: duration };
}
