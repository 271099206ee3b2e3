import { ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AppConfig } from '@app/config';
import { requestApiKey } from '@app/identity';
import { RouteMetadata } from '@app/platform';

const MINUTE_MS = 60_000;

/**
 * The API's rate limit (@nestjs/throttler, counters in Redis). Requests
 * without an API key are counted as before: per client IP and route, at
 * RATE_LIMIT_PER_MINUTE. A request with a key (already checked by
 * ApiKeyGuard, which runs first) is counted against that key alone — one
 * bucket per key id across every route, at API_KEY_RATE_LIMIT_PER_MINUTE —
 * so a platform behind a shared address neither starves nor is starved by
 * others, and each of an organisation's keys has its own budget.
 *
 * Over the limit: 429 problem+json (ProblemDetailsFilter maps the
 * ThrottlerException) with `Retry-After` in seconds. Throttler 6 names the
 * header `Retry-After-<name>` for a throttler not called `default`; the plain
 * header is set here whatever the throttler's name.
 */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    private readonly config: AppConfig,
  ) {
    super(options, storage, new RouteMetadata()); // the throttler reads six settings of the route on every request
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const key = requestApiKey(props.context.switchToHttp().getRequest());
    if (!key) return super.handleRequest(props);
    return super.handleRequest({
      ...props,
      limit: this.config.api.apiKeyRateLimitPerMinute,
      ttl: MINUTE_MS,
      blockDuration: MINUTE_MS,
      getTracker: async () => key.keyId,
      generateKey: (_context, tracker, name) => `${name}:api-key:${tracker}`,
    });
  }

  /**
   * The counter's key as the library builds it — route, throttler, then the address — without the
   * library's SHA-256 of it: the key is short and plain already (a class and a handler name, an IP
   * address), and the hash was a measurable share of this guard's CPU on every request (bench/s2).
   */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, 'Retry-After', Math.max(1, detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
