// The response cache across runs (`cache:` on model steps): keys, the store (a folder or a bucket),
// and the wrapper the model activity runs through.
export { responseCacheKey } from './cache-key.js';
export { withResponseCache, type ResponseCacheDependencies } from './cached-model-call.js';
export {
  localResponseCache,
  responseCacheIn,
  type ResponseCacheEntry,
  type ResponseCacheStats,
  type ResponseCacheStore,
} from './response-cache-store.js';
