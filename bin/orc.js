#!/usr/bin/env node
// The `orc` command: runs the TypeScript sources through tsx, so a fresh clone needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../client/cli.ts');
const code = await main(process.argv.slice(2));
// Open handles (gRPC channels, the native runtime) must not keep a finished command alive.
process.stdout.write('', () => process.exit(code));
