// The response cache across runs (`cache:` on model steps): keys, the store on disk, and the
// wrapper the model activity runs through.
export { responseCacheKey } from './cache-key.js';
export { withResponseCache, type ResponseCacheDependencies } from './cached-model-call.js';
export {
  localResponseCache,
  type ResponseCacheEntry,
  type ResponseCacheStats,
  type ResponseCacheStore,
} from './local-cache-store.js';
