import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { addRequestLogFields } from '@app/platform';
import { DomainError } from '@app/shared';
import { LoginThrottleService } from '../../application/login-throttle.service';
import { API_KEY_HEADER } from '../../domain/api-key';
import { ApiKeyPrincipal, ApiKeysService } from '../../application/api-keys.service';
import type { AuthedRequest } from '../decorators';

export const API_KEY_INVALID = 'AUTH.API_KEY_INVALID';
/**
 * Requests with a refused key never reach the rate limit (they are answered 401 first), so they count
 * as failed credentials of their address, with sign-ins (LOGIN_MAX_FAILURES_PER_IP): past that, 429
 * with Retry-After and no key lookup at all — no guessing keys, no hammering the lookup.
 */
export const API_KEY_FAILURES_RATE_LIMITED = 'AUTH.API_KEY_FAILURES_RATE_LIMITED';

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
    private readonly throttle: LoginThrottleService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<ApiKeyRequest>();
    const header = req.headers[API_KEY_HEADER];
    if (header === undefined) return true;
    const ip = req.ip ?? null;
    await this.throttle.assertAddressAllowed(ip, API_KEY_FAILURES_RATE_LIMITED, 'Too many requests with a key that is not valid: wait the number of seconds in the Retry-After header.');
    const principal = await this.keys.authenticate(header);
    if (!principal) {
      await this.throttle.recordAddressFailure(ip);
      throw DomainError.unauthenticated(API_KEY_INVALID, 'The API key is not valid or has been revoked.');
    }
    req.apiKey = principal;
    addRequestLogFields(req, { apiKeyId: principal.keyId, apiKeyOrganisationId: principal.organisationId });
    return true;
  }
}

/** The key a request was made with (set by ApiKeyGuard), if any. */
export function requestApiKey(req: unknown): ApiKeyPrincipal | undefined {
  return (req as ApiKeyRequest | undefined)?.apiKey;
}
