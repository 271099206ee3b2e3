import { AuthUser, SessionsService } from '@app/identity';
import type { WebRequest } from '../session/session-data';

/**
 * The live user behind the browser session, checked against the server-side
 * auth session on every request (so sign-out elsewhere, a password change or
 * a disabled account take effect at once). A dead session is forgotten.
 * The answer is kept on the request for the rest of it.
 */
export async function resolveSessionUser(req: WebRequest, sessions: SessionsService): Promise<AuthUser | null> {
  if (req.userResolved) return req.user ?? null;
  const { userId, authSessionId } = req.session ?? {};
  let user: AuthUser | null = null;
  if (typeof userId === 'string' && typeof authSessionId === 'string' && UUID.test(userId) && UUID.test(authSessionId)) {
    user = await sessions.resolve(authSessionId, userId);
    if (!user) {
      delete req.session.userId;
      delete req.session.authSessionId;
    }
  }
  req.user = user ?? undefined;
  req.userResolved = true;
  return user;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
