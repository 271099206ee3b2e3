import { Body, Controller, Get, Post, Query, Redirect, Render, Req, UseInterceptors } from '@nestjs/common';
import { FrameworksService } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles, hasRole } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE, FieldError, isDomainError } from '@app/shared';
import { BidView, BidsService, EvaluationService, QuestionsService, RequirementsService } from '@app/tendering';
import { FormPage, toFormErrors } from '../forms/form-page';
import { OpportunitiesQuery, QuestionForm, dateOf, dateProblem } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { queryString, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';
import { TenderingViewLocals } from '../view/tendering-locals';
import { BID_BANDS, BID_STATUS_TAGS, criteriaOf, londonToUtc, recordedBandName, requirementLots, requirementRow } from '../view/tendering-view';

const isSupplier = (u: AuthUser | null | undefined): u is AuthUser => !!u && u.organisationKind === 'supplier' && hasRole(u, 'supplier_admin', 'supplier_user');

/** States after the closing time, when bid counts are public. */
const AFTER_CLOSING = ['closed', 'awarded', 'cancelled', 'unsuccessful'];

/** The instant a `YYYY-MM-DD` London day starts, optionally a day later. */
function dayStart(iso: string, plusDays = 0): string {
  const [y, m, d] = iso.split('-').map(Number);
  return londonToUtc(y, m, d + plusDays).toISOString();
}

/**
 * Requirements published by buyers, for everyone: the list of live ones with
 * filters, and each requirement's page with its criteria, published answers,
 * bid counts after closing and the contract once awarded. Suppliers ask
 * clarification questions here.
 */
@UseInterceptors(TenderingViewLocals)
@Controller('opportunities')
export class OpportunitiesController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly questions: QuestionsService,
    private readonly bids: BidsService,
    private readonly evaluation: EvaluationService,
    private readonly frameworks: FrameworksService,
  ) {}

  /** Live requirements, soonest closing first, with the filters. Dates typed that are not dates are shown as errors beside them. */
  @Public()
  @Get()
  @Render('opportunities/list')
  async list(@Query() query: OpportunitiesQuery) {
    const q = query as unknown as Record<string, unknown>;
    const page = query.page ?? 1;
    const errors: FieldError[] = [];
    const day = (prefix: string, label: string) => {
      const problem = dateProblem(q, prefix, label, null);
      if (problem) errors.push({ field: `${prefix}-day`, message: problem });
      return problem ? null : dateOf(q, prefix);
    };
    const from = day('closingFrom', 'Closing from');
    const by = day('closingBy', 'Closing by');
    const location = typeof query.location === 'string' ? query.location.trim().slice(0, 100) : '';
    const [result, tree] = await Promise.all([
      this.requirements.list({
        lotId: query.lotId,
        categoryId: query.categoryId,
        location: location || undefined,
        closingAfter: from ? dayStart(from) : undefined,
        closingBefore: by ? dayStart(by, 1) : undefined,
        state: 'open',
        limit: DEFAULT_PAGE_SIZE,
        offset: (page - 1) * DEFAULT_PAGE_SIZE,
      }),
      this.frameworks.tree(),
    ]);
    const typed = Object.fromEntries(
      ['lotId', 'categoryId', 'location', 'closingFrom-day', 'closingFrom-month', 'closingFrom-year', 'closingBy-day', 'closingBy-month', 'closingBy-year'].map((k) => [
        k,
        typeof q[k] === 'string' ? (q[k] as string).trim() : undefined,
      ]),
    );
    const qs = queryString(typed);
    const { errorList, fieldErrors } = errors.length ? toFormErrors(errors, '', {}) : { errorList: [], fieldErrors: {} };
    return {
      pageTitle: 'Opportunities',
      query: typed,
      total: result.total,
      items: result.items.map(requirementRow),
      lotItems: [
        { value: '', text: 'Any lot', selected: !query.lotId },
        ...requirementLots(tree).map((l) => ({ value: l.id, text: `${l.frameworkName}: ${l.name}`, selected: l.id === query.lotId })),
      ],
      // Each requirement lot's categories, named with their lot (a select cannot group them).
      categoryItems: [
        { value: '', text: 'Any category', selected: !query.categoryId },
        ...requirementLots(tree).flatMap((l) => l.categories.map((c) => ({ value: c.id, text: `${l.name}: ${c.name}`, selected: c.id === query.categoryId }))),
      ],
      filtered: !!(query.lotId || query.categoryId || location || from || by),
      pagination: pagination(result, page, (p) => `/opportunities?${qs ? `${qs}&` : ''}page=${p}`),
      errorList,
      fieldErrors,
    };
  }

  async pageModel(user: AuthUser | null | undefined, id: string) {
    const r = await this.requirements.get(user ?? null, id);
    const afterClosing = AFTER_CLOSING.includes(r.status);
    const supplier = isSupplier(user);
    const [questions, counts, contracts, ownBid] = await Promise.all([
      this.questions.list(user ?? null, id),
      afterClosing ? this.bids.counts(id).catch((e: unknown) => (isDomainError(e) ? null : Promise.reject(e))) : Promise.resolve(null),
      r.status === 'awarded' ? this.evaluation.contracts({ requirementId: id, limit: 1, offset: 0 }) : Promise.resolve(null),
      supplier ? this.bids.own(user, id).catch((e: unknown) => (isDomainError(e) && e.kind === 'not_found' ? null : Promise.reject(e))) : Promise.resolve(null),
    ]);
    const bid = ownBid as BidView | null;
    return {
      pageTitle: r.title,
      requirement: requirementRow(r),
      criteria: criteriaOf(r),
      // The buyer sees its unanswered questions on its own Q&A page; here only published answers, and a supplier's own questions.
      questions: questions.filter((q) => q.publishedAt || q.askedByYou),
      questionsOpen: r.status === 'published' && Date.parse(r.questionsCloseAt) > Date.now(),
      counts: counts && {
        ...counts,
        rows: BID_BANDS.filter((b) => counts.bySizeBand[b]).map((b) => ({ band: recordedBandName(b), tag: sizeTag(b), count: counts.bySizeBand[b] })),
      },
      contract: contracts?.items[0] ?? null,
      isSupplier: supplier,
      isOwnBuyer: !!user && user.organisationId === r.organisationId,
      bid: bid && { ...bid, statusTag: BID_STATUS_TAGS[bid.status] },
      verified: user?.organisationStatus === 'verified',
    };
  }

  /** A requirement's page: anything but a draft, for everyone (a draft only for its buyer). */
  @Public()
  @Get(':requirementId')
  @Render('opportunities/requirement')
  page(@Req() req: WebRequest, @UuidParam('requirementId') id: string) {
    return this.pageModel(req.user, id);
  }

  /** Suppliers ask a clarification question; the buyer never learns who asked, and the answer is published to everyone. */
  @Roles('supplier_admin', 'supplier_user')
  @Post(':requirementId/questions')
  @Redirect('/opportunities', 303)
  @FormPage<OpportunitiesController>({ view: 'opportunities/requirement', model: (c, req) => c.pageModel(req.user, String(req.params.requirementId)), fallbackField: 'text' })
  async ask(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: QuestionForm, @ReqMeta() meta: RequestMeta) {
    await this.questions.ask(user, id, form.text, meta);
    setFlash(req, {
      heading: 'Your question has been sent to the buyer',
      text: 'The answer will be published on this page for every supplier to read, without saying who asked.',
    });
    return { url: `/opportunities/${id}#questions` };
  }
}
