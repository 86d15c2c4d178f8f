// The one HTTP client of the web tools: node:http(s) with a DNS lookup that applies the
// private-address policy to the address the connection will actually use (so a name that
// resolves to a public address when checked and to 127.0.0.1 when connecting — DNS rebinding —
// cannot slip through), redirects followed hop by hop under the same policy, one deadline for
// the whole exchange, and a body read as a stream that stops at a byte limit.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AddressNotAllowedError, checkAddress, privateRangeOf } from './address-policy.js';

export const MAX_REDIRECTS = 10;
export const USER_AGENT = 'Mozilla/5.0 (compatible; orc-web/0.1; +https://github.com/)';

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange: every redirect hop and the body. */
  timeoutMs: number;
  /** Largest (decoded) body read; the rest is cut off and `truncated` is set. */
  maxBytes: number;
  /** Cancellation (the activity's signal). */
  signal?: AbortSignal;
  /** WebSettings.allowPrivateAddresses; `true` too for operator-configured endpoints (search APIs). */
  allowPrivate: boolean;
  /** IP addresses exempt from the policy (exactly these; tests use it to stand in for public hosts). */
  exemptAddresses?: readonly string[];
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  /** The final URL, after redirects. */
  url: string;
  redirects: string[];
}

export type WebRequestErrorKind = 'invalid-url' | 'address-not-allowed' | 'timeout' | 'network' | 'too-many-redirects';

export class WebRequestError extends Error {
  constructor(
    readonly kind: WebRequestErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebRequestError';
  }
}

/** Parses an absolute http(s) URL or throws WebRequestError('invalid-url'). */
export function parseWebUrl(value: unknown, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(String(value), base);
  } catch {
    throw new WebRequestError('invalid-url', `not an absolute URL: "${String(value)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebRequestError(
      'invalid-url',
      `only http:// and https:// URLs can be fetched, not "${url.protocol}" (${url.href})`,
    );
  }
  return url;
}

/** Checks a URL's host under the policy: an IP literal directly, a name after resolving it. */
export async function checkUrlAllowed(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = bareHost(url);
  if (isIP(host)) {
    const range = privateRangeOf(host);
    if (range !== undefined)
      throw new WebRequestError('address-not-allowed', new AddressNotAllowedError(host, host, range).message);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, found) =>
      error
        ? reject(new WebRequestError('network', `cannot resolve ${host}: ${error.message}`, { cause: error }))
        : resolve(found),
    ),
  );
  try {
    for (const { address } of addresses) checkAddress(host, address, false);
  } catch (error) {
    throw new WebRequestError('address-not-allowed', (error as Error).message, { cause: error });
  }
}

export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const maxRedirects = request.maxRedirects ?? MAX_REDIRECTS;
  let url = parseWebUrl(request.url);
  let method = (request.method ?? 'GET').toUpperCase();
  let headers = withDefaults(request.headers ?? {});
  let body = request.body;
  const redirects: string[] = [];
  try {
    for (;;) {
      const response = await send(url, method, headers, body, signal, policyOf(request));
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && status !== 304 && location) {
        response.destroy();
        if (redirects.length >= maxRedirects)
          throw new WebRequestError(
            'too-many-redirects',
            `more than ${maxRedirects} redirects (last: ${url.href} → ${location})`,
          );
        const next = parseWebUrl(location, url);
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          headers = without(headers, ['content-type', 'content-length']);
        }
        // Credentials meant for one origin are not handed to another.
        if (next.origin !== url.origin) headers = without(headers, ['authorization', 'cookie', 'proxy-authorization']);
        redirects.push(next.href);
        url = next;
        continue;
      }
      const { data, truncated } =
        method === 'HEAD' || status === 204 || status === 304
          ? { data: Buffer.alloc(0), truncated: false }
          : await readBody(response, request.maxBytes, signal);
      return {
        status,
        statusText: response.statusMessage ?? '',
        headers: flattenHeaders(response),
        body: data,
        truncated,
        url: url.href,
        redirects,
      };
    }
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    if (error instanceof WebRequestError) throw error;
    if (error instanceof AddressNotAllowedError)
      throw new WebRequestError('address-not-allowed', error.message, { cause: error });
    if (timeout.aborted)
      throw new WebRequestError('timeout', `${request.url}: no complete answer within ${request.timeoutMs / 1000} s`, {
        cause: error,
      });
    const message = error instanceof Error ? error.message : String(error);
    throw new WebRequestError('network', `${url.href}: ${message}`, { cause: error });
  }
}

export type Policy = (host: string, address: string) => void;

export function policyOf(request: Pick<HttpRequest, 'allowPrivate' | 'exemptAddresses'>): Policy {
  return (host, address) => {
    if (!request.exemptAddresses?.includes(address)) checkAddress(host, address, request.allowPrivate);
  };
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  signal: AbortSignal,
  policy: Policy,
): Promise<IncomingMessage> {
  const host = bareHost(url);
  // An IP literal is never looked up: it is checked here.
  if (isIP(host)) policy(host, host);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      url,
      { method, headers, signal, lookup: policyLookup(policy), agent: false },
      resolve,
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** dns.lookup, refusing a name when any of its addresses is refused; the connection uses these addresses. */
export function policyLookup(policy: Policy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      try {
        for (const { address } of addresses) policy(hostname, address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 4);
      }
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
      if (options.all)
        return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ data: Buffer; truncated: boolean }> {
  const abort = () => response.destroy(new Error('aborted while reading the body'));
  signal.addEventListener('abort', abort, { once: true });
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const stream: Readable = decoder ? pipeline(response, decoder, () => undefined) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    signal.removeEventListener('abort', abort);
    response.destroy();
    decoder?.destroy();
  }
  return { data: Buffer.concat(chunks, size), truncated };
}

function withDefaults(given: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: '*/*',
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = String(value);
  return headers;
}

function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(name === 'set-cookie' ? '\n' : ', ') : value;
  }
  return headers;
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** The body as text, in the charset the response declares (or the HTML's meta tag), else UTF-8. */
export function decodeText(body: Buffer, contentType: string | undefined): string {
  let charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (!charset && isHtml(contentType, body))
    charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** HTML by its content type, or (when none is given) by its first bytes. */
export function isHtml(contentType: string | undefined, body: Buffer): boolean {
  if (contentType) return /\b(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
  return /^\s*(<!doctype html|<html)/i.test(body.subarray(0, 512).toString('latin1'));
}
