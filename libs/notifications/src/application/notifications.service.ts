import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { AuthUser, RequestMeta, auditContext, hasRole } from '@app/identity';
import { MailerService } from '@app/platform';
import { OutboxService } from '@app/queue';
import { DomainError, newId } from '@app/shared';

export const ALERT_FREQUENCIES = ['immediate', 'daily', 'off'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

/** After this many failed attempts (about a day of sweeps during an outage) a message is left for an operator. */
export const MAX_SEND_ATTEMPTS = 100;

export interface AlertPreferenceView {
  organisationId: string;
  frequency: AlertFrequency;
  /** Requirement lots the organisation follows, besides those where it has published offerings. */
  lotIds: string[];
  updatedAt: string | null;
}

export interface Message {
  subject: string;
  text: string;
}

/** Who in an organisation receives its e-mail: every active user with one of these roles. */
const RECIPIENT_ROLES = ['supplier_admin', 'supplier_user', 'buyer_admin', 'buyer_user', 'evaluator'];

/**
 * The e-mail outbox, opportunity-alert preferences and daily digests.
 * Mail is written in the caller's transaction (so a change and the mail
 * reporting it commit together) and sent by the worker; `ref` makes every
 * enqueue idempotent, so fan-out jobs can be retried freely.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly mailer: MailerService,
    private readonly audit: AuditLogService,
  ) {}

  /** Queues one e-mail unless one with this `ref` exists. Returns whether it was queued. */
  async enqueue(m: EntityManager, ref: string, kind: string, to: string, msg: Message): Promise<boolean> {
    const id = newId();
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notifications.email (id, ref, kind, to_address, subject, body_text) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ref) DO NOTHING RETURNING id`,
      [id, ref, kind, to, msg.subject, msg.text],
    );
    if (!rows.length) return false;
    await this.outbox.add(m, 'notifications.send-email', { v: 1, emailId: id });
    return true;
  }

  /** Queues `msg` to every active user of an organisation (optionally only some roles); `ref` is per recipient. */
  async toOrganisation(m: EntityManager, organisationId: string, ref: string, kind: string, msg: Message | ((u: { fullName: string }) => Message), roles = RECIPIENT_ROLES): Promise<number> {
    const users: { id: string; email: string; fullName: string }[] = await m.query(
      `SELECT id, email, full_name AS "fullName" FROM identity.user_account WHERE organisation_id = $1 AND status = 'active' AND roles && $2::varchar[] ORDER BY email`,
      [organisationId, roles],
    );
    let n = 0;
    for (const u of users) if (await this.enqueue(m, `${ref}:${u.id}`, kind, u.email, typeof msg === 'function' ? msg(u) : msg)) n++;
    return n;
  }

  /** Queues `msg` to the given users (active ones only). */
  async toUsers(m: EntityManager, userIds: string[], ref: string, kind: string, msg: Message | ((u: { fullName: string }) => Message)): Promise<number> {
    const users: { id: string; email: string; fullName: string }[] = await m.query(
      `SELECT id, email, full_name AS "fullName" FROM identity.user_account WHERE id = ANY($1::uuid[]) AND status = 'active' ORDER BY email`,
      [userIds],
    );
    let n = 0;
    for (const u of users) if (await this.enqueue(m, `${ref}:${u.id}`, kind, u.email, typeof msg === 'function' ? msg(u) : msg)) n++;
    return n;
  }

  /** Organisations that follow a requirement lot in their alert preference (not those that turned alerts off). */
  async followersOfLot(m: EntityManager, lotId: string): Promise<string[]> {
    const rows = await m.query(`SELECT organisation_id AS id FROM notifications.alert_preference WHERE $1::uuid = ANY(lot_ids) AND frequency <> 'off'`, [lotId]);
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * An opportunity alert to each organisation, as its preference says: at once (the
   * default for none is a daily digest), in the next daily digest, or not at all.
   */
  async alert(m: EntityManager, organisationIds: string[], ref: string, msg: Message, digestLine: string): Promise<{ immediate: number; digest: number; off: number }> {
    const prefs: { organisationId: string; frequency: AlertFrequency }[] = await m.query(
      `SELECT o.id AS "organisationId", coalesce(p.frequency, 'daily') AS frequency
         FROM identity.organisation o LEFT JOIN notifications.alert_preference p ON p.organisation_id = o.id
        WHERE o.id = ANY($1::uuid[]) AND o.kind = 'supplier' ORDER BY o.id`,
      [organisationIds],
    );
    const out = { immediate: 0, digest: 0, off: 0 };
    for (const p of prefs) {
      if (p.frequency === 'off') out.off++;
      else if (p.frequency === 'immediate') {
        await this.toOrganisation(m, p.organisationId, `${ref}:${p.organisationId}`, 'alert', msg, ['supplier_admin', 'supplier_user']);
        out.immediate++;
      } else {
        await m.query(`INSERT INTO notifications.digest_item (organisation_id, ref, line) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [p.organisationId, ref, digestLine]);
        out.digest++;
      }
    }
    return out;
  }

  /**
   * Sends each organisation's pending digest items as one e-mail per user, at most one
   * digest per organisation per day (UTC), from the configured hour on. Idempotent:
   * the digest's ref holds the date. Returns how many organisations got a digest.
   */
  async sendDueDigests(at?: Date): Promise<number> {
    const now: Date = at ?? (await this.dataSource.query(`SELECT clock_timestamp() AS now`))[0].now;
    if (now.getUTCHours() < this.config.mail.digestHourUtc) return 0;
    const day = now.toISOString().slice(0, 10);
    const orgs: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT organisation_id AS id FROM notifications.digest_item d
        WHERE email_ref IS NULL AND NOT EXISTS (SELECT 1 FROM notifications.digest_item s WHERE s.organisation_id = d.organisation_id AND s.email_ref = $1 || d.organisation_id)`,
      [`digest:${day}:`],
    );
    let sent = 0;
    for (const { id } of orgs) {
      await this.dataSource.transaction(async (m) => {
        const ref = `digest:${day}:${id}`;
        const items: { line: string }[] = await m.query(
          `UPDATE notifications.digest_item SET email_ref = $2 WHERE organisation_id = $1 AND email_ref IS NULL RETURNING line`,
          [id, ref],
        ).then((r: [{ line: string }[], number]) => r[0]);
        if (!items.length) return;
        const n = items.length;
        await this.toOrganisation(m, id, ref, 'digest', (u) => ({
          subject: `${n} new opportunit${n === 1 ? 'y' : 'ies'} for you`,
          text: `Hello ${u.fullName},\n\nNew opportunities matching what your organisation offers:\n\n${items.map((i) => `- ${i.line}`).join('\n')}\n\n` +
            `Change how often you get these alerts on your account page.`,
        }), ['supplier_admin', 'supplier_user']);
        sent++;
      });
    }
    return sent;
  }

  /**
   * Sends one queued e-mail. Idempotent and safe to run twice at once: the row is locked
   * while sending and a sent one is skipped. A failure is recorded and rethrown (the job
   * is retried); the mail stays queued.
   */
  async send(emailId: string): Promise<'sent' | 'already-sent' | 'busy' | 'missing'> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const [row] = await m.query(
          `SELECT id, to_address AS "to", subject, body_text AS text, sent_at AS "sentAt" FROM notifications.email WHERE id = $1 FOR UPDATE SKIP LOCKED`,
          [emailId],
        );
        if (!row) {
          const [exists] = await m.query(`SELECT 1 FROM notifications.email WHERE id = $1`, [emailId]);
          return exists ? 'busy' : 'missing';
        }
        if (row.sentAt) return 'already-sent';
        await this.mailer.send({ to: row.to, subject: row.subject, text: row.text });
        await m.query(`UPDATE notifications.email SET sent_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [emailId]);
        return 'sent';
      });
    } catch (e) {
      // Recorded once the transaction holding the row has rolled back; the job is retried.
      await this.dataSource.query(`UPDATE notifications.email SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND sent_at IS NULL`, [
        emailId,
        String((e as Error).message).slice(0, 500),
      ]);
      throw e;
    }
  }

  /** Queues again every e-mail still unsent after MAIL_RETRY_AFTER_MINUTES (its jobs gave up while the mail server was down). */
  async requeueStale(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // Capped: a message the server refuses for good stops being retried (and cannot crowd out the rest),
      // the least-tried first so mail from a real outage always gets its turn.
      const rows: { id: string }[] = await m.query(
        `SELECT id FROM notifications.email WHERE sent_at IS NULL AND attempts < $2 AND created_at < clock_timestamp() - make_interval(mins => $1)
          ORDER BY attempts, created_at LIMIT 500`,
        [this.config.mail.retryAfterMinutes, MAX_SEND_ATTEMPTS],
      );
      for (const r of rows) await this.outbox.add(m, 'notifications.send-email', { v: 1, emailId: r.id });
      return rows.length;
    });
  }

  private supplierOnly(actor: AuthUser): void {
    if (actor.organisationKind !== 'supplier' || !hasRole(actor, 'supplier_admin', 'supplier_user')) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Opportunity alerts are for suppliers.');
    }
  }

  async preference(actor: AuthUser): Promise<AlertPreferenceView> {
    this.supplierOnly(actor);
    const [row] = await this.dataSource.query(
      `SELECT organisation_id AS "organisationId", frequency, lot_ids AS "lotIds", updated_at AS "updatedAt" FROM notifications.alert_preference WHERE organisation_id = $1`,
      [actor.organisationId],
    );
    return row ?? { organisationId: actor.organisationId, frequency: 'daily', lotIds: [], updatedAt: null };
  }

  /** Supplier admins choose immediate alerts, a daily digest or none, and the requirement lots they follow. */
  async setPreference(actor: AuthUser, input: { frequency: AlertFrequency; lotIds: string[] }, meta: RequestMeta): Promise<AlertPreferenceView> {
    this.supplierOnly(actor);
    if (!hasRole(actor, 'supplier_admin')) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', "Only a supplier admin changes the organisation's alerts.");
    const lotIds = [...new Set(input.lotIds)];
    const known: { id: string }[] = await this.dataSource.query(`SELECT id FROM catalogue.lot WHERE id = ANY($1::uuid[]) AND kind = 'requirements'`, [lotIds]);
    const bad = lotIds.map((id, i) => ({ id, i })).filter((x) => !known.some((k) => k.id === x.id));
    if (bad.length) {
      throw DomainError.validation('NOTIFICATIONS.INVALID_PREFERENCE', bad.map((b) => ({ field: `lotIds[${b.i}]`, message: 'Choose lots that take requirements.' })));
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO notifications.alert_preference (organisation_id, frequency, lot_ids, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id) DO UPDATE SET frequency = EXCLUDED.frequency, lot_ids = EXCLUDED.lot_ids, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [actor.organisationId, input.frequency, lotIds, actor.userId],
      );
      await this.audit.append({ action: 'notifications.alert_preference.set', subjectType: 'organisation', subjectId: actor.organisationId, data: { frequency: input.frequency, lotIds } }, auditContext(actor, meta), m);
    });
    return this.preference(actor);
  }
}
