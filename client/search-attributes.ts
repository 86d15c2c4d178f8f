// Our search attributes on servers that did not register them at start (a dev server started
// by hand, a self-hosted cluster). Returns false when they are missing and cannot be added.
import protos from '@temporalio/proto';
import type { Engine } from './connect.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/search-attributes.js';

// A CommonJS package: under ESM its namespaces come through the default export.
const { temporal } = protos;

const INDEXED_TYPES: Record<string, protos.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
};

export async function ensureSearchAttributes(engine: Engine, warn: (message: string) => void): Promise<boolean> {
  try {
    const existing = await engine.connection.operatorService.listSearchAttributes({ namespace: engine.namespace });
    const present = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = Object.entries(SEARCH_ATTRIBUTE_TYPES).filter(([name]) => !present.has(name));
    if (missing.length === 0) return true;
    await engine.connection.operatorService.addSearchAttributes({
      namespace: engine.namespace,
      searchAttributes: Object.fromEntries(
        missing.map(([name, type]) => [name, INDEXED_TYPES[type] ?? INDEXED_TYPES.Keyword!]),
      ),
    });
    return true;
  } catch (error) {
    warn(
      `warning: could not register the search attributes ${Object.keys(SEARCH_ATTRIBUTE_TYPES).join(', ')} (${(error as Error).message.split('\n')[0]}); runs will not be filterable by pipeline in the Web UI`,
    );
    return false;
  }
}
