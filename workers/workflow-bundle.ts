// The workflow bundle. The compiled package ships one built by `npm run build`, so no installed
// worker ever bundles; running from the sources (a checkout, the tests), it is built once per
// version of workflows/ and kept under ORC_DATA_DIR: bundling takes seconds.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

const HERE = dirname(fileURLToPath(import.meta.url));
/** True in dist/ (this file compiled to .js); false when the sources run through tsx. */
const COMPILED = import.meta.url.endsWith('.js');

export const WORKFLOWS_PATH = resolve(HERE, '..', 'workflows', COMPILED ? 'index.js' : 'index.ts');
/** Workflow interceptors every bundle carries: a rerun answers calls from its source run there. */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  resolve(dirname(WORKFLOWS_PATH), 'interpreter', COMPILED ? 'reuse-interceptor.js' : 'reuse-interceptor.ts'),
];
/** Written by `npm run build` (scripts/build.ts) next to the compiled folders: dist/workflow-bundle.js. */
export const PREBUILT_BUNDLE_PATH = resolve(HERE, '..', 'workflow-bundle.js');

export async function loadWorkflowBundle(dataDir: string): Promise<{ code: string }> {
  if (COMPILED && existsSync(PREBUILT_BUNDLE_PATH)) return { code: await readFile(PREBUILT_BUNDLE_PATH, 'utf8') };
  const folder = dirname(WORKFLOWS_PATH);
  const fingerprint = await fingerprintOf(folder);
  const cached = join(dataDir, 'bundles', `workflows-${fingerprint}.js`);
  if (existsSync(cached)) return { code: await readFile(cached, 'utf8') };
  const { code } = await buildWorkflowBundle();
  await mkdir(dirname(cached), { recursive: true });
  const staging = `${cached}.${process.pid}.tmp`;
  await writeFile(staging, code);
  await rename(staging, cached);
  return { code };
}

/** Bundles workflows/ (webpack and swc, through the SDK): seconds of CPU. */
export async function buildWorkflowBundle(): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: quietLogger,
  });
}

/** Hash of every source file the bundle is built from, and of the SDK that bundles it. */
async function fingerprintOf(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const sdkPackage = resolve(HERE, '..', 'node_modules', '@temporalio', 'workflow', 'package.json');
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
