import { defineTool } from './definition.js';

const url = { type: 'string', required: true, description: 'absolute http:// or https:// URL of the page' } as const;
// Milliseconds, as in py-orc's web pipelines (`timeout: 10000`) and the browser's own API.
const timeout = {
  type: 'number',
  default: 30_000,
  description: 'milliseconds before the page load is abandoned',
} as const;
const pageResult =
  '{ success, url, title, text, html, links: [{ text, url }] } — with a selector, text and html are those of the matching elements';

export const headlessBrowserTool = defineTool({
  name: 'headless-browser',
  description: 'Web pages as a browser sees them: static scraping, JavaScript rendering, main-content extraction.',
  actions: {
    scrape: {
      description: 'Load a page without running its JavaScript and return its text, HTML and links.',
      parameters: {
        url,
        selector: { type: 'string', description: 'CSS selector; only the matching elements are returned' },
        timeout,
      },
      returns: ['success', 'url', 'title', 'text', 'html', 'links'],
      result: pageResult,
    },
    scrape_js: {
      description: 'Load a page in a headless browser, running its JavaScript, and return what it renders.',
      parameters: {
        url,
        wait_for: { type: 'string', description: 'CSS selector to wait for before reading the page' },
        timeout,
      },
      returns: ['success', 'url', 'title', 'text', 'html', 'links'],
      result: pageResult,
    },
    extract: {
      description: "Extract a page's readable main content (article text without navigation and ads).",
      parameters: {
        url,
        extract_main_content: {
          type: 'boolean',
          default: true,
          description: 'keep only the main content; false keeps all text',
        },
        include_metadata: {
          type: 'boolean',
          default: false,
          description: 'also return the author, date, description and language',
        },
        timeout,
      },
      returns: ['success', 'url', 'title', 'content', 'word_count', 'metadata'],
      result:
        '{ success, url, title, content, word_count, metadata: { author, published, description, language } | null }',
    },
  },
});
