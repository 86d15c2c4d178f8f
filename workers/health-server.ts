// ORC_HEALTH_PORT: a liveness/readiness endpoint for orchestrators (Kubernetes probes, load
// balancers). 200 while the worker polls; 503 once it drains or stops, so no new work is routed.
// It listens on ORC_HEALTH_HOST, 127.0.0.1 by default: an open port on every interface is a
// choice the operator makes, not a default.
import { createServer, type Server } from 'node:http';

export interface HealthSource {
  getState(): string;
}

export async function startHealthServer(
  worker: HealthSource,
  options: { host: string; port: number; taskQueue: string },
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /healthz or /readyz\n');
      return;
    }
    const state = worker.getState();
    const healthy = state === 'RUNNING';
    response
      .writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' })
      .end(`${JSON.stringify({ status: healthy ? 'ok' : 'stopping', state, task_queue: options.taskQueue })}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(
          `ORC_HEALTH_PORT: cannot listen on ${options.host}:${options.port} (ORC_HEALTH_HOST chooses the address): ${error.message}`,
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  return server;
}
