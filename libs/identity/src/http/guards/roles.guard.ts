import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { IS_PUBLIC_KEY, RouteMetadata } from '@app/platform';
import { DomainError } from '@app/shared';
import type { Role } from '../../domain/roles';
import { AuthedRequest, ROLES_KEY } from '../decorators';

export const FORBIDDEN_ROLE = 'AUTH.ROLE_REQUIRED';

/** Global: a route with @Roles() needs one of them. Handler metadata wins over the controller's. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly reflector = new RouteMetadata();

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<AuthedRequest>().user;
    if (user && user.roles.some((r) => roles.includes(r))) return true;
    throw DomainError.forbidden(FORBIDDEN_ROLE, 'Your role does not allow this.');
  }
}
