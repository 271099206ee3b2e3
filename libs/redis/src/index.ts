export { REDIS, RedisKeys, RedisModule, checkEvictionPolicy } from './redis.module';
