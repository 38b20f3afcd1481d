export { loadSourcesCached, cacheDirectory, cacheKey, type CacheStatus } from './cache.js';
