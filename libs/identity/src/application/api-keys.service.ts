import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { DomainError, newId, Page } from '@app/shared';
import { apiKeyMatches, generateApiKey, normaliseApiKeyName, parseApiKey } from '../domain/api-key';
import type { Role } from '../domain/roles';
import { AuthUser, RequestMeta, auditContext, hasRole } from './auth-user';

export const API_KEY_NOT_FOUND = 'IDENTITY.API_KEY_NOT_FOUND';
export const API_KEY_NAME_INVALID = 'IDENTITY.API_KEY_NAME_INVALID';
export const API_KEY_NAME_TAKEN = 'IDENTITY.API_KEY_NAME_TAKEN';
export const API_KEY_ALREADY_REVOKED = 'IDENTITY.API_KEY_ALREADY_REVOKED';
export const API_KEY_LIMIT_REACHED = 'IDENTITY.API_KEY_LIMIT_REACHED';
export const API_KEY_ORGANISATION_NOT_VERIFIED = 'IDENTITY.API_KEY_ORGANISATION_NOT_VERIFIED';

/**
 * Active keys an organisation may hold at once. Each key has a rate-limit budget of its own, so the
 * cap bounds what one organisation can draw (MAX × API_KEY_RATE_LIMIT_PER_MINUTE).
 */
export const MAX_ACTIVE_API_KEYS = 10;

/** Who manages an organisation's API keys: its admins (a platform admin, those of the platform operator). */
export const API_KEY_MANAGERS: readonly Role[] = ['supplier_admin', 'buyer_admin', 'platform_admin'];

