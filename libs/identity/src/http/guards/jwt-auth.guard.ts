import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY, RouteMetadata } from '@app/platform';
import { DomainError, isDomainError } from '@app/shared';

export const UNAUTHENTICATED = 'AUTH.UNAUTHENTICATED';

/**
 * Global deny-by-default guard of the API: a valid access token unless the
 * route is @Public(). A public route called with a token authenticates it
 * too (a bad token is still 401), so a public page can show a signed-in user
 * more — their own drafts, say — without a second route.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly reflector = new RouteMetadata();

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) {
      const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
      if (!req.headers.authorization) return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (isDomainError(err)) throw err;
    if (err || !user) throw DomainError.unauthenticated(UNAUTHENTICATED, 'A valid access token is required.');
    return user;
  }
}
