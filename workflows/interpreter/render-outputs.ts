// `outputs:` rendered when the run ends. An output that fails to render is null and a warning
// (py-orc renders null); the run's success is unaffected (spec §2).
import { TemplateError, renderValue, type RenderOptions } from '../lang/expr/index.js';

export function renderOutputs(
  outputs: Record<string, unknown>,
  scope: Record<string, unknown>,
  options: RenderOptions,
): { values: Record<string, unknown>; warnings: string[] } {
  const values: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const [name, template] of Object.entries(outputs)) {
    try {
      values[name] = renderValue(template, scope, options) ?? null;
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      values[name] = null;
      warnings.push(`output "${name}": ${error.message}`);
    }
  }
  return { values, warnings };
}
