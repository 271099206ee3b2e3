import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from '@app/platform';
import { DomainError, isDomainError } from '@app/shared';

export const UNAUTHENTICATED = 'AUTH.UNAUTHENTICATED';

/** Global deny-by-default guard of the API: a valid access token unless the route is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (isDomainError(err)) throw err;
    if (err || !user) throw DomainError.unauthenticated(UNAUTHENTICATED, 'A valid access token is required.');
    return user;
  }
}
