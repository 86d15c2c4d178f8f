// `npm run build`: the compiled package in dist/ (docs/decisions/0009-compile-with-tsc.md).
// tsc compiles the five source folders file by file, the built-in model registry is copied next
// to its module, and the workflow bundle is built once here so that no installed worker bundles.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkflowBundle } from '../workers/workflow-bundle.js';
import { BUILD_ASSETS } from './build-assets.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
for (const asset of BUILD_ASSETS) {
  mkdirSync(dirname(join(dist, asset)), { recursive: true });
  copyFileSync(join(root, asset), join(dist, asset));
}
const { code } = await buildWorkflowBundle();
writeFileSync(join(dist, 'workflow-bundle.js'), code);
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
