// report-generator called directly: Markdown, HTML and PDF, metadata, saving, and what is refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createActivities, defaultToolSettings } from '../../../activities/index.js';
import { findChromium } from '../../../activities/tools/headless-browser.js';
import { pdfText } from '../../support/pdf-text.js';
import { failureOf, newWorkspace, toolCaller } from './call-tool.js';

// CI installs Chromium (apt-get install chromium); without it the PDF tests that need it are skipped.
const chromium = await findChromium(process.env.ORC_CHROMIUM);

let workspace: string;
const call = toolCaller('report-generator', () => workspace);

beforeEach(async () => {
  workspace = await newWorkspace();
});

describe('report-generator: generate', () => {
  it('writes Markdown with the title as the first heading, and saves it', async () => {
    const result = await call('generate', {
      title: 'Sales',
      content: 'All **good**.',
      output_path: 'reports/sales.md',
    });
    expect(result).toEqual({
      success: true,
      content: '# Sales\n\nAll **good**.',
      format: 'markdown',
      filepath: 'reports/sales.md',
      size: 22,
    });
    expect(await readFile(join(workspace, 'reports/sales.md'), 'utf8')).toBe('# Sales\n\nAll **good**.');
  });

  it('puts metadata in front matter and uses a template instead of title + content', async () => {
    const result = await call('generate', { title: 'T', template: '# Own\n', metadata: { author: 'Ada' } });
    expect(result).toMatchObject({ content: '---\nauthor: Ada\n---\n\n# Own\n', filepath: null });
  });

  it('renders HTML: a standalone page with tables, meta tags and an escaped title', async () => {
    const result = await call('generate', {
      title: 'A <b> & c',
      content: '| a | b |\n|---|---|\n| 1 | 2 |',
      format: 'html',
      metadata: { author: 'Ada' },
    });
    const html = result.content as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>A &lt;b&gt; &amp; c</title>');
    expect(html).toContain('<meta name="author" content="Ada">');
    expect(html).toContain('<h1>A <b> &amp; c</h1>'.replace('<b>', '&lt;b&gt;'));
    expect(html).toContain('<td>1</td>');
  });

  it('shows raw HTML and script links from the content as harmless text', async () => {
    const html = (
      await call('generate', {
        title: 't',
        content: '<script>alert(1)</script>\n\n[x](javascript:alert(1))',
        format: 'html',
      })
    ).content as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
  });

  it.skipIf(!chromium)(
    'prints PDF with Chromium: the text of the page in it, saved to reports/<step id>.pdf by default',
    async () => {
      const result = await call('generate', {
        title: 'Quarterly Sales',
        content: 'Revenue grew **12 percent**.\n\n| region | revenue |\n|---|---|\n| North | 10 |',
        format: 'pdf',
      });
      expect(result).toMatchObject({ success: true, format: 'pdf', filepath: 'reports/s.pdf' });
      expect(result.content).toMatch(/^<!DOCTYPE html>/);
      const pdf = await readFile(join(workspace, 'reports/s.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(result.size).toBe(pdf.length);
      expect(pdf.toString('latin1')).toContain('/Title (Quarterly Sales)');
      const text = pdfText(pdf);
      expect(text).toContain('Quarterly Sales');
      expect(text).toContain('Revenue grew 12 percent.');
      expect(text).toContain('North');
    },
  );

  it('fails PDF without Chromium typed and for good, naming what to install', async () => {
    const environment = new MockActivityEnvironment();
    const activities = createActivities({
      workspaceRoot: workspace,
      toolSettings: defaultToolSettings({ browser: { chromiumPath: '/nonexistent/chromium' } }),
    });
    const failure = await failureOf(
      environment.run(activities.runTool, {
        tool: 'report-generator',
        action: 'generate',
        parameters: { title: 't', content: 'x', format: 'pdf', output_path: 'r.pdf' },
        step_id: 's',
        workflow_id: 'w',
        run_id: 'r',
      }),
    );
    expect(failure.type).toBe('BrowserUnavailable');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('apt-get install chromium');
    expect(failure.message).toContain('ORC_CHROMIUM is "/nonexistent/chromium"');
  });

  it.each([
    ['an unknown format', { title: 't', content: 'x', format: 'docx' }, 'ToolError', 'markdown, html or pdf'],
    ['no content', { title: 't' }, 'ToolError', 'needs content'],
    [
      'a path outside',
      { title: 't', content: 'x', output_path: '../r.md' },
      'PathOutsideWorkspace',
      'outside the workspace',
    ],
  ])('refuses %s', async (_what, parameters, type, message) => {
    const failure = await failureOf(call('generate', parameters));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
  });
});
