import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/shared';
import { AuthUser, RequestMeta, auditContext } from './auth-user';

const DOMAIN_RE = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The approved public-sector e-mail domains: the list kept in the database
 * (seeded with gov.uk, nhs.uk, nhs.net, police.uk, mod.uk, parliament.uk,
 * gov.scot, gov.wales) plus any named in PUBLIC_SECTOR_DOMAINS.
 */
@Injectable()
export class PublicSectorDomainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditLogService,
  ) {}

  async list(): Promise<string[]> {
    const rows: { domain: string }[] = await this.dataSource.query(`SELECT domain FROM identity.public_sector_domain ORDER BY domain`);
    return [...new Set(rows.map((r) => r.domain).concat(this.config.auth.publicSectorDomains))].sort();
  }

  async add(actor: AuthUser, domain: string, meta: RequestMeta): Promise<string[]> {
    const d = domain.trim().toLowerCase();
    if (!DOMAIN_RE.test(d)) {
      throw DomainError.validation('IDENTITY.INVALID_DOMAIN', [{ field: 'domain', message: 'Enter a domain such as council.gov.uk' }]);
    }
    await this.dataSource.transaction(async (m) => {
      const inserted = await m.query(
        `INSERT INTO identity.public_sector_domain (domain) VALUES ($1) ON CONFLICT DO NOTHING RETURNING domain`,
        [d],
      );
      if (inserted.length) {
        await this.audit.append({ action: 'identity.public-sector-domain.added', subjectType: 'public_sector_domain', subjectId: d }, auditContext(actor, meta), m);
      }
    });
    return this.list();
  }

  async remove(actor: AuthUser, domain: string, meta: RequestMeta): Promise<string[]> {
    const d = domain.trim().toLowerCase();
    await this.dataSource.transaction(async (m) => {
      const [deleted] = await m.query(`DELETE FROM identity.public_sector_domain WHERE domain = $1 RETURNING domain`, [d]);
      if (!deleted?.length) throw DomainError.notFound('IDENTITY.DOMAIN_NOT_FOUND', 'That domain is not on the list.');
      await this.audit.append({ action: 'identity.public-sector-domain.removed', subjectType: 'public_sector_domain', subjectId: d }, auditContext(actor, meta), m);
    });
    return this.list();
  }
}
