// A private host folder per run for the program, its inputs and a minimal passwd; shown
// read-only at /orc inside the sandbox and removed afterwards.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Staging {
  dir: string;
  remove(): Promise<void>;
}

export async function stageFiles(files: Readonly<Record<string, string>>, uid: number): Promise<Staging> {
  const dir = await mkdtemp(join(tmpdir(), 'orc-sandbox-'));
  // Readable by the sandbox's uid; nothing in it is secret (the step's own code and inputs).
  await chmod(dir, 0o755);
  const all = { passwd: `sandbox:x:${uid}:${uid}:sandbox:/tmp:/bin/sh\n`, group: `sandbox:x:${uid}:\n`, ...files };
  for (const [name, content] of Object.entries(all)) await writeFile(join(dir, name), content, { mode: 0o644 });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
