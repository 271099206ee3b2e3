import { Body, Controller, Get, Post, Query, Redirect, Render, Req, UseInterceptors } from '@nestjs/common';
import { FrameworksService } from '@app/catalogue';
import { AuthUser, CurrentUser, OrganisationsService, RequestMeta, ReqMeta, Roles, hasRole } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE, DomainError, MAX_PAGE_SIZE, isDomainError } from '@app/shared';
import { BidsService, EvaluationService, FINAL_STATUSES, QuestionsService, REQUIREMENT_CURRENCIES, RequirementInput, RequirementView, RequirementsService } from '@app/tendering';
import { PageQuery, linesOf } from '../forms/catalogue-forms';
import { FormRerender } from '../forms/form-errors.interceptor';
import { FormPage, FormPageOptions, redisplayValues, toFormErrors } from '../forms/form-page';
import { AnswerForm, AssignmentForm, ClosingTimeForm, ReasonForm, RequirementForm, dateOf, instantOf } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';
import { TenderingViewLocals } from '../view/tendering-locals';
import {
  BID_BANDS,
  amountValue,
  criteriaOf,
  dateTimeValues,
  dateValues,
  formatDateTime,
  recordedBandName,
  requirementLots,
  requirementRow,
} from '../view/tendering-view';

const BUYERS = ['buyer_admin', 'buyer_user'] as const;
/** States after the closing time. */
const AFTER_CLOSING = ['closed', 'awarded', 'cancelled', 'unsuccessful'];

/** Service field paths → the form's inputs (a date and time group's error goes on its day field). */
export const REQUIREMENT_FIELDS = {
  fields: { questionsCloseAt: 'questionsCloseAt-day', closesAt: 'closesAt-day', contractStart: 'contractStart-day' },
  fallbackField: 'title',
};

function formValues(r: RequirementView): Record<string, string> {
  const { essential, nice } = criteriaOf(r);
  return {
    title: r.title,
    summary: r.summary,
    problemStatement: r.problemStatement ?? '',
    description: r.description,
    lotId: r.lotId,
    categoryId: r.categoryId ?? '',
    location: r.location,
    budgetMin: amountValue(r.budgetMin),
    budgetMax: amountValue(r.budgetMax),
    currency: r.currency,
    contractLengthMonths: r.contractLengthMonths === null ? '' : String(r.contractLengthMonths),
    ...dateValues('contractStart', r.contractStart),
    essentialCriteria: essential.map((c) => c.text).join('\n'),
    niceToHaveCriteria: nice.map((c) => c.text).join('\n'),
    technicalWeight: String(r.technicalWeight),
    priceWeight: String(r.priceWeight),
    ...dateTimeValues('questionsCloseAt', r.questionsCloseAt),
    ...dateTimeValues('closesAt', r.closesAt),
  };
}

function toInput(form: RequirementForm): RequirementInput {
  const o = form as unknown as Record<string, unknown>;
  return {
    title: form.title,
    summary: form.summary,
    problemStatement: form.problemStatement ?? null,
    description: form.description,
    lotId: form.lotId,
    categoryId: form.categoryId ?? null,
    location: form.location,
    budgetMin: form.budgetMin ?? null,
    budgetMax: form.budgetMax ?? null,
    currency: form.currency,
    contractLengthMonths: form.contractLengthMonths ? Number(form.contractLengthMonths) : null,
    contractStart: dateOf(o, 'contractStart'),
    essentialCriteria: linesOf(form.essentialCriteria),
    niceToHaveCriteria: linesOf(form.niceToHaveCriteria),
    technicalWeight: Number(form.technicalWeight),
    priceWeight: Number(form.priceWeight),
    questionsCloseAt: instantOf(o, 'questionsCloseAt'),
    closesAt: instantOf(o, 'closesAt'),
  };
}

type ReasonAction = 'withdraw' | 'cancel' | 'mark-unsuccessful';

