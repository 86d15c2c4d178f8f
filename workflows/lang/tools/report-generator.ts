import { defineTool } from './definition.js';

export const reportGeneratorTool = defineTool({
  name: 'report-generator',
  description: 'Reports from Markdown: rendered as Markdown, HTML or PDF.',
  actions: {
    generate: {
      description: 'Build a report from a title and Markdown content (or a template), and save it if asked.',
      parameters: {
        title: {
          type: 'string',
          required: true,
          description: 'the report title (the first heading and the document title)',
        },
        content: { type: 'string', description: 'the body in Markdown; required unless template is given' },
        format: {
          type: 'string',
          default: 'markdown',
          enum: ['markdown', 'html', 'pdf'],
          description: 'the output format; pdf is the html page printed by Chromium on the worker',
        },
        template: {
          type: 'string',
          description: 'the whole document in Markdown, used instead of title + content (rendered like any parameter)',
        },
        metadata: {
          type: 'object',
          description: 'document metadata (author, date, keywords…), written as front matter or HTML meta',
        },
        output_path: {
          type: 'string',
          description:
            'where to save the report, relative to the workspace root; not saved if absent (a pdf then goes to reports/<step id>.pdf)',
        },
      },
      returns: ['success', 'content', 'format', 'filepath', 'size'],
      result:
        '{ success, content, format, filepath, size } — content is the Markdown or HTML text (for pdf, the HTML that was printed); filepath is null when not saved; size is the bytes written',
    },
  },
});
