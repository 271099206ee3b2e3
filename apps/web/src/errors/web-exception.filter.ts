import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { SessionsService } from '@app/identity';
import { STATUS_BY_KIND, errorForLog } from '@app/platform';
import { isDomainError } from '@app/shared';
import { SignInRequired, signInLocation } from '../auth/web-session.guard';
import { resolveSessionUser } from '../auth/session-user';
import { FormRerender } from '../forms/form-errors.interceptor';
import type { WebRequest } from '../session/session-data';
import { setUserLocals } from '../view/locals';

interface ErrorPage {
  status: number;
  view: string;
  /** A message written for users (domain errors only); never an internal detail. */
  message?: string;
  retryAfterSeconds?: number;
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/** True for errors that mean Postgres or Redis cannot be reached, rather than a bug. */
function isUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
  if (typeof err.name === 'string' && /^(ClientClosedError|ConnectionTimeoutError|MaxRetriesPerRequestError|SocketClosedUnexpectedlyError)$/.test(err.name)) return true;
  if (typeof err.message === 'string' && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(err.message)) return true;
  return err.driverError ? isUnavailable(err.driverError) : false;
}

export function errorPageFor(exception: unknown): ErrorPage {
  if (isDomainError(exception)) {
    const status = STATUS_BY_KIND[exception.kind];
    const retry = exception.meta?.retryAfterSeconds;
    const view = status === 404 ? 'errors/not-found' : status === 403 ? 'errors/forbidden' : status === 429 ? 'errors/too-many-requests' : status === 503 ? 'errors/unavailable' : 'errors/problem';
    const message = exception.fieldErrors.length ? exception.fieldErrors.map((f) => f.message).join(' ') : exception.message;
    return { status, view, message, retryAfterSeconds: typeof retry === 'number' ? retry : undefined };
  }
  if ((exception as { code?: unknown })?.code === 'EBADCSRFTOKEN') {
    return { status: 403, view: 'errors/csrf' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404 || status === 405) return { status: 404, view: 'errors/not-found' };
    if (status === 403) return { status, view: 'errors/forbidden' };
    if (status === 429) return { status, view: 'errors/too-many-requests' };
    if (status === 503) return { status, view: 'errors/unavailable' };
    if (status >= 400 && status < 500) return { status, view: 'errors/problem' };
  }
  // body-parser and friends carry a 4xx status (too large, bad encoding).
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, view: 'errors/problem' };
  if (isUnavailable(exception)) return { status: 503, view: 'errors/unavailable' };
  return { status: 500, view: 'errors/server-error' };
}

/**
 * The web app's one exception filter (APP_FILTER): GOV.UK error pages for
 * people, problem JSON for /health, redirects to the sign-in page, and form
 * re-renders. Messages shown are only those written for users.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebError');

  constructor(private readonly sessions: SessionsService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<WebRequest>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    try {
      await this.respond(exception, req, res);
    } catch (e) {
      this.logger.error({ err: e, requestId: req.id }, 'Error page failed');
      if (!res.headersSent) res.status(500).type('text/plain').send('Sorry, there is a problem with the service.');
    }
  }

  private async respond(exception: unknown, req: WebRequest, res: Response): Promise<void> {
    if (exception instanceof SignInRequired) {
      res.redirect(303, exception.location);
      return;
    }
    if (isDomainError(exception) && exception.kind === 'unauthenticated') {
      res.redirect(303, signInLocation(req));
      return;
    }
    if (exception instanceof FormRerender) {
      if (exception.retryAfterSeconds) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      await this.render(req, res, exception.status, exception.view, exception.model);
      return;
    }
    const page = errorPageFor(exception);
    if (page.status >= 500) this.logger.error({ err: errorForLog(exception), requestId: req.id }, 'Unhandled error');
    if (page.retryAfterSeconds) res.setHeader('Retry-After', String(page.retryAfterSeconds));
    if (req.path === '/health' || req.path.startsWith('/health/')) {
      const body = exception instanceof HttpException ? exception.getResponse() : { status: 'error' };
      res.status(page.status).json(body);
      return;
    }
    await this.render(req, res, page.status, page.view, {
      message: page.message,
      requestId: req.id ? String(req.id) : undefined,
      status: page.status,
    });
  }

  private async render(req: WebRequest, res: Response, status: number, view: string, model: Record<string, unknown>): Promise<void> {
    if (res.locals.currentUser === undefined) {
      // The guard did not run (unknown route, middleware error): work out the navigation here.
      const user = req.session ? await resolveSessionUser(req, this.sessions).catch(() => null) : null;
      setUserLocals(req, res, user);
    }
    await new Promise<void>((resolve, reject) => {
      res.status(status).render(view, model, (err: Error | null, html?: string) => {
        if (err) return reject(err);
        res.send(html);
        resolve();
      });
    });
  }
}
