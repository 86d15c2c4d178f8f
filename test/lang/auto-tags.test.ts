// AUTO tags survive the YAML parser unchanged, wherever they stand, and positions stay exact.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isScalar, visit } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findAutoTagSpans, protectAutoTags } from '../../workflows/lang/compile/auto-tags.js';
import { SourceFile } from '../../workflows/lang/compile/source.js';
import { compatRoot } from '../support/temporal.js';

function scalars(text: string): string[] {
  const source = new SourceFile('x.yaml', text);
  expect(source.diagnostics).toEqual([]);
  const values: string[] = [];
  visit(source.document, {
    Scalar: (_key, node) => void (isScalar(node) && typeof node.value === 'string' && values.push(node.value)),
  });
  return values;
}

describe('AUTO tags in YAML', () => {
  it.each([
    [
      'unquoted, with a colon and a hash',
      'a: <AUTO>Answer: yes or no? #1</AUTO>\n',
      '<AUTO>Answer: yes or no? #1</AUTO>',
    ],
    [
      'with attributes',
      'n: <AUTO type="integer" min="1" max="9">How many: {{ x }}?</AUTO>\n',
      '<AUTO type="integer" min="1" max="9">How many: {{ x }}?</AUTO>',
    ],
    [
      'inside a longer string',
      'p: Write about <AUTO>a topic: any</AUTO> today, please\n',
      'Write about <AUTO>a topic: any</AUTO> today, please',
    ],
    [
      'nested',
      'q: "<AUTO>search for <AUTO>a query: {{ t }}</AUTO></AUTO>"\n',
      '<AUTO>search for <AUTO>a query: {{ t }}</AUTO></AUTO>',
    ],
    ['a lone tag', 'model: <AUTO>\n', '<AUTO>'],
    ['in a flow sequence', 'xs: [<AUTO>a, b: c</AUTO>, plain]\n', '<AUTO>a, b: c</AUTO>'],
    [
      'two in one line',
      'x: <AUTO>one: 1</AUTO> and <AUTO>two: 2</AUTO>\n',
      '<AUTO>one: 1</AUTO> and <AUTO>two: 2</AUTO>',
    ],
  ])('keeps a tag %s', (_what, yaml, expected) => {
    expect(scalars(yaml)).toContain(expected);
  });

  it('keeps length and line breaks, so positions are exact', () => {
    const text = 'a: <AUTO>x: y\n  z # w</AUTO>\nb: 1\n';
    const protectedText = protectAutoTags(text);
    expect(protectedText).toHaveLength(text.length);
    expect(protectedText.split('\n').map((line) => line.length)).toEqual(text.split('\n').map((line) => line.length));
  });

  it('finds outermost spans only', () => {
    const text = '<AUTO>a <AUTO>b</AUTO> c</AUTO> d <AUTO>e</AUTO>';
    expect(findAutoTagSpans(text).map((span) => text.slice(span.start, span.end))).toEqual([
      '<AUTO>a <AUTO>b</AUTO> c</AUTO>',
      '<AUTO>e</AUTO>',
    ]);
  });

  it('restores every tag of the corpus files that use them', async () => {
    for (const file of [
      'auto_tags_demo.yaml',
      'control_flow_while_loop.yaml',
      'original_research_report_pipeline.yaml',
      'interactive_pipeline.yaml',
    ]) {
      const text = await readFile(join(compatRoot, file), 'utf8');
      const restored = scalars(text).join('\n');
      const expectedTags = findAutoTagSpans(text)
        .map((span) => text.slice(span.start, span.end))
        .filter((tag) => !tag.includes('\n'));
      expect(expectedTags.length).toBeGreaterThan(0);
      for (const tag of expectedTags) expect(restored).toContain(tag.replace(/\\"/g, '"'));
    }
  });
});
