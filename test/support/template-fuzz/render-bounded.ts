// One template rendered under a wall-clock bound, with its CPU time measured: the shared check
// of the extreme-operands test and the template fuzzer. A synchronous render cannot be
// interrupted by a timer; V8 stops code running under vm's `timeout` (loops and regular
// expressions included), so a template that spins is reported as `timeout` instead of hanging.
import { createContext, runInContext } from 'node:vm';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';

export interface RenderOutcome {
  /** 'rendered', the TemplateError's kind, 'timeout', or 'crash' (any other error). */
  readonly kind: string;
  readonly text: string;
  readonly cpuMs: number;
  readonly wallMs: number;
}

const sandbox = createContext({ run: (): unknown => undefined });

export function renderBounded(template: string, scope: Record<string, unknown>, wallLimitMs: number): RenderOutcome {
  sandbox.run = () => renderTemplate(template, scope, { now: () => '2024-03-05T14:07:09Z' });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const finish = (kind: string, text: string): RenderOutcome => {
    const used = process.cpuUsage(cpu);
    return { kind, text, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
  };
  try {
    return finish('rendered', runInContext('run()', sandbox, { timeout: wallLimitMs, displayErrors: false }) as string);
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return finish('timeout', `stopped after ${wallLimitMs} ms`);
    if (error instanceof TemplateError) return finish(error.kind, error.message);
    return finish('crash', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  } finally {
    sandbox.run = () => undefined;
  }
}
