import type { Request } from 'express';
import type { AuthUser } from '@app/identity';

/** A one-off message shown on the next page (a GOV.UK success notification banner). */
export interface Flash {
  heading: string;
  text?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user; only with authSessionId. */
    userId?: string;
    /** The server-side `identity.auth_session` row this browser session belongs to. */
    authSessionId?: string;
    flash?: Flash;
  }
}

/** The request as the web app sees it: express-session, csrf-sync and the session guard add to it. */
export type WebRequest = Request & {
  /** Set by the session guard when someone is signed in. */
  user?: AuthUser;
  /** True once the session has been checked for this request (signed in or not). */
  userResolved?: boolean;
  id?: string;
};

/** Sets the flash for the next page. */
export function setFlash(req: Request, flash: Flash): void {
  if (req.session) req.session.flash = flash;
}

/** Removes and returns the flash (called by the layout, so only a rendered page consumes it). */
export function takeFlash(req: Request): Flash | undefined {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return flash;
}

/** A new session id (and empty session): at sign-in, so a fixated id is worthless. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

/** Starts a fresh session for `user` (new id) with an optional flash. */
export async function startUserSession(req: Request, user: AuthUser, flash?: Flash): Promise<void> {
  await regenerateSession(req);
  req.session.userId = user.userId;
  req.session.authSessionId = user.sessionId;
  if (flash) req.session.flash = flash;
}
