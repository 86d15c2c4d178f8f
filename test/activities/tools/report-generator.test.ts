// report-generator called directly: Markdown and HTML, metadata, saving, and what is refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { failureOf, newWorkspace, toolCaller } from './call-tool.js';

let workspace: string;
const call = toolCaller('report-generator', () => workspace);

beforeEach(async () => {
  workspace = await newWorkspace();
});

describe('report-generator: generate', () => {
  it('writes Markdown with the title as the first heading, and saves it', async () => {
    const result = await call('generate', { title: 'Sales', content: 'All **good**.', output_path: 'reports/sales.md' });
    expect(result).toEqual({ success: true, content: '# Sales\n\nAll **good**.', format: 'markdown', filepath: 'reports/sales.md', size: 22 });
    expect(await readFile(join(workspace, 'reports/sales.md'), 'utf8')).toBe('# Sales\n\nAll **good**.');
  });

  it('puts metadata in front matter and uses a template instead of title + content', async () => {
    const result = await call('generate', { title: 'T', template: '# Own\n', metadata: { author: 'Ada' } });
    expect(result).toMatchObject({ content: '---\nauthor: Ada\n---\n\n# Own\n', filepath: null });
  });

  it('renders HTML: a standalone page with tables, meta tags and an escaped title', async () => {
    const result = await call('generate', { title: 'A <b> & c', content: '| a | b |\n|---|---|\n| 1 | 2 |', format: 'html', metadata: { author: 'Ada' } });
    const html = result.content as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>A &lt;b&gt; &amp; c</title>');
    expect(html).toContain('<meta name="author" content="Ada">');
    expect(html).toContain('<h1>A <b> &amp; c</h1>'.replace('<b>', '&lt;b&gt;'));
    expect(html).toContain('<td>1</td>');
  });

  it('shows raw HTML and script links from the content as harmless text', async () => {
    const html = (await call('generate', { title: 't', content: '<script>alert(1)</script>\n\n[x](javascript:alert(1))', format: 'html' })).content as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
  });

  it.each([
    ['PDF (no renderer)', { title: 't', content: 'x', format: 'pdf' }, 'Unsupported', 'use format html'],
    ['no content', { title: 't' }, 'ToolError', 'needs content'],
    ['a path outside', { title: 't', content: 'x', output_path: '../r.md' }, 'PathOutsideWorkspace', 'outside the workspace'],
  ])('refuses %s', async (_what, parameters, type, message) => {
    const failure = await failureOf(call('generate', parameters));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
  });
});
