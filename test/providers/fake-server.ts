// A local HTTP server that speaks one provider's wire protocol, for the real SDKs to talk to:
// scripted per test with a queue of plans, recording every request, bound to 127.0.0.1 on a free
// port. node:http only.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plan, ReplyPlan } from './plan.js';
import type { RecordedRequest, SeenRequest } from './seen-request.js';
import { createTokenLimiter, type TokenLimiter, type TokenLimitOptions, type TokenLimitStats } from './token-limit.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** A whole body (bytes for audio), or the events of a stream, written one by one. */
  body?: string | Buffer;
  events?: string[];
}

export interface Route {
  model: string;
  stream: boolean;
  /** Which of the protocol's endpoints, when it has more than one (`images`, `transcriptions`, `speech`). */
  endpoint?: string;
}

export interface AnswerContext extends Route {
  body: unknown;
  /** 1 for the first request the server answers, 2 for the next… (ids, timestamps). */
  sequence: number;
}

export interface WireProtocol {
  name: string;
  /** The model and streaming mode of a request on one of the protocol's routes, else undefined. */
  route(method: string, url: URL, body: unknown): Route | undefined;
  /** What the real API would reject with a 400, as its message. */
  validate(body: unknown, route: Route): string | undefined;
  read(url: URL, headers: IncomingMessage['headers'], body: unknown, route: Route): SeenRequest;
  answer(plan: Plan, context: AnswerContext): HttpAnswer;
}

export interface FakeProviderServer {
  readonly protocol: string;
  /** `http://127.0.0.1:PORT` (the SDKs add their own paths, except OpenAI's `/v1`). */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Queues plans for the next requests, in order. */
  script(...plans: Plan[]): void;
  /**
   * Answers by what a request says instead of by its arrival order (for calls the engine makes
   * in parallel); a request the responder leaves (undefined) takes the next scripted plan.
   */
  respondWith(responder: (seen: SeenRequest) => Plan | undefined): void;
  /** The protocol's reading of the last request. */
  lastSeen(): SeenRequest;
  /** Requests larger than this many bytes are answered 413, as the real APIs' front ends do (reset lifts it). */
  limitRequestBytes(bytes: number): void;
  /**
   * Enforces a tokens-per-window limit as the provider's API does (token-limit.ts): every answer
   * carries its rate-limit headers, a request over the window's budget is answered 429.
   */
  limitTokens(options: TokenLimitOptions): TokenLimitStats;
  /** Forgets plans and requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeServer(protocol: WireProtocol): Promise<FakeProviderServer> {
  const plans: Plan[] = [];
  const requests: RecordedRequest[] = [];
  let responder: ((seen: SeenRequest) => Plan | undefined) | undefined;
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;
  let maxRequestBytes = Number.POSITIVE_INFINITY;
  let tokenLimiter: TokenLimiter | undefined;

  const wait = (ms: number, response: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!response.destroyed);
      const timer = setTimeout(() => {
        timers.delete(timer);
        response.off('close', onClose);
        resolve(!response.destroyed);
      }, ms);
      const onClose = (): void => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      timers.add(timer);
      response.once('close', onClose);
    });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const text = raw.toString('utf8');
    const boundary = /multipart\/form-data;\s*boundary=("?)([^";]+)\1/i.exec(
      request.headers['content-type'] ?? '',
    )?.[2];
    const body = boundary ? parseMultipart(raw, boundary) : parseJson(text);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = protocol.route(request.method ?? 'GET', url, body);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body,
    };
    requests.push(recorded);
    if (!route)
      return send(response, {
        status: 404,
        headers: json,
        body: JSON.stringify({
          error: `fake ${protocol.name} server: no route for ${recorded.method} ${recorded.url}`,
        }),
      });
    recorded.seen = protocol.read(url, request.headers, body, route);
    const context = { ...route, body, sequence: ++sequence };
    if (raw.length > maxRequestBytes)
      return send(
        response,
        protocol.answer(
          {
            kind: 'failure',
            status: 413,
            reason: 'bad_request',
            message: `Request Entity Too Large: the request exceeds ${maxRequestBytes} bytes`,
          },
          context,
        ),
      );
    const invalid = protocol.validate(body, route);
    if (invalid)
      return send(
        response,
        protocol.answer(
          { kind: 'failure', status: 400, reason: 'bad_request', message: `fake ${protocol.name} server: ${invalid}` },
          context,
        ),
      );
    const limited = tokenLimiter?.admit(recorded.seen, protocol.name);
    if (limited && !limited.admitted) {
      const refusal = protocol.answer({ kind: 'failure', status: 429, reason: 'rate_limit' }, context);
      return send(response, { ...refusal, headers: { ...refusal.headers, ...limited.headers } });
    }
    const plan = responder?.(recorded.seen) ?? plans.shift();
    if (!plan)
      return send(response, {
        status: 418,
        headers: json,
        body: JSON.stringify({
          error: { message: `fake ${protocol.name} server: no answer planned for request ${requests.length}` },
        }),
      });
    if (!(await wait(plan.delayMs ?? 0, response))) return;
    const planned = protocol.answer(plan, context);
    const answer = limited ? { ...planned, headers: { ...planned.headers, ...limited.headers } } : planned;
    if (answer.events) await stream(response, answer, plan.kind === 'reply' ? plan : {});
    else send(response, answer);
  }

  async function stream(response: ServerResponse, answer: HttpAnswer, timing: Partial<ReplyPlan>): Promise<void> {
    response.writeHead(answer.status, answer.headers);
    response.flushHeaders();
    const events = answer.events ?? [];
    for (const [index, event] of events.entries()) {
      if (index === timing.cutAfterEvents) return void response.end();
      if (index === timing.dropAfterEvents) return void response.socket?.destroy();
      if (index === timing.stallAfterEvents && !(await wait(timing.stallMs ?? 0, response))) return;
      if (index > 0 && !(await wait(timing.eventDelayMs ?? 0, response))) return;
      response.write(event);
    }
    response.end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, {
          status: 500,
          headers: json,
          body: JSON.stringify({ error: `fake server crashed: ${String(error)}` }),
        });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    protocol: protocol.name,
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => void plans.push(...next),
    respondWith: (next) => void (responder = next),
    lastSeen() {
      const seen = requests.at(-1)?.seen;
      if (!seen) throw new Error(`fake ${protocol.name} server: no request on its routes yet (got ${requests.length})`);
      return seen;
    },
    limitRequestBytes: (bytes) => void (maxRequestBytes = bytes),
    limitTokens(options) {
      tokenLimiter = createTokenLimiter(options);
      return tokenLimiter.stats;
    },
    reset() {
      maxRequestBytes = Number.POSITIVE_INFINITY;
      tokenLimiter = undefined;
      responder = undefined;
      plans.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

const json = { 'content-type': 'application/json' };

function send(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body ?? (answer.events ?? []).join(''));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A multipart/form-data body as an object: each field by name, a file as `{filename,
 * content_type, data}` with its bytes base64 (OpenAI's transcriptions endpoint).
 */
function parseMultipart(raw: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('latin1');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    if (name !== undefined)
      fields[name] =
        filename === undefined
          ? content.toString('utf8')
          : { filename, content_type: contentType, data: content.toString('base64') };
    start = next;
  }
  return fields;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};
export const JSON_HEADERS = json;
export const HTML_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n';
