import { Body, Controller, Get, HttpCode, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles, hasRole } from '@app/identity';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { SIZE_BANDS, SizeDeclarationInput, SizeDeclarationsService, SupplierProfilesService } from '@app/suppliers';
import { PageQuery } from '../forms/catalogue-forms';
import { FormPage, FormPageOptions, redisplayValues } from '../forms/form-page';
import { SizeDeclarationForm, dateFromParts } from '../forms/supplier-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { BAND_NAMES, bandName, declarationRow, definitionName, formatMoney } from '../view/labels';
import { pagination } from '../view/pagination';

const CURRENCIES = ['GBP', 'EUR', 'USD'];

/** Bigint minor units as a decimal string (the limits of a size definition). */
const minorToDecimal = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

const FORM: FormPageOptions<SupplierSizeController> = {
  view: 'supplier/size',
  model: (c, req) => c.model(req.user as AuthUser),
  fields: {
    'turnover.amount': 'turnoverAmount',
    'turnover.currency': 'turnoverCurrency',
    'balanceSheet.amount': 'balanceSheetAmount',
    'balanceSheet.currency': 'balanceSheetCurrency',
    figuresDate: 'figuresDate-day',
  },
  fallbackField: 'headcount',
};

function toInput(form: SizeDeclarationForm): SizeDeclarationInput {
  return {
    headcount: Number(form.headcount),
    turnover: { amount: form.turnoverAmount, currency: form.turnoverCurrency },
    balanceSheet: { amount: form.balanceSheetAmount, currency: form.balanceSheetCurrency },
    figuresDate: dateFromParts(form['figuresDate-day'], form['figuresDate-month'], form['figuresDate-year']) ?? '',
    statedBand: form.statedBand ?? null,
    evidence: form.evidence ?? null,
  };
}

/**
 * The organisation's size: the band in force, every declaration with its
 * validity period, and (supplier admins) a new declaration. The platform
 * derives the band from the figures; a band stated that disagrees is flagged.
 */
@Roles('supplier_admin', 'supplier_user')
@Controller('supplier/size')
export class SupplierSizeController {
  constructor(
    private readonly profiles: SupplierProfilesService,
    private readonly declarations: SizeDeclarationsService,
  ) {}

  async model(user: AuthUser, page = 1) {
    const [supplier, history] = await Promise.all([
      this.profiles.get(user.organisationId),
      this.declarations.history(user, user.organisationId, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE }),
    ]);
    const def = this.declarations.sizeDefinition;
    const money = (m: { minor: bigint; currency: string }) => formatMoney(minorToDecimal(m.minor), m.currency);
    return {
      pageTitle: 'Size of your organisation',
      size: supplier.size,
      sizeBandName: bandName(supplier.size?.band),
      sizeDefinitionName: definitionName(supplier.size?.definition),
      definition: {
        name: def.name,
        source: def.source,
        limits: def.limits.map((l) => ({
          band: BAND_NAMES[l.band],
          staffBelow: l.staffBelow,
          maxTurnover: money(l.maxTurnover),
          maxBalanceSheet: money(l.maxBalanceSheet),
        })),
      },
      history: history.items.map(declarationRow),
      historyTotal: history.total,
      pagination: pagination(history, page, (p) => `/supplier/size?page=${p}`),
      canDeclare: hasRole(user, 'supplier_admin'),
      bands: SIZE_BANDS.map((b) => ({ value: b, text: BAND_NAMES[b] })),
      currencies: CURRENCIES,
      values: { turnoverCurrency: def.currency, balanceSheetCurrency: def.currency },
    };
  }

  @Get()
  @Render('supplier/size')
  page(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    return this.model(user, query.page ?? 1);
  }

  /** Works out the band from the figures without saving anything (the "Work out my band" button). */
  @Roles('supplier_admin')
  @Post('check')
  @HttpCode(200)
  @Render('supplier/size')
  @FormPage(FORM)
  async check(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: SizeDeclarationForm) {
    const input = toInput(form);
    const a = this.declarations.assess(input);
    return {
      ...(await this.model(user)),
      values: redisplayValues(req.body),
      assessment: {
        bandName: bandName(a.derivedBand),
        definitionName: a.definition.name,
        mismatch: a.bandMismatch,
        statedBandName: input.statedBand ? bandName(input.statedBand) : null,
      },
    };
  }

  /** Declares the size: the previous declaration ends now, and the derived band is shown in the banner. */
  @Roles('supplier_admin')
  @Post()
  @Redirect('/supplier/size', 303)
  @FormPage(FORM)
  async declare(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: SizeDeclarationForm, @ReqMeta() meta: RequestMeta) {
    const d = await this.declarations.declare(user, user.organisationId, toInput(form), meta);
    const heading = `Your size band is ${bandName(d.derivedBand)} (${definitionName(d.definition)})`;
    const text = d.bandMismatch
      ? `This disagrees with the band you stated (${bandName(d.statedBand)}): the band worked out from your figures is the one buyers see and reports use. A platform administrator will check your evidence.`
      : 'Buyers see this band beside your offerings. A platform administrator will check your evidence.';
    setFlash(req, { heading, text });
    return { url: '/supplier/size' };
  }
}
