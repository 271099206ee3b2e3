import type { Response } from 'express';
import type { AuthUser } from '@app/identity';
import type { WebRequest } from '../session/session-data';
import { navigationFor } from './navigation';

/** What every page's layout needs about the signed-in user. */
export function setUserLocals(req: WebRequest, res: Response, user: AuthUser | null): void {
  res.locals.currentUser = user;
  res.locals.navigation = navigationFor(user, req.path);
  res.locals.currentPath = req.path;
}
