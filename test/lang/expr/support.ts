// Shared by the engine's tests: the reference context and small render helpers.

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';
import type { RenderOptions, TemplateErrorKind } from '../../../workflows/lang/expr/index.js';

const referencePath = new URL('../../../../shared/compat/templates/jinja2-reference.json', import.meta.url);

/** The context of the Jinja2 reference cases: s, n, items, people, d, nested, … */
export const CONTEXT = (JSON.parse(readFileSync(referencePath, 'utf8')) as { context: Record<string, unknown> })
  .context;

export const FIXED_NOW = '2024-03-05T14:07:09Z';

export function render(
  template: string,
  scope: Record<string, unknown> = CONTEXT,
  options: RenderOptions = {},
): string {
  return renderTemplate(template, scope, { now: () => FIXED_NOW, ...options });
}

/** The TemplateError that `run` throws (failing the test if it throws anything else). */
export function templateError(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError, but nothing was thrown');
}

export function expectTemplateError(run: () => unknown, kind: TemplateErrorKind, message?: RegExp): TemplateError {
  const error = templateError(run);
  expect(error.kind).toBe(kind);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