const REASON_ACTIONS: Record<ReasonAction, { heading: string; intro: string; hint: string; button: string; done: string }> = {
  withdraw: {
    heading: 'Withdraw this requirement',
    intro: 'Suppliers can no longer ask questions or bid, and no bid is ever opened. You cannot undo this.',
    hint: 'Suppliers see this reason on the requirement’s page.',
    button: 'Withdraw requirement',
    done: 'has been withdrawn',
  },
  cancel: {
    heading: 'Cancel this requirement',
    intro: 'No contract will be awarded. The bids received stay sealed from everyone but the people assigned to it. You cannot undo this.',
    hint: 'Suppliers see this reason on the requirement’s page.',
    button: 'Cancel requirement',
    done: 'has been cancelled',
  },
  'mark-unsuccessful': {
    heading: 'Mark this requirement unsuccessful',
    intro: 'Use this when no bid was suitable. No contract will be awarded. You cannot undo this.',
    hint: 'Suppliers see this reason on the requirement’s page.',
    button: 'Mark unsuccessful',
    done: 'has been marked unsuccessful',
  },
};

const reasonForm = (action: ReasonAction): FormPageOptions<BuyerRequirementsController> => ({
  view: 'buyer/requirement-action',
  model: (c, req) => c.reasonModel(req.user as AuthUser, String(req.params.requirementId), action),
  fallbackField: 'reason',
});

const overviewForm: FormPageOptions<BuyerRequirementsController> = {
  view: 'buyer/requirement',
  model: (c, req) => c.overviewModel(req.user as AuthUser, String(req.params.requirementId)),
  fallbackField: 'userId',
};

/**
 * A buyer organisation's requirements: the dashboard, the requirement form
 * (drafts), publishing (the publish checks' failures shown on the form),
 * withdrawing, cancelling or marking unsuccessful with a reason, changing the
 * closing time (buyer admins), assigning its users, and answering questions.
 * Evaluators see the requirements they may be assigned to. Every rule is the
 * services'; another organisation's requirement is "not found" here.
 */
