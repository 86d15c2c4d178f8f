// The workflow bundle, built once per version of workflows/ and kept under ORC_DATA_DIR:
// bundling takes seconds, and `orc run` with an in-process worker should start fast.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

export const WORKFLOWS_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');
/** Workflow interceptors every bundle carries: a rerun answers calls from its source run there. */
export const WORKFLOW_INTERCEPTOR_MODULES = [resolve(dirname(WORKFLOWS_PATH), 'interpreter', 'reuse-interceptor.ts')];

export async function loadWorkflowBundle(dataDir: string): Promise<{ code: string }> {
  const folder = dirname(WORKFLOWS_PATH);
  const fingerprint = await fingerprintOf(folder);
  const cached = join(dataDir, 'bundles', `workflows-${fingerprint}.js`);
  if (existsSync(cached)) return { code: await readFile(cached, 'utf8') };
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: quietLogger,
  });
  await mkdir(dirname(cached), { recursive: true });
  const staging = `${cached}.${process.pid}.tmp`;
  await writeFile(staging, code);
  await rename(staging, cached);
  return { code };
}

/** Hash of every source file the bundle is built from, and of the SDK that bundles it. */
async function fingerprintOf(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const sdkPackage = resolve(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'node_modules',
    '@temporalio',
    'workflow',
    'package.json',
  );
  hash.update(existsSync(sdkPackage) ? await readFile(sdkPackage) : 'unknown-sdk');
  for (const file of (await listFiles(folder)).sort()) {
    hash.update(relative(folder, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name)) files.push(path);
  }
  return files;
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
