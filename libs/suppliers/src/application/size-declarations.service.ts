import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AppConfig } from '@app/config';
import { AuthUser, RequestMeta, auditContext, hasRole, isPlatformAdmin } from '@app/identity';
import { DomainError, FieldError, Money, Page, money, newId } from '@app/shared';
import { RatesToEur, convertMoney, isKnownCurrency, parseRates } from '../domain/fx';
import { SIZE_DEFINITIONS, SizeBand, SizeDefinition, deriveSizeBand } from '../domain/size-band';
import { SupplierChangeListeners } from './supplier-changes';
import { SUPPLIER_NOT_FOUND } from './supplier-profiles.service';
import { DECLARATION_COLUMNS, SizeDeclarationView } from './views';

export interface SizeDeclarationInput {
  headcount: number;
  turnover: { amount: string; currency: string };
  balanceSheet: { amount: string; currency: string };
  /** YYYY-MM-DD: the date the figures refer to. */
  figuresDate: string;
  statedBand?: SizeBand | null;
  evidence?: string | null;
}

export const DECLARATION_NOT_FOUND = 'SUPPLIERS.DECLARATION_NOT_FOUND';

/** What the platform derives from figures: the band, and whether it disagrees with the band stated. */
export interface SizeAssessment {
  derivedBand: SizeBand;
  definition: SizeDefinition;
  bandMismatch: boolean;
}

