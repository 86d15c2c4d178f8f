// Ports for the services. Temporal's SQL schema keeps a member's port in a smallint column
// (cluster_membership.rpc_port): a port above 32767 fails the service at start with
// "value … is out of range for type smallint". Linux hands out ephemeral ports from 32768
// up, so ports are picked from below that range, checked free by binding them.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVICES, type ServiceName, type ServicePorts } from './server-config.js';

const LOWEST = 20_000;
const HIGHEST = 32_767;

/**
 * Ports picked once and kept in `ports.json`: a restarted service, or a persistent cluster
 * started again, comes back where its peers and the membership table expect it.
 */
export async function servicePorts(runtimeDir: string): Promise<Record<ServiceName, ServicePorts>> {
  const file = join(runtimeDir, 'ports.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Record<ServiceName, ServicePorts>;
  const taken = new Set<number>();
  const port = async () => {
    const picked = await freePortBelowEphemeral(taken);
    taken.add(picked);
    return picked;
  };
  const ports = {} as Record<ServiceName, ServicePorts>;
  for (const service of SERVICES) {
    ports[service] = { grpcPort: await port(), membershipPort: await port() };
    if (service === 'frontend') ports[service].httpPort = await port();
  }
  await writeFile(file, JSON.stringify(ports, null, 2) + '\n');
  return ports;
}

async function freePortBelowEphemeral(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (!taken.has(candidate) && (await canBind(candidate))) return candidate;
  }
  throw new Error(`No free port between ${LOWEST} and ${HIGHEST} after 200 tries`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
