// A folder that has an index.ts is entered through it: an import from outside the folder that
// reaches a file inside it must name its index. So a folder's index.ts is its public surface,
// and growing it is a visible decision (docs/architecture.md). Folders without an index (the
// root of workflows/lang/) are open, and so is workflows/ itself: its index.ts is the workflow
// bundle's entry, and its shared modules (messages, activity-interfaces, result-document, …)
// are the surface the client and the activities use.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The folder entered past its index, or undefined when the import is allowed. */
const OPEN_FOLDERS = new Set([resolve('workflows')]);

export function folderPassed(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const from = dirname(fromFile);
  const target = resolve(from, specifier).replace(/\.js$/, '.ts');
  const parts = relative(from, target).split(sep);
  let folder = from;
  let index = 0;
  for (; parts[index] === '..'; index++) folder = dirname(folder);
  // Each folder the import enters: one with an index must be entered at its index.
  for (; index < parts.length - 1; index++) {
    folder = join(folder, parts[index]);
    if (!OPEN_FOLDERS.has(folder) && existsSync(join(folder, 'index.ts')))
      return target === join(folder, 'index.ts') ? undefined : relative(process.cwd(), folder);
  }
  return undefined;
}

export const throughIndex = {
  meta: {
    type: 'problem',
    messages: {
      deep: "'{{specifier}}' reaches past {{folder}}/index.ts: import it from there (add to the index on purpose)",
    },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const folder = folderPassed(context.filename, node.source.value);
      if (folder)
        context.report({ node: node.source, messageId: 'deep', data: { folder, specifier: node.source.value } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) => check({ source: node.source }),
    };
  },
};
