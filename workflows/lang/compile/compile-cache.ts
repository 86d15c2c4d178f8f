// `cache:` on a model step or at the top of a pipeline: `true`, `false`, or `{ ttl: 7d }`. The
// pipeline's value is the default of its model steps; a step's own value wins (`false` turns
// the pipeline's off for that step). docs/forensics.md#response-cache.
import { isMap, isScalar } from 'yaml';
import type { CacheIR } from '../ir.js';
import type { CompileContext } from './context.js';
import { CACHE_KEYS } from './key-tables.js';
import { readMapping, type Entry } from './mapping.js';
import { describeNode, readDuration } from './values.js';

/** The setting as written: a cache, `false` (no cache), or undefined when it was wrong (reported). */
export function compileCache(context: CompileContext, entry: Entry): CacheIR | false | undefined {
  const node = entry.value;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value ? {} : false;
  if (!isMap(node)) {
    context.source.report(
      'error',
      'E_CACHE',
      node ?? entry.keyNode,
      entry.pointer,
      `cache must be true, false or a mapping with ttl, not ${describeNode(node)}`,
      'write "cache: true" (kept until orc cache clear) or "cache: { ttl: 7d }"',
    );
    return undefined;
  }
  const entries = readMapping(context.source, node, entry.pointer, CACHE_KEYS);
  if (!entries) return undefined;
  const ttl = entries.get('ttl');
  if (!ttl) return {};
  const milliseconds = readDuration(context.source, ttl, 'cache.ttl');
  return milliseconds === undefined ? undefined : { ttl_ms: milliseconds };
}

/** The step's cache: its own setting, else the pipeline's default. */
export function effectiveCache(own: CacheIR | false | undefined, inherited: CacheIR | undefined): CacheIR | undefined {
  if (own === false) return undefined;
  return own ?? inherited;
}
