// The policy proxy Chromium uses when private addresses are refused: CONNECT tunnels (HTTPS,
// WebSockets) and forwarded HTTP requests are connected by the proxy under the policy.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOf } from '../../../../activities/tools/web/http-client.js';
import { startPolicyProxy } from '../../../../activities/tools/web/policy-proxy.js';
import { startWebSite } from './local-servers.js';

let site: Awaited<ReturnType<typeof startWebSite>>;
beforeAll(async () => {
  site = await startWebSite();
});
afterAll(async () => {
  await site.close();
});

/** Sends `request` to the proxy and returns everything it answers until it closes (or 3 s). */
function exchange(proxyUrl: string, request: string, then?: string): Promise<string> {
  const { port } = new URL(proxyUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (then && answer.startsWith('HTTP/1.1 200') && answer.endsWith('\r\n\r\n')) {
        socket.write(then);
        then = undefined;
      }
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    setTimeout(() => socket.destroy(), 3_000);
    socket.write(request);
  });
}

// 127.0.0.1 stands in for a public host (exempt); 127.0.0.2 and ::1 are private.
const policy = policyOf({ allowPrivate: false, exemptAddresses: ['127.0.0.1'] });

describe('the policy proxy', () => {
  it('tunnels CONNECT to an allowed address', async () => {
    const proxy = await startPolicyProxy(policy);
    try {
      const answer = await exchange(
        proxy.url,
        `CONNECT 127.0.0.1:${site.port} HTTP/1.1\r\nHost: 127.0.0.1:${site.port}\r\n\r\n`,
        `GET /api/data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1.1 200 Connection Established/);
      expect(answer).toContain('{"value":"from the API"}');
      expect(proxy.refused()).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it('refuses CONNECT to a private literal and to a name that resolves to one', async () => {
    const proxy = await startPolicyProxy(policyOf({ allowPrivate: false }));
    try {
      expect(await exchange(proxy.url, `CONNECT 127.0.0.2:${site.port} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1.1 403/);
      expect(proxy.refused()).toContain('127.0.0.2');
      expect(await exchange(proxy.url, `CONNECT localhost:${site.port} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1.1 403/);
      expect(await exchange(proxy.url, `CONNECT [::1]:${site.port} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1.1 403/);
    } finally {
      await proxy.close();
    }
  });

  it('forwards plain HTTP to an allowed address and refuses a private one', async () => {
    const proxy = await startPolicyProxy(policy);
    try {
      const allowed = await exchange(
        proxy.url,
        `GET ${site.url}/api/data HTTP/1.1\r\nHost: 127.0.0.1:${site.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(allowed).toMatch(/^HTTP\/1.1 200/);
      expect(allowed).toContain('from the API');
      const before = site.hits.get('/echo') ?? 0;
      const refused = await exchange(
        proxy.url,
        `GET http://127.0.0.2:${site.port}/echo HTTP/1.1\r\nHost: 127.0.0.2\r\nConnection: close\r\n\r\n`,
      );
      expect(refused).toMatch(/^HTTP\/1.1 403/);
      expect(site.hits.get('/echo') ?? 0).toBe(before);
      expect(proxy.refused()).toContain('127.0.0.2');
    } finally {
      await proxy.close();
    }
  });
});
