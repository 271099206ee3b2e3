import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { JwtAuthGuard } from '@app/identity';
import { ApiThrottlerGuard } from './api-throttler.guard';

/**
 * The API's rate limit and its bearer-token check as one global guard, the two run side by side: the
 * rate limit's Redis round trip overlaps the token's session lookup instead of coming before it (one
 * network wait fewer on every authenticated request, bench/s2). The answer is the one the two would give
 * in turn, rate limit first: over the limit → 429 with Retry-After whatever the token; otherwise the
 * token's verdict (401, or on to RolesGuard). Every request is counted, as before. What it costs: a request
 * over the limit that carries a validly signed token also runs its session lookup (one indexed query);
 * one with no token or a bad one never reaches the database either way.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(
    private readonly rateLimit: ApiThrottlerGuard,
    private readonly authentication: JwtAuthGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const [limit, token] = await Promise.allSettled([
      this.rateLimit.canActivate(context),
      (async () => (await this.authentication.canActivate(context)) as boolean)(),
    ]);
    if (limit.status === 'rejected') throw limit.reason;
    if (token.status === 'rejected') throw token.reason;
    return limit.value && token.value;
  }
}
