import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ROLES_KEY, Role, SessionsService } from '@app/identity';
import { IS_PUBLIC_KEY } from '@app/platform';
import { DomainError } from '@app/shared';
import type { WebRequest } from '../session/session-data';
import { setUserLocals } from '../view/locals';
import { safeReturnTo } from '../view/return-to';
import { resolveSessionUser } from './session-user';

/** Thrown when a page needs a signed-in user; the filter turns it into a redirect to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly location: string) {
    super('Sign in required');
  }
}

export function signInLocation(req: WebRequest): string {
  const returnTo = req.method === 'GET' || req.method === 'HEAD' ? safeReturnTo(req.originalUrl) : null;
  return returnTo && returnTo !== '/' ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in';
}

/**
 * The web app's global guard (APP_GUARD). Deny by default: every page needs a
 * signed-in user unless it is @Public(); @Roles() is read handler-first.
 * Resolves the session on every request, public pages included (for the
 * navigation), through SessionsService.resolve.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<WebRequest>();
    const res = http.getResponse<Response>();
    const user = await resolveSessionUser(req, this.sessions);
    setUserLocals(req, res, user);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    if (!user) throw new SignInRequired(signInLocation(req));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !user.roles.some((r) => roles.includes(r))) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Your role does not allow this.');
    }
    return true;
  }
}
