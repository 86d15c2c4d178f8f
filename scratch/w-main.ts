import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
const api = createRequire(import.meta.url).resolve('tsx/esm/api');
const entry = new URL('./w-entry.ts', import.meta.url).href;
const t = performance.now();
const code = `import(${JSON.stringify(require('node:url').pathToFileURL(api).href)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, { parentURL: ${JSON.stringify(entry)} }))`;
