import { Body, Controller, Get, Post, Query, Redirect, Render, Req, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE, DomainError, isDomainError } from '@app/shared';
import { BidView, BidsService, RequirementsService, bidDigestContent } from '@app/tendering';
import { PageQuery } from '../forms/catalogue-forms';
import { FormPage, FormPageOptions } from '../forms/form-page';
import { BidForm } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { TenderingViewLocals } from '../view/tendering-locals';
import { formatMoney } from '../view/labels';
import { pagination } from '../view/pagination';
import { BID_STATUS_TAGS, REQUIREMENT_STATUS_TAGS, amountValue, criteriaOf, criterionName, preciseTime, recordedBandName, requirementRow } from '../view/tendering-view';

const CURRENCY_SYMBOLS: Record<string, string> = { GBP: '£', EUR: '€', USD: 'US$' };

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Criterion id → answer, from the form's parallel lists; blank answers are left out. */
function answersOf(criterionIds: unknown, answers: unknown): Record<string, string> {
  const ids = list(criterionIds);
  const texts = list(answers);
  if (ids.length !== texts.length) {
    throw DomainError.validation('WEB.INVALID_BID_FORM', [{ field: 'price', message: 'Your answers could not be read. Reload the page and try again.' }]);
  }
  return Object.fromEntries(ids.map((id, i) => [id, texts[i].trim()]).filter(([, text]) => text));
}

const FORM: FormPageOptions<SupplierBidsController> = {
  view: 'opportunities/bid',
  model: (c, req) => c.model(req.user as AuthUser, String(req.params.requirementId), req.body as Record<string, unknown>),
  fallbackField: 'price',
};

/**
 * A supplier's bid on a requirement: answer each criterion and give a price,
 * save a draft, submit (the receipt holds the database time of receipt and
 * the SHA-256 digest of what was submitted), withdraw and submit again while
 * the requirement is open. Only the supplier's own bid is ever shown here.
 */
@Roles('supplier_admin', 'supplier_user')
@UseInterceptors(TenderingViewLocals)
@Controller('opportunities/:requirementId/bid')
export class SupplierBidsController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly bids: BidsService,
  ) {}

  private async ownBid(user: AuthUser, id: string): Promise<BidView | null> {
    try {
      return await this.bids.own(user, id);
    } catch (e) {
      if (isDomainError(e) && e.kind === 'not_found') return null;
      throw e;
    }
  }

  /** The bid page. `source` is what was submitted when it is shown again with errors. */
  async model(user: AuthUser, id: string, source?: Record<string, unknown>) {
    const r = await this.requirements.get(user, id);
    const bid = await this.ownBid(user, id);
    const { essential, nice } = criteriaOf(r);
    let answers: Record<string, string> = bid?.answers ?? {};
    if (source) {
      const ids = list(source.criterionIds);
      const texts = list(source.answers);
      answers = Object.fromEntries(ids.map((cid, i) => [cid, texts[i] ?? '']));
    }
    const live = r.status === 'published';
    const submitted = bid?.status === 'submitted';
    return {
      pageTitle: `Your bid for ${r.title}`,
      requirement: requirementRow(r),
      criteria: [...essential, ...nice].map((c) => ({ ...c, name: criterionName(c), answer: answers[c.id] ?? '' })),
      bid,
      statusTag: BID_STATUS_TAGS[bid?.status ?? 'none'],
      priceText: bid?.price ? formatMoney(bid.price, r.currency) : 'Not given',
      currencySymbol: CURRENCY_SYMBOLS[r.currency] ?? '',
      live,
      editable: live && !submitted,
      canWithdraw: live && submitted,
      verified: user.organisationStatus === 'verified',
      values: { price: amountValue(bid?.price) },
    };
  }

  @Get()
  @Render('opportunities/bid')
  page(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.model(user, id);
  }

  /** Saves a draft (a withdrawn bid becomes a draft again). */
  @Post()
  @Redirect('/opportunities', 303)
  @FormPage(FORM)
  async save(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: BidForm, @ReqMeta() meta: RequestMeta) {
    await this.bids.save(user, id, { answers: answersOf(form.criterionIds, form.answers), price: form.price ?? null }, meta);
    setFlash(req, { heading: 'Your draft bid has been saved', text: 'Nobody else can read it. Submit it before the closing time.' });
    return { url: `/opportunities/${id}/bid` };
  }

  /** Saves and submits: the receipt page shows the time of receipt and the digest. */
  @Post('submit')
  @Redirect('/opportunities', 303)
  @FormPage(FORM)
  async submit(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: BidForm, @ReqMeta() meta: RequestMeta) {
    await this.bids.submit(user, id, meta, { answers: answersOf(form.criterionIds, form.answers), price: form.price ?? null });
    // The receipt page's panel says it was received: no banner as well.
    return { url: `/opportunities/${id}/bid/receipt` };
  }

  /** Withdraws the submitted bid while the requirement is open; it can be changed and submitted again. */
  @Post('withdraw')
  @Redirect('/opportunities', 303)
  @FormPage<SupplierBidsController>({ view: 'opportunities/bid', model: (c, req) => c.model(req.user as AuthUser, String(req.params.requirementId)) })
  async withdraw(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    await this.bids.withdraw(user, id, meta);
    setFlash(req, { heading: 'Your bid has been withdrawn', text: 'You can change it and submit it again before the closing time.' });
    return { url: `/opportunities/${id}/bid` };
  }

  /** The receipt of the submitted bid. */
  @Get('receipt')
  @Render('opportunities/receipt')
  async receipt(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    const r = await this.requirements.get(user, id);
    const bid = await this.bids.own(user, id);
    if (!bid.receipt) throw DomainError.notFound('WEB.NO_RECEIPT', 'Your bid has not been submitted, so there is no receipt.');
    return {
      pageTitle: 'Bid receipt',
      requirement: requirementRow(r),
      bid,
      receipt: bid.receipt,
      receivedText: preciseTime(bid.receipt.receivedAt),
      bandName: recordedBandName(bid.receipt.sizeBand),
      priceText: formatMoney(bid.price, r.currency),
      digestContent: bidDigestContent({ requirementId: id, organisationId: bid.organisationId, answers: bid.answers, price: bid.price ?? '', currency: bid.currency }),
    };
  }
}

/**
 * The supplier organisation's bids on every requirement, most recently
 * changed first: each requirement's state and closing time, the bid's state
 * and, once submitted, its receipt. Each links to the bid's page.
 */
@Roles('supplier_admin', 'supplier_user')
@UseInterceptors(TenderingViewLocals)
@Controller('supplier/bids')
export class SupplierOwnBidsController {
  constructor(private readonly bids: BidsService) {}

  @Get()
  @Render('supplier/bids')
  async page(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const result = await this.bids.listOwn(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    return {
      pageTitle: 'Your bids',
      bids: result.items.map((b) => ({
        ...b,
        requirementTag: REQUIREMENT_STATUS_TAGS[b.requirementStatus] ?? { text: b.requirementStatus, classes: 'govuk-tag--grey' },
        statusTag: BID_STATUS_TAGS[b.status] ?? { text: b.status, classes: 'govuk-tag--grey' },
        priceText: b.price ? formatMoney(b.price, b.currency) : 'Not given',
        receivedText: b.status === 'submitted' && b.receipt ? preciseTime(b.receipt.receivedAt) : null,
      })),
      total: result.total,
      pagination: pagination(result, page, (p) => `/supplier/bids?page=${p}`),
    };
  }
}
