import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { DomainError, newId, newSecret, sha256Hex } from '@app/shared';
import { passwordProblems } from '../domain/password-policy';
import { AuthUser, RequestMeta, auditContext } from './auth-user';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';

export const INVALID_CREDENTIALS = 'AUTH.INVALID_CREDENTIALS';
export const INVALID_REFRESH_TOKEN = 'AUTH.INVALID_REFRESH_TOKEN';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Claims of an access token. `sid` names the session it belongs to. */
export interface AccessClaims {
  sub: string;
  sid: string;
  org: string;
  roles: string[];
}

interface Credentials {
  id: string;
  email: string;
  password_hash: string;
  status: string;
  organisation_id: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * Checks an e-mail and password, rate-limited per account and per IP.
   * Creates a session on the given channel and returns its user. Wrong
   * e-mail and wrong password give the same error.
   */
  async signIn(email: string, password: string, channel: 'api' | 'web', meta: RequestMeta): Promise<AuthUser> {
    const normalised = email.trim().toLowerCase();
    await this.throttle.assertAllowed(normalised, meta.ip);
    const [user]: Credentials[] = await this.dataSource.query(
      `SELECT id, email, password_hash, status, organisation_id FROM identity.user_account WHERE email = $1`,
      [normalised],
    );
    const ok = user ? await this.hasher.verify(user.password_hash, password) : await this.hasher.verifyAgainstNothing(password);
    if (!ok || !user) {
      await this.throttle.recordFailure(normalised, meta.ip);
      await this.audit.append(
        { action: 'identity.sign-in.failed', subjectType: 'user', subjectId: user?.id ?? null, data: { channel } },
        { userId: null, organisationId: user?.organisation_id ?? null, ip: meta.ip, requestId: meta.requestId },
      );
      throw DomainError.unauthenticated(INVALID_CREDENTIALS, 'The e-mail address or password is not right.');
    }
    if (user.status !== 'active') {
      throw DomainError.unauthenticated('AUTH.ACCOUNT_DISABLED', 'This account has been disabled. Contact your organisation’s administrator.');
    }
    await this.throttle.recordSuccess(normalised);
    const ttl = channel === 'api' ? this.config.auth.refreshTokenTtlSeconds : this.config.web.sessionTtlSeconds;
    const sessionId = await this.dataSource.transaction(async (m) => {
      const sid = await this.sessions.create(m, user.id, channel, ttl, meta);
      await m.query(`UPDATE identity.user_account SET last_sign_in_at = now() WHERE id = $1`, [user.id]);
      if (this.hasher.needsRehash(user.password_hash)) {
        await m.query(`UPDATE identity.user_account SET password_hash = $2 WHERE id = $1`, [user.id, await this.hasher.hash(password)]);
      }
      await this.audit.append(
        { action: 'identity.sign-in.succeeded', subjectType: 'user', subjectId: user.id, data: { channel, sessionId: sid } },
        { userId: user.id, organisationId: user.organisation_id, ip: meta.ip, requestId: meta.requestId },
        m,
      );
      return sid;
    });
    const resolved = await this.sessions.resolve(sessionId, user.id);
    if (!resolved) throw DomainError.unauthenticated(INVALID_CREDENTIALS);
    return resolved;
  }

  /** Issues an access token and a fresh refresh token for a live API session. */
  async issueTokens(user: AuthUser): Promise<TokenPair> {
    const refreshToken = newSecret(32);
    await this.dataSource.query(
      `INSERT INTO identity.refresh_token (id, session_id, token_hash, expires_at)
       SELECT $1, $2, $3, s.expires_at FROM identity.auth_session s WHERE s.id = $2`,
      [newId(), user.sessionId, sha256Hex(refreshToken)],
    );
    const claims: AccessClaims = { sub: user.userId, sid: user.sessionId, org: user.organisationId, roles: user.roles };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.auth.accessTokenTtlSeconds };
  }

  /**
   * Rotates a refresh token: each one works once. Presenting a used token
   * again means it was stolen or replayed, so its whole session is revoked.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const hash = sha256Hex(refreshToken);
    const outcome = await this.dataSource.transaction(async (m) => {
      const [row]: { id: string; session_id: string; used_at: Date | null; expired: boolean; user_id: string }[] = await m.query(
        `SELECT t.id, t.session_id, t.used_at, t.expires_at <= now() AS expired, s.user_id
           FROM identity.refresh_token t JOIN identity.auth_session s ON s.id = t.session_id
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hash],
      );
      if (!row) return { kind: 'unknown' as const };
      if (row.used_at) {
        await this.sessions.revoke(row.session_id, 'refresh_reuse', m);
        await this.audit.append(
          { action: 'identity.refresh-token.reused', subjectType: 'session', subjectId: row.session_id },
          { userId: row.user_id, ip: meta.ip, requestId: meta.requestId },
          m,
        );
        return { kind: 'reused' as const };
      }
      if (row.expired) return { kind: 'unknown' as const };
      await m.query(`UPDATE identity.refresh_token SET used_at = now() WHERE id = $1`, [row.id]);
      return { kind: 'ok' as const, sessionId: row.session_id, userId: row.user_id };
    });
    if (outcome.kind !== 'ok') {
      throw DomainError.unauthenticated(INVALID_REFRESH_TOKEN, 'The refresh token is not valid. Sign in again.');
    }
    const user = await this.sessions.resolve(outcome.sessionId, outcome.userId);
    if (!user) throw DomainError.unauthenticated(INVALID_REFRESH_TOKEN, 'The refresh token is not valid. Sign in again.');
    return this.issueTokens(user);
  }

  /** Ends the session: its access and refresh tokens (or web cookie) stop working at once. */
  async signOut(user: AuthUser, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.sessions.revoke(user.sessionId, 'sign_out', m);
      await this.audit.append(
        { action: 'identity.signed-out', subjectType: 'session', subjectId: user.sessionId },
        auditContext(user, meta),
        m,
      );
    });
  }

  /** Changes the password and revokes every session of the user, this one included. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const [row]: { password_hash: string }[] = await this.dataSource.query(
      `SELECT password_hash FROM identity.user_account WHERE id = $1`,
      [user.userId],
    );
    if (!row || !(await this.hasher.verify(row.password_hash, currentPassword))) {
      throw DomainError.validation('AUTH.WRONG_PASSWORD', [{ field: 'currentPassword', message: 'The current password is not right.' }]);
    }
    const problems = passwordProblems(newPassword, { email: user.email });
    if (problems.length) {
      throw DomainError.validation('AUTH.WEAK_PASSWORD', problems.map((message) => ({ field: 'newPassword', message: `The new password ${message}.` })));
    }
    const hash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE identity.user_account SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [user.userId, hash]);
      await this.sessions.revokeAllForUser(user.userId, 'password_change', m);
      await this.audit.append({ action: 'identity.password.changed', subjectType: 'user', subjectId: user.userId }, auditContext(user, meta), m);
    });
  }

  /** Used by the JWT strategy: the claims must name a live session of an active user. */
  async validateAccessClaims(claims: Partial<AccessClaims>): Promise<AuthUser | null> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    if (!/^[0-9a-f-]{36}$/i.test(claims.sub) || !/^[0-9a-f-]{36}$/i.test(claims.sid)) return null;
    return this.sessions.resolve(claims.sid, claims.sub);
  }
}
