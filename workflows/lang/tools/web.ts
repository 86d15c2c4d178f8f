import { defineTool } from './definition.js';

const webActions = {
  fetch: {
    description: 'Fetch a URL over HTTP(S) and return its status, headers and text.',
    parameters: {
      url: { type: 'string', required: true, description: 'absolute http:// or https:// URL' },
      method: {
        type: 'string',
        default: 'GET',
        enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        description: 'HTTP method, upper case',
      },
      headers: { type: 'object', description: 'request headers, name to string value' },
      body: { type: 'any', description: 'request body: text as is, other values as JSON (with a JSON content type)' },
      timeout: { type: 'number', default: 30, description: 'seconds before the request is abandoned' },
      max_bytes: {
        type: 'integer',
        default: 5_000_000,
        description: 'largest response body read; the rest is cut off',
      },
      readable: { type: 'boolean', default: true, description: 'for HTML, also extract the readable main text' },
    },
    returns: ['status', 'ok', 'headers', 'text', 'readable_text', 'url', 'size', 'truncated'],
    result:
      '{ status, ok, headers, text, readable_text, url, size, truncated } — ok is a 2xx status; url is the final URL after redirects; readable_text is null unless the body is HTML; size is the bytes kept, truncated whether max_bytes cut the body off',
  },
} as const;

export const webTool = defineTool({
  name: 'web',
  description: 'HTTP requests from the worker (plain fetch, no JavaScript; see headless-browser for that).',
  actions: webActions,
});

/** The same tool under its other name; both spellings are common in pipelines. */
export const httpTool = defineTool({
  name: 'http',
  description: 'HTTP requests from the worker; another name for the `web` tool.',
  actions: webActions,
});
