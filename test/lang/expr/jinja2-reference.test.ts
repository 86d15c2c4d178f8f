// Every case rendered by real Jinja2 (py-orc's settings) must render the same here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';

interface ReferenceCase {
  template: string;
  expected?: string;
  error?: string;
}

interface ReferenceFile {
  context: Record<string, unknown>;
  cases: ReferenceCase[];
}

const referencePath = new URL('../../../../shared/compat/templates/jinja2-reference.json', import.meta.url);
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as ReferenceFile;

describe('Jinja2 reference cases', () => {
  it('has all the cases', () => {
    expect(reference.cases.length).toBeGreaterThanOrEqual(114);
  });

  const rendered = reference.cases.filter((entry) => entry.error === undefined);
  const failing = reference.cases.filter((entry) => entry.error !== undefined);

  it.each(rendered.map((entry) => [entry.template, entry.expected] as const))('%j', (template, expected) => {
    expect(renderTemplate(template, reference.context)).toBe(expected);
  });

  it.each(failing.map((entry) => [entry.template, entry.error] as const))('%j fails (%s)', (template) => {
    expect(() => renderTemplate(template, reference.context)).toThrow(TemplateError);
  });
});
