import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthUser, RequestMeta } from '../application/auth-user';
import type { Role } from '../domain/roles';

export const ROLES_KEY = 'opm:roles';

/** Only users holding one of these roles may call the route. Read handler-first, then the controller. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** What identity reads of a request: the same on Fastify's (API) and Express's (web). */
export interface AuthedRequest {
  headers: IncomingHttpHeaders;
  ip?: string;
  socket?: { remoteAddress?: string };
  id?: unknown;
  user?: AuthUser;
}

export function requestMeta(req: AuthedRequest): RequestMeta {
  return {
    ip: req.ip ?? req.socket?.remoteAddress ?? null,
    requestId: req.id ? String(req.id) : null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  };
}

/** The signed-in user (set by the global guard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().user as AuthUser;
});

/** IP address, request id and user agent of the request, for audit and rate limits. */
export const ReqMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  return requestMeta(ctx.switchToHttp().getRequest<AuthedRequest>());
});
