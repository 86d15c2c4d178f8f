// The report-generator tool: a Markdown report, or the same rendered to a standalone HTML page
// with marked, or that page printed to PDF by Chromium (report-pdf.ts). Report text often comes from a model, so raw HTML in it is shown as text and
// script links are disarmed: opening a generated report must not run anything.
import type { Marked, Tokens } from 'marked';
import { stringify as stringifyYaml } from 'yaml';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { htmlToPdf } from './report-pdf.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolImplementation } from './tool-implementation.js';
import { writeWorkspaceFile } from './workspace-files/index.js';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let markdownRenderer: Promise<Marked> | undefined;

/** marked is loaded by the first HTML or PDF report, not when the worker starts. */
function markedRenderer(): Promise<Marked> {
  markdownRenderer ??= import('marked').then(
    ({ Marked }) =>
      new Marked({
        gfm: true,
        renderer: { html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text) },
        walkTokens(token) {
          if (
            (token.type === 'link' || token.type === 'image') &&
            /^\s*(javascript|vbscript|data):/i.test((token as Tokens.Link).href)
          )
            (token as Tokens.Link).href = '#';
        },
      }),
  );
  return markdownRenderer;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}' +
  'table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem}pre{background:#f5f5f5;padding:.8rem;overflow:auto}';

function markdownOf(parameters: Record<string, unknown>): string {
  if (typeof parameters.template === 'string' && parameters.template.trim() !== '') return parameters.template;
  if (typeof parameters.content !== 'string') {
    throw toolFailure(ERROR_TYPES.toolError, 'report-generator.generate needs content (Markdown text) or template', {
      retryable: false,
    });
  }
  return `# ${String(parameters.title)}\n\n${parameters.content}`;
}

function metadataOf(parameters: Record<string, unknown>): Record<string, unknown> {
  const metadata = parameters.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : {};
}

async function htmlPage(title: string, markdown: string, metadata: Record<string, unknown>): Promise<string> {
  const metaTags = Object.entries(metadata)
    .map(
      ([name, value]) =>
        `<meta name="${escapeHtml(name)}" content="${escapeHtml(Array.isArray(value) ? value.join(', ') : String(value))}">`,
    )
    .join('\n');
  const body = (await markedRenderer()).parse(markdown, { async: false });
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n${metaTags}${metaTags ? '\n' : ''}<style>${STYLE}</style>\n</head>\n<body>\n${body}</body>\n</html>\n`;
}

/** Where a PDF goes when the step names no output_path: it has no text form to return instead. */
function defaultPdfPath(stepId: string): string {
  return `reports/${stepId.replace(/[^\w.-]+/g, '_') || 'report'}.pdf`;
}

export const reportGenerator: ToolImplementation = {
  async generate(parameters, context) {
    const format = String(parameters.format ?? 'markdown').toLowerCase();
    if (format !== 'markdown' && format !== 'html' && format !== 'pdf')
      throw toolFailure(
        ERROR_TYPES.toolError,
        `format must be markdown, html or pdf, not ${JSON.stringify(parameters.format)}`,
        { retryable: false },
      );
    const markdown = markdownOf(parameters);
    const metadata = metadataOf(parameters);
    const frontMatter = Object.keys(metadata).length > 0 ? `---\n${stringifyYaml(metadata)}---\n\n` : '';
    // A PDF is the HTML page printed: `content` is that page, the PDF itself goes to the file.
    const content =
      format === 'markdown'
        ? `${frontMatter}${markdown}`
        : await htmlPage(String(parameters.title), markdown, metadata);
    const named =
      typeof parameters.output_path === 'string' && parameters.output_path !== '' ? parameters.output_path : null;
    const filepath = named ?? (format === 'pdf' ? defaultPdfPath(context.stepId) : null);
    const bytes = format === 'pdf' ? await htmlToPdf(content, context) : Buffer.from(content, 'utf8');
    if (filepath !== null) {
      await writeWorkspaceFile(context.workspaceRoot, filepath, bytes);
    }
    return { success: true, content, format, filepath, size: bytes.length };
  },
};