@Roles('buyer_admin', 'buyer_user', 'evaluator')
@UseInterceptors(TenderingViewLocals)
@Controller('buyer/requirements')
export class BuyerRequirementsController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly questions: QuestionsService,
    private readonly bids: BidsService,
    private readonly evaluation: EvaluationService,
    private readonly frameworks: FrameworksService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The organisation's own requirement in any state; anyone else's is not found. */
  async own(user: AuthUser, id: string): Promise<RequirementView> {
    const r = await this.requirements.get(user, id);
    if (r.organisationId !== user.organisationId) throw DomainError.notFound('TENDERING.REQUIREMENT_NOT_FOUND', 'No such requirement.');
    return r;
  }

  @Get()
  @Render('buyer/requirements')
  async dashboard(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const result = await this.requirements.listOwn(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    return {
      pageTitle: 'Your requirements',
      requirements: result.items.map(requirementRow),
      total: result.total,
      pagination: pagination(result, page, (p) => `/buyer/requirements?page=${p}`),
      canCreate: hasRole(user, ...BUYERS),
    };
  }

  /** The new/edit form; `source` is what was submitted, when it is shown again with errors. */
  async formModel(user: AuthUser, id: string | null, source?: Record<string, unknown>) {
    const r = id ? await this.own(user, id) : null;
    const values: Record<string, unknown> = source ?? (r ? formValues(r) : { currency: 'GBP', technicalWeight: '60', priceWeight: '40', 'questionsCloseAt-time': '17:00', 'closesAt-time': '12:00' });
    const tree = await this.frameworks.tree();
    const lots = requirementLots(tree, true);
    if (r && !lots.some((l) => l.id === r.lotId)) {
      const current = requirementLots(tree).find((l) => l.id === r.lotId);
      if (current) lots.push(current);
    }
    return {
      pageTitle: r ? `Edit ${r.title}` : 'Post a requirement',
      requirement: r,
      action: r ? `/buyer/requirements/${r.id}/edit` : '/buyer/requirements',
      lotItems: [{ value: '', text: 'Select a lot' }, ...lots.map((l) => ({ value: l.id, text: `${l.frameworkName}: ${l.name}`, selected: l.id === values.lotId }))],
      categoryItems: [
        { value: '', text: 'No category' },
        ...lots.flatMap((l) => l.categories.map((c) => ({ value: c.id, text: `${l.name}: ${c.name}`, selected: c.id === values.categoryId }))),
      ],
      currencyItems: REQUIREMENT_CURRENCIES.map((c) => ({ value: c, text: c, selected: (values.currency ?? 'GBP') === c })),
      values,
    };
  }

  @Roles(...BUYERS)
  @Get('new')
  @Render('buyer/requirement-form')
  newPage(@CurrentUser() user: AuthUser) {
    return this.formModel(user, null);
  }

  /** Starts a draft; its author leads it. */
  @Roles(...BUYERS)
  @Post()
  @Redirect('/buyer/requirements', 303)
  @FormPage<BuyerRequirementsController>({ view: 'buyer/requirement-form', model: (c, req) => c.formModel(req.user as AuthUser, null, redisplayValues(req.body)), ...REQUIREMENT_FIELDS })
  async create(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: RequirementForm, @ReqMeta() meta: RequestMeta) {
    const r = await this.requirements.create(user, toInput(form), meta);
    setFlash(req, { heading: 'Your requirement has been saved as a draft', text: 'Only your organisation can see it. Publish it when it is ready.' });
    return { url: `/buyer/requirements/${r.id}` };
  }

  async overviewModel(user: AuthUser, id: string) {
    const r = await this.own(user, id);
    const admin = hasRole(user, 'buyer_admin');
    const staff = hasRole(user, ...BUYERS);
    const afterClosing = AFTER_CLOSING.includes(r.status);
    const [assignments, questions, counts, members, contracts, roles] = await Promise.all([
      this.requirements.assignments(user, id),
      this.questions.list(user, id),
      afterClosing ? this.bids.counts(id).catch((e: unknown) => (isDomainError(e) ? null : Promise.reject(e))) : Promise.resolve(null),
      admin ? this.organisations.members(user, user.organisationId, { limit: MAX_PAGE_SIZE, offset: 0 }) : Promise.resolve(null),
      r.status === 'awarded' ? this.evaluation.contracts({ requirementId: id, limit: 1, offset: 0 }) : Promise.resolve(null),
      this.requirements.rolesOn(id, user.userId),
    ]);
    const final = (FINAL_STATUSES as readonly string[]).includes(r.status);
    const assignable = (members?.items ?? []).filter((m) => m.status === 'active' && m.roles.some((x) => ['evaluator', 'buyer_admin', 'buyer_user'].includes(x)));
    const ROLE_NAMES = { lead: 'Lead', evaluator: 'Evaluator' };
    return {
      pageTitle: r.title,
      requirement: requirementRow(r),
      criteria: criteriaOf(r),
      assignments: assignments.map((a) => ({ ...a, roleName: ROLE_NAMES[a.role] })),
      unanswered: questions.filter((q) => !q.publishedAt).length,
      answered: questions.filter((q) => q.publishedAt).length,
      counts: counts && {
        ...counts,
        rows: BID_BANDS.filter((b) => counts.bySizeBand[b]).map((b) => ({ band: recordedBandName(b), tag: sizeTag(b), count: counts.bySizeBand[b] })),
      },
      contract: contracts?.items[0] ?? null,
      myRoles: roles,
      canEdit: staff && r.status === 'draft',
      canPublish: staff && r.status === 'draft',
      canWithdraw: staff && r.status === 'published',
      canChangeClosingTime: admin && r.status === 'published',
      canConclude: staff && r.status === 'closed',
      canAssign: admin && !final,
      canAnswer: staff && r.status !== 'draft' && r.status !== 'withdrawn',
      afterClosing,
      userItems: [{ value: '', text: 'Select a person' }, ...assignable.map((m) => ({ value: m.id, text: `${m.fullName} (${m.email})` }))],
    };
  }

  @Get(':requirementId')
  @Render('buyer/requirement')
  overview(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.overviewModel(user, id);
  }

  @Roles(...BUYERS)
  @Get(':requirementId/edit')
  @Render('buyer/requirement-form')
  editPage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.formModel(user, id);
  }

  /** Saves the draft; "Save and publish" then publishes it (the publish checks' failures are shown on the form, the changes kept). */
  @Roles(...BUYERS)
  @Post(':requirementId/edit')
  @Redirect('/buyer/requirements', 303)
  @FormPage<BuyerRequirementsController>({
    view: 'buyer/requirement-form',
    model: (c, req) => c.formModel(req.user as AuthUser, String(req.params.requirementId), redisplayValues(req.body)),
    ...REQUIREMENT_FIELDS,
  })
  async edit(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: RequirementForm, @ReqMeta() meta: RequestMeta) {
    await this.requirements.update(user, id, toInput(form), meta);
    if (form.then === 'publish') {
      await this.publishOrShowProblems(user, id, meta, redisplayValues(req.body));
      setFlash(req, { heading: 'Your requirement has been published', text: 'Suppliers can now read it, ask questions and bid.' });
    } else {
      setFlash(req, { heading: 'Your changes have been saved' });
    }
    return { url: `/buyer/requirements/${id}` };
  }

  /**
   * Publishes, or shows the form with the publish checks' failures, each on
   * its field. `typed` is the form as just saved (else the draft's values).
   */
  private async publishOrShowProblems(user: AuthUser, id: string, meta: RequestMeta, typed?: Record<string, unknown>): Promise<void> {
    try {
      await this.requirements.publish(user, id, meta);
    } catch (e) {
      if (!isDomainError(e) || e.kind !== 'validation') throw e;
      const model = await this.formModel(user, id, typed);
      throw new FormRerender('buyer/requirement-form', 400, { ...model, ...toFormErrors(e.fieldErrors, e.message, REQUIREMENT_FIELDS), publishRefused: true, saved: !!typed });
    }
  }

  @Roles(...BUYERS)
  @Post(':requirementId/publish')
  @Redirect('/buyer/requirements', 303)
  async publish(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @ReqMeta() meta: RequestMeta) {
    await this.publishOrShowProblems(user, id, meta);
    setFlash(req, { heading: 'Your requirement has been published', text: 'Suppliers can now read it, ask questions and bid.' });
    return { url: `/buyer/requirements/${id}` };
  }

  async reasonModel(user: AuthUser, id: string, action: ReasonAction) {
    const r = await this.own(user, id);
    const a = REASON_ACTIONS[action];
    return { pageTitle: a.heading, requirement: requirementRow(r), action, text: a, formAction: `/buyer/requirements/${id}/${action}` };
  }

  private async act(req: WebRequest, user: AuthUser, id: string, action: ReasonAction, reason: string, meta: RequestMeta) {
    const r = await this.requirements.act(user, id, action, reason, meta);
    setFlash(req, { heading: `${r.title} ${REASON_ACTIONS[action].done}` });
    return { url: `/buyer/requirements/${id}` };
  }

  @Roles(...BUYERS)
  @Get(':requirementId/withdraw')
  @Render('buyer/requirement-action')
  withdrawPage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.reasonModel(user, id, 'withdraw');
  }

  @Roles(...BUYERS)
  @Post(':requirementId/withdraw')
  @Redirect('/buyer/requirements', 303)
  @FormPage(reasonForm('withdraw'))
  withdraw(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: ReasonForm, @ReqMeta() meta: RequestMeta) {
    return this.act(req, user, id, 'withdraw', form.reason, meta);
  }

  @Roles(...BUYERS)
  @Get(':requirementId/cancel')
  @Render('buyer/requirement-action')
  cancelPage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.reasonModel(user, id, 'cancel');
  }

  @Roles(...BUYERS)
  @Post(':requirementId/cancel')
  @Redirect('/buyer/requirements', 303)
  @FormPage(reasonForm('cancel'))
  cancel(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: ReasonForm, @ReqMeta() meta: RequestMeta) {
    return this.act(req, user, id, 'cancel', form.reason, meta);
  }

  @Roles(...BUYERS)
  @Get(':requirementId/mark-unsuccessful')
  @Render('buyer/requirement-action')
  unsuccessfulPage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.reasonModel(user, id, 'mark-unsuccessful');
  }

  @Roles(...BUYERS)
  @Post(':requirementId/mark-unsuccessful')
  @Redirect('/buyer/requirements', 303)
  @FormPage(reasonForm('mark-unsuccessful'))
  unsuccessful(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: ReasonForm, @ReqMeta() meta: RequestMeta) {
    return this.act(req, user, id, 'mark-unsuccessful', form.reason, meta);
  }

  async closingTimeModel(user: AuthUser, id: string) {
    const r = await this.own(user, id);
    return { pageTitle: 'Change the closing time', requirement: requirementRow(r), values: dateTimeValues('closesAt', r.closesAt) };
  }

  /** Buyer admins, while the requirement is open (the service refuses, and records, anyone else's attempt). */
  @Roles(...BUYERS)
  @Get(':requirementId/closing-time')
  @Render('buyer/closing-time')
  closingTimePage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.closingTimeModel(user, id);
  }

  @Roles(...BUYERS)
  @Post(':requirementId/closing-time')
  @Redirect('/buyer/requirements', 303)
  @FormPage<BuyerRequirementsController>({
    view: 'buyer/closing-time',
    model: (c, req) => c.closingTimeModel(req.user as AuthUser, String(req.params.requirementId)),
    fields: { closesAt: 'closesAt-day' },
    fallbackField: 'closesAt-day',
  })
  async changeClosingTime(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: ClosingTimeForm, @ReqMeta() meta: RequestMeta) {
    const r = await this.requirements.changeClosingTime(user, id, instantOf(form as unknown as Record<string, unknown>, 'closesAt'), meta);
    setFlash(req, { heading: 'The closing time has been changed', text: `${r.title} now closes at ${formatDateTime(r.closesAt)}.` });
    return { url: `/buyer/requirements/${id}` };
  }

  /** Buyer admins assign users of their organisation to evaluate or lead. */
  @Roles(...BUYERS)
  @Post(':requirementId/assignments')
  @Redirect('/buyer/requirements', 303)
  @FormPage(overviewForm)
  async assign(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: AssignmentForm, @ReqMeta() meta: RequestMeta) {
    const assignments = await this.requirements.assign(user, id, form.userId, form.role, meta);
    const who = assignments.find((a) => a.userId === form.userId);
    setFlash(req, { heading: `${who?.fullName ?? 'They'} ${form.role === 'lead' ? 'now leads this requirement' : 'can now evaluate the bids'}` });
    return { url: `/buyer/requirements/${id}#team` };
  }

  async questionsModel(user: AuthUser, id: string, erroredQuestionId?: string) {
    const r = await this.own(user, id);
    const questions = await this.questions.list(user, id);
    return {
      pageTitle: `Questions about ${r.title}`,
      requirement: requirementRow(r),
      unanswered: questions.filter((q) => !q.publishedAt),
      answered: questions.filter((q) => q.publishedAt),
      canAnswer: hasRole(user, ...BUYERS) && r.status !== 'draft' && r.status !== 'withdrawn',
      erroredQuestionId,
    };
  }

  /** Suppliers' questions (never who asked); answering publishes the answer to everyone. */
  @Get(':requirementId/questions')
  @Render('buyer/questions')
  questionsPage(@CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.questionsModel(user, id);
  }

  @Roles(...BUYERS)
  @Post(':requirementId/questions/:questionId/answer')
  @Redirect('/buyer/requirements', 303)
  @FormPage<BuyerRequirementsController>({
    view: 'buyer/questions',
    model: (c, req) => c.questionsModel(req.user as AuthUser, String(req.params.requirementId), String(req.params.questionId)),
    fallbackField: 'answer',
  })
  async answer(
    @Req() req: WebRequest,
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('questionId') questionId: string,
    @Body() form: AnswerForm,
    @ReqMeta() meta: RequestMeta,
  ) {
    await this.questions.answer(user, id, questionId, form.answer, meta);
    setFlash(req, { heading: 'Your answer has been published', text: 'Every supplier can read it on the requirement’s page. Who asked is never shown.' });
    return { url: `/buyer/requirements/${id}/questions` };
  }
}
