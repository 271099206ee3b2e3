import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS, RedisKeys } from '@app/redis';
import { DomainError, sha256Hex } from '@app/shared';

export const SIGN_IN_RATE_LIMITED = 'AUTH.SIGN_IN_RATE_LIMITED';

/**
 * Counts failed sign-ins per account and per IP in Redis. After
 * LOGIN_MAX_FAILURES failures in a row an account answers 429 until
 * LOGIN_LOCK_SECONDS have passed since the last failure; a success clears
 * the account's count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly config: AppConfig,
  ) {}

  private accountKey(email: string) {
    return this.keys.key('identity', 'sign-in-failures', 'account', sha256Hex(email.trim().toLowerCase()));
  }

  private ipKey(ip: string | null) {
    return this.keys.key('identity', 'sign-in-failures', 'ip', ip ?? 'unknown');
  }

  /** Throws 429 (with retryAfterSeconds) when either counter is at its limit. */
  async assertAllowed(email: string, ip: string | null): Promise<void> {
    const { loginMaxFailures, loginMaxFailuresPerIp } = this.config.auth;
    const [[, account], [, byIp], [, accountTtl], [, ipTtl]] = (await this.redis
      .multi()
      .get(this.accountKey(email))
      .get(this.ipKey(ip))
      .ttl(this.accountKey(email))
      .ttl(this.ipKey(ip))
      .exec()) as [unknown, string | number | null][];
    const overAccount = Number(account ?? 0) >= loginMaxFailures;
    const overIp = Number(byIp ?? 0) >= loginMaxFailuresPerIp;
    if (overAccount || overIp) {
      throw rateLimited(SIGN_IN_RATE_LIMITED, 'Too many failed sign-in attempts. Wait before trying again.', Math.max(overAccount ? Number(accountTtl) : 0, overIp ? Number(ipTtl) : 0));
    }
  }

  /**
   * The address's count alone, for credentials that name no account (an API key): the same budget
   * of failures per IP as sign-ins, so guessing keys is no cheaper than guessing passwords. Throws
   * 429 (with retryAfterSeconds) under `code` at the limit.
   */
  async assertAddressAllowed(ip: string | null, code: string, message: string): Promise<void> {
    const [[, byIp], [, ttl]] = (await this.redis.multi().get(this.ipKey(ip)).ttl(this.ipKey(ip)).exec()) as [unknown, string | number | null][];
    if (Number(byIp ?? 0) >= this.config.auth.loginMaxFailuresPerIp) throw rateLimited(code, message, Number(ttl));
  }

  async recordAddressFailure(ip: string | null): Promise<void> {
    await this.redis.multi().incr(this.ipKey(ip)).expire(this.ipKey(ip), this.config.auth.loginLockSeconds).exec();
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const ttl = this.config.auth.loginLockSeconds;
    await this.redis
      .multi()
      .incr(this.accountKey(email))
      .expire(this.accountKey(email), ttl)
      .incr(this.ipKey(ip))
      .expire(this.ipKey(ip), ttl)
      .exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }
}

function rateLimited(code: string, message: string, ttlSeconds: number): DomainError {
  return new DomainError(code, 'rate_limited', message, [], { retryAfterSeconds: Math.max(ttlSeconds, 1) });
}
