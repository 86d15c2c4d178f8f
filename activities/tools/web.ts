// The `web` (alias `http`) tool: one HTTP request from the worker under the private-address
// policy, with size and time limits, and the readable text of HTML pages.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolImplementation } from './tool-implementation.js';
import {
  htmlFailure,
  isRetryableStatus,
  numberParameter,
  statusFailure,
  stringParameter,
  webFailure,
} from './web/failures.js';
import { analyseHtmlOffThread } from './web/html-thread.js';
import { decodeText, httpRequest, isHtml } from './web/http-client.js';

/** Bounds of `max_bytes` (counted after decompression, so they bound a compression bomb too) and `timeout`. */
export const MAX_BODY_BYTES = 10_000_000;
export const MAX_TIMEOUT_SECONDS = 3_600;

export const web: ToolImplementation = {
  async fetch(parameters, context) {
    const url = stringParameter(parameters, 'url');
    if (url === undefined) throw toolFailure(ERROR_TYPES.toolError, 'web.fetch needs a url', { retryable: false });
    const method = (stringParameter(parameters, 'method') ?? 'GET').toUpperCase();
    const headers = headersOf(parameters.headers);
    let body: string | undefined;
    if (parameters.body !== undefined && parameters.body !== null) {
      if (typeof parameters.body === 'string') body = parameters.body;
      else {
        body = JSON.stringify(parameters.body);
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
          headers['content-type'] = 'application/json';
      }
    }
    const timeoutSeconds = numberParameter(parameters, 'timeout', 30, { value: MAX_TIMEOUT_SECONDS, unit: 'seconds' });
    const maxBytes = Math.floor(
      numberParameter(parameters, 'max_bytes', 5_000_000, { value: MAX_BODY_BYTES, unit: 'bytes' }),
    );
    try {
      const response = await httpRequest({
        url,
        method,
        headers,
        body,
        timeoutMs: timeoutSeconds * 1000,
        maxBytes,
        signal: context.signal,
        allowPrivate: context.settings.web.allowPrivateAddresses,
      });
      const contentType = response.headers['content-type'];
      const text = decodeText(response.body, contentType);
      // A 4xx is an answer the pipeline may act on (a 404 is data); 5xx, 429 and 408 are failures
      // worth retrying.
      if (isRetryableStatus(response.status))
        throw statusFailure(response.url, response.status, response.statusText, text);
      const html = response.body.length > 0 && isHtml(contentType, response.body);
      const readable =
        html && parameters.readable !== false ? await readableOf(text, response.url, context.signal) : null;
      return {
        status: response.status,
        ok: response.status >= 200 && response.status < 300,
        headers: response.headers,
        text,
        readable_text: readable,
        url: response.url,
        truncated: response.truncated,
        size: response.body.length,
      };
    } catch (error) {
      throw webFailure(error, context.signal);
    }
  },
};

async function readableOf(html: string, url: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    return (await analyseHtmlOffThread({ html, readable: 'main' }, { signal })).readable!;
  } catch (error) {
    throw htmlFailure(error, url, 'fetch it with readable: false to get its text without reading the HTML');
  }
}

function headersOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw toolFailure(ERROR_TYPES.toolError, 'headers must be a mapping of header names to values', {
      retryable: false,
    });
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, item]) => [
      name,
      typeof item === 'string' ? item : JSON.stringify(item),
    ]),
  );
}
