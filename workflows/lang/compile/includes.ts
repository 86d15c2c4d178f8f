// Includes (spec §1): `<< path >>` and `{{ file:path }}` inline a text file, read relative to the
// including file, before anything else reads the value. Included text may include again;
// a cycle or a missing file is a diagnostic at the include.
import { isScalar, visit, type Scalar } from 'yaml';
import type { ResolveFile } from './context.js';
import type { SourceFile } from './source.js';

const INCLUDE = /<<\s*([^<>\s][^<>]*?)\s*>>|\{\{\s*file:\s*([^}\s][^}]*?)\s*\}\}/g;
const MAX_DEPTH = 10;

export function expandIncludes(source: SourceFile, resolveFile: ResolveFile | undefined): void {
  visit(source.document, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !hasInclude(node.value)) return;
      node.value = expand(source, node as Scalar<string>, node.value, source.file, [source.file], resolveFile);
    },
  });
}

function hasInclude(text: string): boolean {
  INCLUDE.lastIndex = 0;
  return INCLUDE.test(text);
}

function expand(source: SourceFile, node: Scalar<string>, text: string, fromFile: string, stack: string[], resolveFile: ResolveFile | undefined): string {
  return text.replace(INCLUDE, (whole: string, angle: string | undefined, file: string | undefined, offset: number) => {
    const path = (angle ?? file ?? '').trim();
    const problem = (message: string) => {
      const [start, end] = source.offsetInScalar(node, node.value, stack.length === 1 ? offset : 0, stack.length === 1 ? whole.length : 1);
      source.reportAt('error', 'E_INCLUDE', start, end, message, '', 'paths are relative to the including file');
      // Reported once here; left in place it would also fail as a template.
      return '';
    };
    if (!resolveFile) return problem(`cannot include "${path}": includes are read only when compiling a file`);
    const resolved = resolveFile(fromFile, path);
    if ('error' in resolved) return problem(`cannot include "${path}": ${resolved.error}`);
    if (stack.includes(resolved.file)) return problem(`includes form a cycle: ${[...stack, resolved.file].join(' → ')}`);
    if (stack.length > MAX_DEPTH) return problem(`includes nest deeper than ${MAX_DEPTH} files`);
    return expand(source, node, resolved.text, resolved.file, [...stack, resolved.file], resolveFile);
  });
}
