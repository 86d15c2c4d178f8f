#!/usr/bin/env node
// The `orc` command. It runs the compiled code in dist/ (`npm run build` in a checkout; the
// package ships it, built by `npm pack`). ORC_FROM_SOURCE=1 runs the TypeScript sources
// through tsx instead: for a checkout only, where tsx is a dev dependency; the test suite sets it
// so that it never tests a dist/ older than the sources (docs/decisions/0009). ORC_BUILD_DIR=DIR
// runs a build of the sources kept elsewhere: the test suite's (test/support/compiled-orc.ts).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const fromSource = process.env.ORC_FROM_SOURCE === '1';
const { main } = fromSource ? await loadSources() : await loadCompiled();
const code = await main(process.argv.slice(2));
// Open handles (gRPC channels, the native runtime) must not keep a finished command alive.
process.stdout.write('', () => process.exit(code));

async function loadCompiled() {
  const build = process.env.ORC_BUILD_DIR;
  const entry = build
    ? pathToFileURL(join(build, 'client', 'cli.js'))
    : new URL('../dist/client/cli.js', import.meta.url);
  if (!existsSync(entry)) {
    stop(
      'orc: this checkout is not built (no dist/client/cli.js).\n' +
        '  hint: run `npm run build`, or set ORC_FROM_SOURCE=1 to run the sources through tsx',
    );
  }
  // Node 22.1 and newer keep the compiled bytecode between runs: later starts are faster.
  module.enableCompileCache?.();
  return import(entry.href);
}

async function loadSources() {
  const entry = new URL('../client/cli.ts', import.meta.url);
  if (!existsSync(entry))
    stop('orc: ORC_FROM_SOURCE=1 needs a checkout with the sources; this is an installed package');
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    stop('orc: ORC_FROM_SOURCE=1 runs the sources through tsx, a dev dependency: run `npm ci` in the checkout');
  }
  tsx.register();
  return import(entry.href);
}

function stop(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
