export { loadSourcesCached, loadProfileCached, cacheDirectory, pruneCache, MAX_CACHE_FILES, type CacheStatus } from './cache.js';
