// Includes (spec §1): `<< path >>` and `{{ file:path }}` inline a text file, read relative to the
// including file, before anything else reads the value. Included text may include again;
// a cycle or a missing file is a diagnostic at the include. Which files may be read is the
// reader's decision (client/pipeline-files.ts: the pipeline's folder, regular files); how many
// inclusions and how much text is the compile budget's (limits.ts).
import { isScalar, type Scalar } from 'yaml';
import type { ResolveFile } from './context.js';
import type { SourceFile } from './source.js';
import { walkTree } from './yaml-tree.js';

const INCLUDE = /<<\s*([^<>\s][^<>]*?)\s*>>|\{\{\s*file:\s*([^}\s][^}]*?)\s*\}\}/g;
const MAX_DEPTH = 10;

export function expandIncludes(source: SourceFile, resolveFile: ResolveFile | undefined): void {
  // No scalar can hold an include unless the text has "<<", "file:" or an escape that makes one.
  if (!/<<|file:|\\/.test(source.text)) return;
  walkTree(source.document.contents, ({ node }) => {
    if (source.exceededBudget || !isScalar(node) || typeof node.value !== 'string' || !hasInclude(node.value)) return;
    node.value = expand(source, node as Scalar<string>, node.value, source.file, [source.file], resolveFile);
  });
}

function hasInclude(text: string): boolean {
  INCLUDE.lastIndex = 0;
  return INCLUDE.test(text);
}

/** `outermost`: where the include written in the file stands in the scalar; nested ones report there. */
function expand(
  source: SourceFile,
  node: Scalar<string>,
  text: string,
  fromFile: string,
  stack: string[],
  resolveFile: ResolveFile | undefined,
  outermost?: { offset: number; length: number },
): string {
  return text.replace(INCLUDE, (whole: string, angle: string | undefined, file: string | undefined, offset: number) => {
    if (source.exceededBudget) return '';
    const path = (angle ?? file ?? '').trim();
    const at = outermost ?? { offset, length: whole.length };
    const place = () => source.offsetInScalar(node, node.value, at.offset, at.length);
    const problem = (
      message: string,
      code: 'E_INCLUDE' | 'E_INCLUDE_NOT_ALLOWED' | 'E_TOO_LARGE' = 'E_INCLUDE',
      hint = 'paths are relative to the including file',
    ) => {
      const [start, end] = place();
      source.reportAt('error', code, start, end, message, '', hint);
      // Reported once here; left in place it would also fail as a template.
      return '';
    };
    if (!resolveFile) return problem(`cannot include "${path}": includes are read only when compiling a file`);
    // Counted before reading: a bomb of empty or missing files is bounded too.
    if (!source.spend('includes', 1, place())) return '';
    const resolved = resolveFile(fromFile, path);
    if ('error' in resolved)
      return problem(`cannot include "${path}": ${resolved.error}`, resolved.code, resolved.hint);
    if (stack.includes(resolved.file))
      return problem(`includes form a cycle: ${[...stack, resolved.file].join(' → ')}`);
    if (stack.length > MAX_DEPTH) return problem(`includes nest deeper than ${MAX_DEPTH} files`);
    // Every inclusion spends: a file included many times (or including others many times) counts each time.
    if (!source.spend('sourceCharacters', resolved.text.length, place())) return '';
    return expand(source, node, resolved.text, resolved.file, [...stack, resolved.file], resolveFile, at);
  });
}