@Injectable()
export class SizeDeclarationsService {
  private readonly definition: SizeDefinition;
  private readonly rates: RatesToEur;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly changes: SupplierChangeListeners,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.definition = SIZE_DEFINITIONS[config.suppliers.sizeDefinition];
    this.rates = parseRates(config.suppliers.ratesToEur);
  }

  /** The definition this deployment derives bands under. */
  get sizeDefinition(): SizeDefinition {
    return this.definition;
  }

  /** Checks the figures and derives the band, without storing anything (the web form previews with it). */
  assess(input: SizeDeclarationInput): SizeAssessment {
    const errors: FieldError[] = [];
    const amount = (field: 'turnover' | 'balanceSheet'): Money | null => {
      const { amount: a, currency } = input[field];
      if (!isKnownCurrency(currency, this.rates)) {
        errors.push({ field: `${field}.currency`, message: `${currency} is not a currency the platform can convert (known: ${Object.keys(this.rates).join(', ')}).` });
        return null;
      }
      try {
        const m = money(a, currency);
        if (m.minor < 0n) throw new RangeError('negative');
        return m;
      } catch {
        errors.push({ field: `${field}.amount`, message: `Enter the ${field === 'turnover' ? 'turnover' : 'balance sheet total'} as an amount of 0 or more, like 1250000 or 1250000.50.` });
        return null;
      }
    };
    const turnover = amount('turnover');
    const balanceSheet = amount('balanceSheet');
    if (!Number.isSafeInteger(input.headcount) || input.headcount < 0) {
      errors.push({ field: 'headcount', message: 'Enter the number of staff as a whole number, 0 or more.' });
    }
    const today = new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.figuresDate) || Number.isNaN(Date.parse(input.figuresDate))) {
      errors.push({ field: 'figuresDate', message: 'Enter the date the figures refer to, like 2026-03-31.' });
    } else if (input.figuresDate > today) {
      errors.push({ field: 'figuresDate', message: 'The date the figures refer to must be today or in the past.' });
    }
    if (errors.length || !turnover || !balanceSheet) throw DomainError.validation('SUPPLIERS.INVALID_SIZE_DECLARATION', errors);
    const c = this.definition.currency;
    const derivedBand = deriveSizeBand(
      { headcount: input.headcount, turnover: convertMoney(turnover, c, this.rates), balanceSheet: convertMoney(balanceSheet, c, this.rates) },
      this.definition,
    );
    return { derivedBand, definition: this.definition, bandMismatch: !!input.statedBand && input.statedBand !== derivedBand };
  }

  /**
   * A supplier admin declares their organisation's size. The band is derived
   * under the deployment's definition; a stated band that disagrees is kept
   * and flagged. The new declaration closes the one in force (valid_to), in
   * one transaction with the organisation row locked, so periods never overlap.
   */
  async declare(actor: AuthUser, organisationId: string, input: SizeDeclarationInput, meta: RequestMeta): Promise<SizeDeclarationView> {
    if (actor.organisationId !== organisationId || !hasRole(actor, 'supplier_admin')) {
      throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    }
    const a = this.assess(input);
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      const [org] = await m.query(`SELECT kind FROM identity.organisation WHERE id = $1 FOR UPDATE`, [organisationId]);
      if (org?.kind !== 'supplier') throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
      // UPDATE answers [rows, count].
      const [[previous]] = await m.query(
        `UPDATE suppliers.size_declaration SET valid_to = now() WHERE organisation_id = $1 AND valid_to IS NULL RETURNING id, derived_band AS band`,
        [organisationId],
      );
      await m.query(
        `INSERT INTO suppliers.size_declaration (id, organisation_id, headcount, turnover_amount, turnover_currency, balance_sheet_amount,
            balance_sheet_currency, figures_date, stated_band, derived_band, definition, band_mismatch, evidence, declared_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          id, organisationId, input.headcount, input.turnover.amount, input.turnover.currency, input.balanceSheet.amount,
          input.balanceSheet.currency, input.figuresDate, input.statedBand ?? null, a.derivedBand, a.definition.id,
          a.bandMismatch, input.evidence?.trim() || null, actor.userId,
        ],
      );
      await this.audit.append(
        {
          action: 'suppliers.size.declared',
          subjectType: 'size_declaration',
          subjectId: id,
          data: {
            organisationId, derivedBand: a.derivedBand, statedBand: input.statedBand ?? null, bandMismatch: a.bandMismatch,
            definition: a.definition.id, previousDeclarationId: previous?.id ?? null,
          },
        },
        auditContext(actor, meta),
        m,
      );
      if (previous?.band !== a.derivedBand) await this.changes.notify({ organisationId, band: a.derivedBand }, m);
    });
    return this.one(organisationId, id);
  }

  private async one(organisationId: string, id: string): Promise<SizeDeclarationView> {
    const [row] = await this.dataSource.query(
      `SELECT ${DECLARATION_COLUMNS} FROM suppliers.size_declaration WHERE id = $1 AND organisation_id = $2`,
      [id, organisationId],
    );
    if (!row) throw DomainError.notFound(DECLARATION_NOT_FOUND, 'No such size declaration.');
    return row;
  }

  /** Every declaration of a supplier, newest first: for its own users and platform admins. */
  async history(actor: AuthUser, organisationId: string, page: { limit: number; offset: number }): Promise<Page<SizeDeclarationView>> {
    if (actor.organisationId !== organisationId && !isPlatformAdmin(actor)) {
      throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    }
    const [org] = await this.dataSource.query(`SELECT 1 FROM identity.organisation WHERE id = $1 AND kind = 'supplier'`, [organisationId]);
    if (!org) throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${DECLARATION_COLUMNS} FROM suppliers.size_declaration WHERE organisation_id = $1
          ORDER BY valid_from DESC, id LIMIT $2 OFFSET $3`,
        [organisationId, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM suppliers.size_declaration WHERE organisation_id = $1`, [organisationId]),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** Declarations waiting for a platform admin to check the evidence, oldest first. */
  async unverified(actor: AuthUser, page: { limit: number; offset: number }): Promise<Page<SizeDeclarationView & { supplierName: string }>> {
    if (!isPlatformAdmin(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED');
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT d.*, o.name AS "supplierName"
           FROM (SELECT ${DECLARATION_COLUMNS} FROM suppliers.size_declaration WHERE valid_to IS NULL AND verified_at IS NULL) d
           JOIN identity.organisation o ON o.id = d."organisationId"
          ORDER BY d."createdAt", d.id LIMIT $1 OFFSET $2`,
        [page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM suppliers.size_declaration WHERE valid_to IS NULL AND verified_at IS NULL`),
    ]);
    return { items, total, limit: page.limit, offset: page.offset };
  }

  /** A platform admin marks a declaration verified (the evidence was checked). Audited. */
  async verify(actor: AuthUser, organisationId: string, declarationId: string, meta: RequestMeta): Promise<SizeDeclarationView> {
    if (!isPlatformAdmin(actor)) throw DomainError.notFound(DECLARATION_NOT_FOUND, 'No such size declaration.');
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT verified_at FROM suppliers.size_declaration WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
        [declarationId, organisationId],
      );
      if (!row) throw DomainError.notFound(DECLARATION_NOT_FOUND, 'No such size declaration.');
      if (row.verified_at) throw DomainError.conflict('SUPPLIERS.DECLARATION_ALREADY_VERIFIED', 'This declaration is already verified.');
      await m.query(`UPDATE suppliers.size_declaration SET verified_at = now(), verified_by = $2 WHERE id = $1`, [declarationId, actor.userId]);
      await this.audit.append(
        { action: 'suppliers.size.verified', subjectType: 'size_declaration', subjectId: declarationId, data: { organisationId } },
        auditContext(actor, meta),
        m,
      );
    });
    return this.one(organisationId, declarationId);
  }
}
