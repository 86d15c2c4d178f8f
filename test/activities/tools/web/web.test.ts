// The web/http tool called directly against a local site: methods, bodies, readable text,
// limits, redirects, status codes and the private-address policy.
import { performance } from 'node:perf_hooks';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultToolSettings } from '../../../../activities/index.js';
import { httpRequest } from '../../../../activities/tools/web/http-client.js';
import { allowPrivate, callTool, failureOf } from './call-tool.js';
import { startWebSite } from './local-servers.js';

let site: Awaited<ReturnType<typeof startWebSite>>;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

const fetchUrl = (parameters: Record<string, unknown>, settings = allowPrivate()) =>
  callTool('web', 'fetch', parameters, settings);

describe('web.fetch', () => {
  it('returns status, headers, text, the readable text of HTML and the final URL', async () => {
    const result = await fetchUrl({ url: `${site.url}/article` });
    expect(result).toMatchObject({ status: 200, ok: true, url: `${site.url}/article`, truncated: false });
    expect((result.headers as Record<string, string>)['content-type']).toBe('text/html; charset=utf-8');
    expect(result.text).toContain('<nav>');
    const readable = result.readable_text as string;
    expect(readable).toContain('Healthcare AI in 2024');
    expect(readable).toContain('Hospitals now use machine learning for triage.');
    expect(readable).toContain('Diagnostic accuracy rose by 12% in one trial.');
    for (const chrome of [
      'SCRIPT TEXT',
      'color: red',
      'SITE HEADER',
      'NAVIGATION LINKS',
      'RELATED ADVERTS',
      'SITE FOOTER',
      'document.write',
    ])
      expect(readable).not.toContain(chrome);
    expect(readable.split('\n')).toContain('Diagnostic accuracy rose by 12% in one trial.');
  });

  it('is the same tool under the name http', async () => {
    expect(
      await callTool('http', 'fetch', { url: `${site.url}/article`, readable: false }, allowPrivate()),
    ).toMatchObject({ status: 200, readable_text: null });
  });

  it('sends the method, headers and a text body as is', async () => {
    const result = await fetchUrl({
      url: `${site.url}/echo`,
      method: 'PUT',
      headers: { 'X-Token': 'abc', 'Content-Type': 'text/plain' },
      body: 'plain words',
    });
    const echo = JSON.parse(result.text as string) as { method: string; headers: Record<string, string>; body: string };
    expect(echo).toMatchObject({ method: 'PUT', body: 'plain words' });
    expect(echo.headers).toMatchObject({ 'x-token': 'abc', 'content-type': 'text/plain' });
    expect(result.readable_text).toBeNull();
    expect((result.headers as Record<string, string>)['x-echo']).toBe('yes');
  });

  it('sends other bodies as JSON with a JSON content type', async () => {
    const result = await fetchUrl({ url: `${site.url}/echo`, method: 'POST', body: { a: [1, 2], b: 'c' } });
    const echo = JSON.parse(result.text as string) as { headers: Record<string, string>; body: string };
    expect(JSON.parse(echo.body)).toEqual({ a: [1, 2], b: 'c' });
    expect(echo.headers['content-type']).toBe('application/json');
  });

  it('decodes gzip and the declared charset', async () => {
    expect((await fetchUrl({ url: `${site.url}/gzip` })).readable_text).toContain('machine learning for triage');
    expect((await fetchUrl({ url: `${site.url}/latin1` })).text).toBe('café crème');
    expect((await fetchUrl({ url: `${site.url}/meta-charset` })).readable_text).toBe('café');
  });

  it('follows redirects and reports the final URL', async () => {
    const result = await fetchUrl({ url: `${site.url}/chain/3` });
    expect(result).toMatchObject({ status: 200, url: `${site.url}/chain/0`, readable_text: 'arrived' });
  });

  it('turns a POST into a GET on 303 and keeps it on 307', async () => {
    const to = encodeURIComponent('/echo');
    const after303 = JSON.parse(
      (await fetchUrl({ url: `${site.url}/redirect?status=303&to=${to}`, method: 'POST', body: 'x' })).text as string,
    ) as { method: string; body: string };
    expect(after303).toMatchObject({ method: 'GET', body: '' });
    const after307 = JSON.parse(
      (await fetchUrl({ url: `${site.url}/redirect?status=307&to=${to}`, method: 'POST', body: 'x' })).text as string,
    ) as { method: string; body: string };
    expect(after307).toMatchObject({ method: 'POST', body: 'x' });
  });

  it('stops after 10 redirects', async () => {
    expect((await fetchUrl({ url: `${site.url}/chain/10` })).status).toBe(200);
    const failure = await failureOf(fetchUrl({ url: `${site.url}/chain/11` }));
    expect(failure).toMatchObject({ type: 'HttpError', nonRetryable: true });
    expect(failure.message).toContain('more than 10 redirects');
  });

  it('returns a 4xx as data (a 404 is an answer)', async () => {
    const result = await fetchUrl({ url: `${site.url}/status/404` });
    expect(result).toMatchObject({ status: 404, ok: false });
    expect(result.readable_text).toContain('custom error page');
    expect((await fetchUrl({ url: `${site.url}/status/403` })).status).toBe(403);
  });

  it('fails retryably on 5xx and 429', async () => {
    for (const status of [500, 503, 429]) {
      const failure = await failureOf(fetchUrl({ url: `${site.url}/status/${status}` }));
      expect(failure).toMatchObject({ type: 'HttpError', nonRetryable: false });
      expect(failure.message).toContain(String(status));
    }
  });

  it('cuts a huge body at max_bytes and marks it truncated, without reading the rest', async () => {
    const started = performance.now();
    const result = await fetchUrl({ url: `${site.url}/huge`, max_bytes: 100_000 });
    expect(result).toMatchObject({ status: 200, truncated: true, size: 100_000 });
    expect((result.text as string).length).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('counts decoded bytes: a gzip bomb is cut at max_bytes', async () => {
    const result = await fetchUrl({ url: `${site.url}/gzip-bomb`, max_bytes: 1_000_000 });
    expect(result).toMatchObject({ truncated: true, size: 1_000_000 });
  });

  it('gives up after timeout seconds, retryably, whether the headers or the body are slow', async () => {
    for (const path of ['/slow?ms=5000', '/slow-body?ms=5000']) {
      const started = performance.now();
      const failure = await failureOf(fetchUrl({ url: `${site.url}${path}`, timeout: 0.5 }));
      expect(failure).toMatchObject({ type: 'Timeout', nonRetryable: false });
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });

  it('fails retryably when nothing listens', async () => {
    const closed = await startWebSite();
    await closed.close();
    const failure = await failureOf(fetchUrl({ url: `${closed.url}/article` }));
    expect(failure).toMatchObject({ type: 'NetworkError', nonRetryable: false });
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it('refuses URLs that are not http(s)', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/', 'not a url']) {
      expect(await failureOf(fetchUrl({ url }))).toMatchObject({ type: 'ToolError', nonRetryable: true });
    }
  });

  it('stops when the activity is cancelled', async () => {
    const environment = new MockActivityEnvironment();
    const pending = callTool(
      'web',
      'fetch',
      { url: `${site.url}/slow?ms=10000`, timeout: 30 },
      allowPrivate(),
      environment,
    );
    setTimeout(() => environment.cancel(), 300);
    const started = performance.now();
    const error = await pending.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeDefined();
    expect((error as Error).name).not.toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('the private-address policy', () => {
  const off = defaultToolSettings();

  it('refuses a loopback URL when private addresses are not allowed, before any request', async () => {
    const before = site.hits.get('/article') ?? 0;
    const failure = await failureOf(fetchUrl({ url: `${site.url}/article` }, off));
    expect(failure).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
    expect(failure.message).toContain('loopback');
    expect(failure.message).toContain('ORC_WEB_ALLOW_PRIVATE=1');
    expect(site.hits.get('/article') ?? 0).toBe(before);
  });

  it('refuses names that resolve to loopback, and private, link-local and mapped literals', async () => {
    for (const url of [
      `http://localhost:${site.port}/article`,
      'http://10.1.2.3/',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://2130706433/',
    ]) {
      const failure = await failureOf(fetchUrl({ url, timeout: 2 }, off));
      expect(failure, url).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
    }
  });

  it('checks every redirect hop: a "public" page redirecting to loopback is refused', async () => {
    // 127.0.0.1 stands in for a public host (exempt); the redirect goes to other loopback forms.
    for (const target of [
      `http://127.0.0.2:${site.port}/article`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${site.port}/`,
    ]) {
      const error = await httpRequest({
        url: `${site.url}/redirect?to=${encodeURIComponent(target)}`,
        timeoutMs: 3_000,
        maxBytes: 1_000,
        allowPrivate: false,
        exemptAddresses: ['127.0.0.1'],
      }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error, target).toMatchObject({ kind: 'address-not-allowed' });
    }
    // The exempt address itself is reached, so the refusals above are the redirects'.
    expect(
      (
        await httpRequest({
          url: `${site.url}/redirect?to=/article`,
          timeoutMs: 3_000,
          maxBytes: 100_000,
          allowPrivate: false,
          exemptAddresses: ['127.0.0.1'],
        })
      ).status,
    ).toBe(200);
  });
});
