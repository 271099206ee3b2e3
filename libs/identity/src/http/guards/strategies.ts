import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { LRUCache } from 'lru-cache';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { AppConfig } from '@app/config';
import { AccessClaims, AuthService } from '../../application/auth.service';
import { AuthUser } from '../../application/auth-user';
import { AuthedRequest, requestMeta } from '../decorators';

export const JWT_ALGORITHMS = ['HS256'] as const;

/**
 * The HMAC key as a KeyObject. Given a string, jsonwebtoken 9 on OpenSSL 3
 * first tries to parse it as a public key on every sign and verify (~0.9 ms
 * of CPU each, measured by bench/s2); a KeyObject skips that (~0.03 ms).
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** How many checked access tokens a process remembers (about 1 KB each): the most recently used are kept. */
export const VERIFIED_TOKENS_MAX = 10_000;

/** The claims passport-jwt hands over once a token is verified: ours and the registered ones (exp). */
type TokenClaims = Partial<AccessClaims> & { exp?: number };
type VerifiedClaims = Readonly<TokenClaims & { exp: number }>;

/**
 * Access tokens whose signature and claims passport-jwt has already checked, by their exact text, until
 * they expire. A token is only ever stored after a full check, and only a byte-for-byte equal token finds
 * it, so nothing unverified gets through; the expiry is checked again on every use (as jsonwebtoken does:
 * valid while now < exp). The live-session lookup is not cached, so sign-out, a password change and a
 * disabled user still refuse the token on the next request.
 */
export class VerifiedTokens {
  private readonly tokens: LRUCache<string, VerifiedClaims>;

  constructor(max = VERIFIED_TOKENS_MAX, private readonly now: () => number = Date.now) {
    this.tokens = new LRUCache({ max });
  }

  /** The claims of a token checked before and not yet expired, else undefined. */
  get(token: string): VerifiedClaims | undefined {
    const claims = this.tokens.get(token);
    if (claims && this.now() >= claims.exp * 1000) {
      this.tokens.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a token passport-jwt has just verified (one without a numeric expiry is not remembered). */
  remember(token: string, claims: TokenClaims): void {
    if (typeof claims.exp !== 'number' || this.tokens.has(token)) return;
    this.tokens.set(token, Object.freeze({ ...claims, exp: claims.exp }));
  }
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

interface PassportOutcome {
  success(user: AuthUser): void;
  fail(challenge?: unknown): void;
  error(err: unknown): void;
}

/**
 * Bearer access tokens: HS256 only, issuer and audience checked, and the session must still be live.
 * passport-jwt checks a token the first time this process sees it; after that, until the token expires,
 * the check is read from VerifiedTokens (the HMAC and the decoding were most of this guard's CPU, measured
 * by bench/s2) and only the session lookup runs.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  private readonly verified = new VerifiedTokens();

  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: bearerToken,
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as string,
      algorithms: [...JWT_ALGORITHMS],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  override authenticate(...args: Parameters<JwtStrategyBase['authenticate']>): void {
    const token = bearerToken(args[0]);
    const claims = token ? this.verified.get(token) : undefined;
    if (!claims) return super.authenticate(...args);
    const outcome = this as unknown as PassportOutcome;
    this.auth.validateAccessClaims(claims).then(
      (user) => (user ? outcome.success(user) : outcome.fail()),
      (err: unknown) => outcome.error(err),
    );
  }

  /** Called by passport-jwt once it has verified the token (signature, algorithm, expiry, issuer, audience). */
  validate(req: Parameters<JwtStrategyBase['authenticate']>[0], claims: TokenClaims): Promise<AuthUser | null> {
    const token = bearerToken(req);
    if (token) this.verified.remember(token, claims);
    return this.auth.validateAccessClaims(claims);
  }
}

/** E-mail and password sign-in for the API. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: AuthedRequest, email: string, password: string): Promise<AuthUser> {
    return this.auth.signIn(email, password, 'api', requestMeta(req));
  }
}
