// The fuzz test's files: every pipeline we have as a seed, and an in-memory `resolveFile` over
// the same files, so includes and sub-pipelines are fuzzed too without touching the disk
// between cases (the answer for a path never changes within a run).
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileOptions } from '../../workflows/lang/compile/index.js';

export type ResolveFile = NonNullable<CompileOptions['resolveFile']>;

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Seeds, relative to this file: the compat suite beside the repo, the examples and the golden files. */
export const SEED_FOLDERS = ['../../../shared/compat/orchestrator/', '../../pipelines/', '../golden/'].map((folder) =>
  fileURLToPath(new URL(folder, import.meta.url)),
);
/** Shrunk reproducers of past failures: compiled as they are, not mutated (some are large on purpose). */
export const FINDINGS_FOLDER = fileURLToPath(new URL('../fuzz-findings/', import.meta.url));

const SEED_PATTERN = /\.ya?ml$/;
/** Files that includes may name: prompts and other text beside the pipelines. */
const INCLUDABLE_PATTERN = /\.(ya?ml|md|txt|json)$/;

async function filesUnder(directory: string): Promise<string[]> {
  if (!existsSync(directory)) return [];
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(directory, entry.name)) : Promise.resolve([join(directory, entry.name)]),
    ),
  );
  return nested.flat().sort();
}

export interface FuzzFiles {
  /** Seed pipelines, as paths relative to the repository root (`../shared/...` for compat). */
  seeds: string[];
  /** Reproducers in test/fuzz-findings/. */
  findings: string[];
  /** Every readable file of the seed folders by repository-relative path. */
  texts: ReadonlyMap<string, string>;
}

export async function loadFuzzFiles(): Promise<FuzzFiles> {
  const paths = (await Promise.all([...SEED_FOLDERS, FINDINGS_FOLDER].map(filesUnder)))
    .flat()
    .filter((path) => INCLUDABLE_PATTERN.test(path));
  const texts = new Map<string, string>();
  for (const path of paths) texts.set(toRepoPath(path), await readFile(path, 'utf8'));
  const yamlFiles = [...texts.keys()].filter((path) => SEED_PATTERN.test(path));
  const findingsPrefix = toRepoPath(FINDINGS_FOLDER);
  return {
    seeds: yamlFiles.filter((path) => !path.startsWith(findingsPrefix)),
    findings: yamlFiles.filter((path) => path.startsWith(findingsPrefix)),
    texts,
  };
}

function toRepoPath(path: string): string {
  return relative(repoRoot, path).split('\\').join('/');
}

/** As client/load-pipeline.ts resolves: relative to the including file, or in its prompts/ folder. */
export function memoryResolver(texts: ReadonlyMap<string, string>): ResolveFile {
  return (fromFile, path) => {
    const folder = posix.dirname(fromFile.replace(/#inline$/, ''));
    const candidates = [
      posix.normalize(posix.join(folder, path)),
      posix.normalize(posix.join(folder, 'prompts', path)),
    ];
    const found = candidates.find((candidate) => texts.has(candidate));
    return found === undefined
      ? { error: `no such file (${candidates[0]})` }
      : { file: found, text: texts.get(found)! };
  };
}
