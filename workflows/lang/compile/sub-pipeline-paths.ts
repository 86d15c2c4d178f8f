// Where py-orc looks for a sub-pipeline file, within what orc may read. py-orc's
// pipeline-executor tries the path relative to its working directory, then under `examples/`
// and `pipelines/` there, and takes a bare name as a pipeline id (`<id>.yaml`/`.yml` in those
// folders). Its working directory is its repository's root, the folder above `examples/` where
// its pipelines live, so orc anchors those lookups at the top pipeline's folder instead: the
// compile never depends on where orc was started, and every candidate still goes through the
// reader, which refuses anything outside the pipeline's folder and ORC_INCLUDE_PATHS
// (docs/compatibility.md, docs/security.md).
import type { ResolveFile, ResolveProblem } from './context.js';

/** `[anchor file, path]` pairs to try in order: the file naming it first, as orc always has. */
export function subPipelineCandidates(namingFile: string, topFile: string, path: string): [string, string][] {
  const spellings = [path];
  const underRoot = /^(?:\.\/)?(?:examples|pipelines)\/(.+)$/.exec(path)?.[1];
  if (underRoot) spellings.push(underRoot);
  const named = /\.ya?ml$/i.test(path) ? [] : spellings.flatMap((spelling) => [`${spelling}.yaml`, `${spelling}.yml`]);
  const candidates: [string, string][] = [];
  const seen = new Set<string>();
  for (const [anchor, spelling] of [
    [namingFile, path],
    ...[path, ...named].map((spelling) => [namingFile, spelling] as const),
    ...[...spellings, ...named].map((spelling) => [topFile, spelling] as const),
  ] as const) {
    const key = `${anchor}\n${spelling}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push([anchor, spelling]);
  }
  return candidates;
}

/**
 * The first candidate that reads; otherwise the first problem about a file that exists but was
 * refused (outside the allowed folders, too large), else the direct path's problem.
 */
export function resolveSubPipeline(
  resolveFile: ResolveFile,
  namingFile: string,
  topFile: string,
  path: string,
): { file: string; text: string } | ResolveProblem {
  const problems: ResolveProblem[] = [];
  const candidates = subPipelineCandidates(namingFile, topFile, path);
  for (const [anchor, spelling] of candidates) {
    const resolved = resolveFile(anchor, spelling);
    if (!('error' in resolved)) return resolved;
    problems.push(resolved);
  }
  const refused = problems.find((problem) => problem.code !== undefined);
  if (refused) return refused;
  return {
    ...problems[0]!,
    hint:
      candidates.length > 1
        ? `paths are relative to this file; py-orc's forms (${candidates
            .slice(1)
            .map(([, spelling]) => `"${spelling}"`)
            .filter((spelling, index, all) => all.indexOf(spelling) === index)
            .join(
              ', ',
            )}) were looked for in the top pipeline's folder too, never in the current directory (docs/compatibility.md)`
        : 'paths are relative to this file',
  };
}
