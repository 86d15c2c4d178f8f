// The `orc` the suite spawns: the sources compiled to JavaScript in test-results/orc-build/ (tsc
// without its type check, with source maps so coverage reads back to the .ts files, and the
// suite's own workflow bundle), rebuilt whenever a source differs from the last build. A compiled
// `orc` starts in about half the CPU of the same sources through tsx's loader, and the suite
// spawns it hundreds of times (docs/decisions/0009). Not dist/: `npm pack` (test/package)
// rebuilds that while other tests run. ORC_TEST_FROM_SOURCE=1 runs the sources through tsx instead.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUILD_ASSETS } from '../../scripts/build-assets.js';
import { repoRoot } from './temporal.js';

export const TEST_BUILD_DIR = join(repoRoot, 'test-results', 'orc-build');
const SOURCE_FOLDERS = ['workflows', 'activities', 'workers', 'client', 'temporal-dev'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', ...BUILD_ASSETS];

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(join(repoRoot, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|json|yaml)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What the build is made of: every source file's path and content, and the workflow bundle. */
async function sourceHash(bundleCode: string): Promise<string> {
  const hash = createHash('sha256').update(bundleCode);
  const folders = await Promise.all(SOURCE_FOLDERS.map(filesUnder));
  const files = [...folders.flat(), ...SOURCE_FILES.map((file) => join(repoRoot, file))].sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex');
}

/** Builds test-results/orc-build/ unless it was built from these very sources; returns its folder. */
export async function buildOrcForTests(bundleCode: string, log: (message: string) => void): Promise<string> {
  const stamp = join(TEST_BUILD_DIR, '.source-hash');
  const hash = await sourceHash(bundleCode);
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === hash) return TEST_BUILD_DIR;
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(
    process.execPath,
    // prettier-ignore
    [tsc, '-p', join(repoRoot, 'tsconfig.build.json'), '--outDir', TEST_BUILD_DIR, '--noCheck', '--sourceMap',
      '--incremental', '--tsBuildInfoFile', join(TEST_BUILD_DIR, '.tsbuildinfo')],
    { cwd: repoRoot, stdio: 'inherit', timeout: 300_000 },
  );
  for (const asset of BUILD_ASSETS) {
    await mkdir(dirname(join(TEST_BUILD_DIR, asset)), { recursive: true });
    await copyFile(join(repoRoot, asset), join(TEST_BUILD_DIR, asset));
  }
  await writeFile(join(TEST_BUILD_DIR, 'workflow-bundle.js'), bundleCode);
  await writeFile(stamp, hash);
  log(
    `compiled the sources for the spawned orc into ${TEST_BUILD_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return TEST_BUILD_DIR;
}
