// A forward proxy on 127.0.0.1 that Chromium sends all its traffic through when private
// addresses are not allowed: plain HTTP requests and CONNECT tunnels (HTTPS, WebSockets) are
// connected by this process, through the same policy-checking DNS lookup as the web tool, so
// every request, every redirect hop and every subresource is checked against the address it
// actually connects to — Chromium's own DNS is never used.
import http from 'node:http';
import { isIP, connect, type AddressInfo, type Socket } from 'node:net';
import { AddressNotAllowedError } from './address-policy.js';
import { policyLookup, type Policy } from './http-client.js';

export interface PolicyProxy {
  /** `http://127.0.0.1:PORT`, for Chromium's `proxy.server`. */
  url: string;
  /** The first request refused by the policy, if any. */
  refused(): string | undefined;
  close(): Promise<void>;
}

export async function startPolicyProxy(policy: Policy): Promise<PolicyProxy> {
  let refused: string | undefined;
  const sockets = new Set<Socket>();
  const lookup = policyLookup(policy);
  const check = (host: string) => {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) policy(bare, bare);
  };
  const refuse = (error: unknown): boolean => {
    if (!(error instanceof AddressNotAllowedError)) return false;
    refused ??= error.message;
    return true;
  };

  const server = http.createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
      check(target.hostname);
    } catch (error) {
      response.writeHead(refuse(error) ? 403 : 400, { 'content-type': 'text/plain' });
      return void response.end(refuse(error) ? 'address not allowed' : 'bad proxy request');
    }
    const headers = { ...request.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers,
        lookup,
        agent: false,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      const blocked = refuse(error);
      if (!response.headersSent) response.writeHead(blocked ? 403 : 502, { 'content-type': 'text/plain' });
      response.end(blocked ? 'address not allowed' : 'bad gateway');
    });
    request.pipe(upstream);
  });

  server.on('connect', (request: http.IncomingMessage, client: Socket, head: Buffer) => {
    const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(request.url ?? '');
    const fail = (status: string) => client.end(`HTTP/1.1 ${status}\r\n\r\n`);
    client.on('error', () => undefined);
    if (!match) return fail('400 Bad Request');
    const host = match[1]!.replace(/^\[|\]$/g, '');
    try {
      check(host);
    } catch (error) {
      refuse(error);
      return fail('403 Forbidden');
    }
    const upstream = connect({ host, port: Number(match[2]), lookup }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', (error) => {
      if (!client.writableEnded) fail(refuse(error) ? '403 Forbidden' : '502 Bad Gateway');
      client.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
