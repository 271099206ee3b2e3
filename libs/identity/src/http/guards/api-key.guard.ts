import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { addRequestLogFields } from '@app/platform';
import { REDIS, RedisKeys } from '@app/redis';
import { DomainError } from '@app/shared';
import { API_KEY_HEADER } from '../../domain/api-key';
import { ApiKeyPrincipal, ApiKeysService } from '../../application/api-keys.service';
import type { AuthedRequest } from '../decorators';

export const API_KEY_INVALID = 'AUTH.API_KEY_INVALID';
export const API_KEY_FAILURES_RATE_LIMITED = 'AUTH.API_KEY_FAILURES_RATE_LIMITED';

/**
 * Refused keys an address may send a minute. Requests with a refused key never reach the rate
 * limit (they are answered 401 first), so they are counted here: past this, 429 with Retry-After
 * and no key lookup at all — no guessing keys, no hammering the lookup.
 */
export const MAX_KEY_FAILURES_PER_MINUTE = 30;

export type ApiKeyRequest = AuthedRequest & { apiKey?: ApiKeyPrincipal };

/**
 * Global guard of the API, first in line (before the rate limit, which
 * counts a request with a key against that key): a request carrying
 * `X-API-Key` must carry a valid, unrevoked key — otherwise 401 and nothing
 * else happens. A valid key is attached to the request and to its log line
 * (`apiKeyId`, `apiKeyOrganisationId`). It grants nothing: the routes it
 * opens are those open to anyone, and signing in is still a bearer token.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly redisKeys: RedisKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<ApiKeyRequest>();
    const header = req.headers[API_KEY_HEADER];
    if (header === undefined) return true;
    const failures = this.redisKeys.key('identity', 'api-key-failures', req.ip ?? 'unknown');
    const [[, count], [, ttl]] = (await this.redis.multi().get(failures).ttl(failures).exec()) as [unknown, string | number | null][];
    if (Number(count ?? 0) >= MAX_KEY_FAILURES_PER_MINUTE) throw this.tooManyFailures(Number(ttl));
    const principal = await this.keys.authenticate(header);
    if (!principal) {
      // A window of a minute from the first failure (SET NX EX, then INCR: no EXPIRE NX, which needs Redis 7).
      const [, [, n]] = (await this.redis.multi().set(failures, 0, 'EX', 60, 'NX').incr(failures).exec()) as [unknown, number][];
      if (n > MAX_KEY_FAILURES_PER_MINUTE) throw this.tooManyFailures(60);
      throw DomainError.unauthenticated(API_KEY_INVALID, 'The API key is not valid or has been revoked.');
    }
    req.apiKey = principal;
    addRequestLogFields(req, { apiKeyId: principal.keyId, apiKeyOrganisationId: principal.organisationId });
    return true;
  }

  private tooManyFailures(ttlSeconds: number): DomainError {
    return new DomainError(API_KEY_FAILURES_RATE_LIMITED, 'rate_limited', 'Too many requests with a key that is not valid: wait the number of seconds in the Retry-After header.', [], {
      retryAfterSeconds: Math.max(1, ttlSeconds > 0 ? ttlSeconds : 60),
    });
  }
}

/** The key a request was made with (set by ApiKeyGuard), if any. */
export function requestApiKey(req: unknown): ApiKeyPrincipal | undefined {
  return (req as ApiKeyRequest | undefined)?.apiKey;
}
