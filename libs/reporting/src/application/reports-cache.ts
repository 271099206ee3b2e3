import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS, RedisKeys } from '@app/redis';
import { canonicalJson } from '@app/shared';
import { SME_DEFINITION_VERSION } from '../domain/sme-lines';

/**
 * Report results cached in Redis under the rollups' version: every change to the rollups
 * (an award, a cancellation, an import batch, a correction, a repair) bumps the version
 * after it commits, so a cached report is never older than the last committed change. A
 * report computed while a change is in flight is stored under the old version, which
 * nobody reads once the change has bumped it. Entries also expire (REPORT_CACHE_SECONDS;
 * a stored snapshot's figures never change and keep an hour). Redis being unavailable only
 * costs the cache.
 */
@Injectable()
export class ReportsCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private get versionKey(): string {
    return this.keys.key('reports', 'version');
  }

  async through<T>(query: object, immutable: boolean, compute: () => Promise<T>): Promise<T> {
    const ttl = immutable ? 3600 : this.config.reporting.cacheSeconds;
    if (ttl <= 0) return compute();
    const version = immutable ? 'snapshot' : ((await this.redis.get(this.versionKey).catch(() => null)) ?? '0');
    const digest = createHash('sha256').update(canonicalJson(query)).digest('hex').slice(0, 32);
    const key = this.keys.key('reports', SME_DEFINITION_VERSION, version, digest);
    const hit = await this.redis.get(key).catch(() => null);
    if (hit) return JSON.parse(hit) as T;
    const value = await compute();
    await this.redis.set(key, JSON.stringify(value), 'EX', ttl).catch(() => undefined);
    return value;
  }

  /** Call after a change to the rollups has committed. */
  async invalidate(): Promise<void> {
    await this.redis.incr(this.versionKey).catch(() => undefined);
  }
}
