export { loadSourcesCached, loadProfileCached, cacheDirectory, cacheKey, pruneCache, MAX_CACHE_FILES, type CacheStatus } from './cache.js';