/** A key as its organisation's admins see it: never the key text or its hash. */
export interface ApiKeyView {
  id: string;
  organisationId: string;
  name: string;
  /** The public part of the key (`opm_<prefix>_…`), to tell keys apart. */
  prefix: string;
  status: 'active' | 'revoked';
  createdAt: string;
  createdByUserId: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to a creation: the view and, this once, the key itself. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

/** Who is calling with a valid key: attached to the request and written to its log line. */
export interface ApiKeyPrincipal {
  keyId: string;
  organisationId: string;
  name: string;
}

const VIEW_COLUMNS = `k.id, k.organisation_id AS "organisationId", k.name, k.prefix,
  CASE WHEN k.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS status,
  to_json(k.created_at)#>>'{}' AS "createdAt", k.created_by AS "createdByUserId", u.full_name AS "createdByName",
  to_json(k.last_used_at)#>>'{}' AS "lastUsedAt", to_json(k.revoked_at)#>>'{}' AS "revokedAt"`;
const VIEW_FROM = `identity.api_key k LEFT JOIN identity.user_account u ON u.id = k.created_by`;

/** How often, at most, a key's `last_used_at` is written: one UPDATE a minute per key, not one per request. */
const LAST_USED_RESOLUTION = `interval '1 minute'`;

function uniqueViolation(e: unknown): string | null {
  if (!(e instanceof QueryFailedError)) return null;
  const d = e.driverError as { code?: string; constraint?: string };
  return d?.code === '23505' ? (d.constraint ?? '') : null;
}

/**
 * API keys for third-party platforms. An organisation's admins create, list
 * and revoke its keys; a key is shown once at creation and stored as a hash
 * (domain/api-key.ts). A valid key identifies the calling platform for
 * attribution and its own rate limit; it grants only what anyone may read.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  private assertManager(actor: AuthUser): void {
    if (!hasRole(actor, ...API_KEY_MANAGERS)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only an administrator of your organisation can manage its API keys.');
  }

  private async view(organisationId: string, id: string): Promise<ApiKeyView | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE k.id = $1 AND k.organisation_id = $2`, [id, organisationId]);
    return row;
  }

  /** Creates a key for the actor's organisation. The answer carries the key text: the only time it is ever available. */
  async create(actor: AuthUser, input: { name: unknown }, meta: RequestMeta): Promise<CreatedApiKey> {
    this.assertManager(actor);
    const { name, problem } = normaliseApiKeyName(input.name);
    if (problem) throw DomainError.validation(API_KEY_NAME_INVALID, [{ field: 'name', message: problem }]);
    const taken = () => DomainError.validation(API_KEY_NAME_TAKEN, [{ field: 'name', message: 'Your organisation already has a key with this name: choose another name' }]);
    const id = newId();
    for (let attempt = 1; ; attempt++) {
      const key = generateApiKey();
      try {
        await this.dataSource.transaction(async (m) => {
          // The organisation's row locked: its admins' creations go one at a time (the cap and the name check hold).
          const [org] = await m.query(`SELECT verification_status AS status FROM identity.organisation WHERE id = $1 FOR UPDATE`, [actor.organisationId]);
          if (org?.status !== 'verified') {
            throw DomainError.conflict(API_KEY_ORGANISATION_NOT_VERIFIED, 'Your organisation can have API keys once a platform administrator has verified it.');
          }
          const [{ active }] = await m.query(`SELECT count(*)::int AS active FROM identity.api_key WHERE organisation_id = $1 AND revoked_at IS NULL`, [actor.organisationId]);
          if (active >= MAX_ACTIVE_API_KEYS) {
            throw DomainError.conflict(API_KEY_LIMIT_REACHED, `Your organisation already has ${MAX_ACTIVE_API_KEYS} active API keys, the most it may have: revoke one it no longer uses first.`);
          }
          const clash = await m.query(
            `SELECT 1 FROM identity.api_key WHERE organisation_id = $1 AND revoked_at IS NULL AND lower(name) = lower($2)`,
            [actor.organisationId, name],
          );
          if (clash.length) throw taken();
          await m.query(
            `INSERT INTO identity.api_key (id, organisation_id, name, prefix, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, actor.organisationId, name, key.prefix, key.hash, actor.userId],
          );
          await this.audit.append(
            { action: 'identity.api_key.created', subjectType: 'api_key', subjectId: id, data: { name, prefix: key.prefix } },
            auditContext(actor, meta),
            m,
          );
        });
        return { ...(await this.view(actor.organisationId, id))!, key: key.text };
      } catch (e) {
        const constraint = uniqueViolation(e);
        // Two admins naming a key the same at the same moment: the index decides.
        if (constraint === 'api_key_organisation_name_key') throw taken();
        // A 48-bit prefix drawn twice: draw again.
        if (constraint === 'api_key_prefix_key' && attempt < 3) continue;
        throw e;
      }
    }
  }

  /** The actor's organisation's keys, active ones first, newest first. */
  async list(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<ApiKeyView>> {
    this.assertManager(actor);
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE k.organisation_id = $1
          ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC, k.id LIMIT $2 OFFSET $3`,
        [actor.organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM identity.api_key WHERE organisation_id = $1`, [actor.organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** One key of the actor's organisation; another organisation's key is "not found". */
  async get(actor: AuthUser, id: string): Promise<ApiKeyView> {
    this.assertManager(actor);
    const view = await this.view(actor.organisationId, id);
    if (!view) throw DomainError.notFound(API_KEY_NOT_FOUND, 'No such API key.');
    return view;
  }

  /** Revokes a key of the actor's organisation: it is refused from the next request on. Audited. */
  async revoke(actor: AuthUser, id: string, meta: RequestMeta): Promise<ApiKeyView> {
    this.assertManager(actor);
    await this.dataSource.transaction(async (m) => {
      const [rows] = await m.query(
        `UPDATE identity.api_key SET revoked_at = now(), revoked_by = $3
          WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL RETURNING name, prefix`,
        [id, actor.organisationId, actor.userId],
      );
      if (!rows.length) {
        const exists = await m.query(`SELECT 1 FROM identity.api_key WHERE id = $1 AND organisation_id = $2`, [id, actor.organisationId]);
        if (!exists.length) throw DomainError.notFound(API_KEY_NOT_FOUND, 'No such API key.');
        throw DomainError.conflict(API_KEY_ALREADY_REVOKED, 'The API key has already been revoked.');
      }
      await this.audit.append(
        { action: 'identity.api_key.revoked', subjectType: 'api_key', subjectId: id, data: { name: rows[0].name, prefix: rows[0].prefix } },
        auditContext(actor, meta),
        m,
      );
    });
    return (await this.view(actor.organisationId, id))!;
  }

  /**
   * Who holds `keyText`, or null when it is malformed, unknown or revoked.
   * One indexed read per request (a malformed key costs none); `last_used_at`
   * is written at most once a minute per key.
   */
  async authenticate(keyText: unknown): Promise<ApiKeyPrincipal | null> {
    const parsed = parseApiKey(keyText);
    if (!parsed) return null;
    const [row]: { id: string; organisation_id: string; name: string; secret_hash: string; revoked: boolean; stale: boolean }[] = await this.dataSource.query(
      // Only a verified organisation's keys work: one a platform admin rejects stops working (and works again if it is verified later).
      `SELECT k.id, k.organisation_id, k.name, k.secret_hash, k.revoked_at IS NOT NULL OR o.verification_status <> 'verified' AS revoked,
              (k.last_used_at IS NULL OR k.last_used_at < now() - ${LAST_USED_RESOLUTION}) AS stale
         FROM identity.api_key k JOIN identity.organisation o ON o.id = k.organisation_id WHERE k.prefix = $1`,
      [parsed.prefix],
    );
    if (!row || !apiKeyMatches(keyText as string, row.secret_hash) || row.revoked) return null;
    if (row.stale) {
      await this.dataSource.query(
        `UPDATE identity.api_key SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_RESOLUTION})`,
        [row.id],
      );
    }
    return { keyId: row.id, organisationId: row.organisation_id, name: row.name };
  }
}
