import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, RequestHandler, Response } from 'express';
import { SessionsService, isPlatformAdmin } from '@app/identity';
import { QueuesService } from '@app/queue';
import { DomainError } from '@app/shared';
import { resolveSessionUser } from './auth/session-user';
import { signInLocation } from './auth/web-session.guard';
import type { WebRequest } from './session/session-data';

export const QUEUES_PATH = '/admin/queues';

/** Same-origin requests only for anything that changes state (Bull Board's own fetch calls). */
function isSameOrigin(req: WebRequest): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.get('origin');
  return !!origin && origin === `${req.protocol}://${req.get('host')}`;
}

/**
 * Bull Board is plain Express middleware outside Nest's guards, so it gets
 * its own: a signed-in platform admin (checked against the live session),
 * and same-origin for its API calls, which skip the form CSRF token.
 */
export function queuesGuard(sessions: SessionsService): RequestHandler {
  return (req, res: Response, next: NextFunction) => {
    const r = req as WebRequest;
    resolveSessionUser(r, sessions)
      .then((user) => {
        if (!user) {
          if (r.method === 'GET' || r.method === 'HEAD') return res.redirect(303, signInLocation(r));
          return next(DomainError.forbidden('AUTH.SIGN_IN_REQUIRED', 'Sign in to continue.'));
        }
        if (!isPlatformAdmin(user)) return next(DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Your role does not allow this.'));
        if (!['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !isSameOrigin(r)) {
          return next(DomainError.forbidden('AUTH.CROSS_SITE', 'Cross-site requests are refused.'));
        }
        next();
      })
      .catch(next);
  };
}

/** The Bull Board router for every queue of the platform, mounted at /admin/queues. */
export function bullBoardRouter(queues: QueuesService, serviceName: string): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: queues.allQueues().map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: `${serviceName} queues` } },
  });
  return serverAdapter.getRouter();
}

/** True for Bull Board's JSON API calls, which carry no form CSRF token (guarded by queuesGuard). */
export function isQueuesApi(req: WebRequest): boolean {
  return req.path.startsWith(`${QUEUES_PATH}/api/`);
}
