// Preloaded into a spawned `orc` (NODE_OPTIONS=--import …) by test/cli/lazy-loading.test.ts:
// writes every module the process loads — ES modules as they are resolved, CommonJS ones as
// require's cache holds them at exit — to the file ORC_MODULE_TRACE names, one URL a line.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const trace = process.env.ORC_MODULE_TRACE;
if (trace) {
  writeFileSync(trace, '');
  const hook = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(trace)}, resolved.url + '\\n');
      return resolved;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).map((path) => pathToFileURL(path).href);
    appendFileSync(trace, loaded.map((url) => `${url}\n`).join(''));
  });
}
