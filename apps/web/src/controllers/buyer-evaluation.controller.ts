import { Body, Controller, Get, Inject, Post, Redirect, Render, Req, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AuthUser, AuthedRequest, CurrentUser, RequestMeta, ReqMeta, Roles, requestMeta } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DomainError, FieldError, isDomainError } from '@app/shared';
import { BIDS_SEALED, BidsService, EvaluationService, RequirementView, RequirementsService } from '@app/tendering';
import { FormRerender } from '../forms/form-errors.interceptor';
import { FormPage, FormPageOptions } from '../forms/form-page';
import { AwardForm, ScoresForm, ShortlistBidForm, dateOf } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { TenderingViewLocals } from '../view/tendering-locals';
import { formatMoney, sizeTag } from '../view/labels';
import { criteriaOf, criterionName, formatDateTime, recordedBandName, requirementRow } from '../view/tendering-view';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const meta = (req: WebRequest) => requestMeta(req as unknown as AuthedRequest);
const score = (n: number | null) => (n === null ? 'Not scored' : n.toFixed(2));

const evaluationForm = (fields: Record<string, string> = {}, fallbackField?: string): FormPageOptions<BuyerEvaluationController> => ({
  view: 'buyer/evaluation',
  model: (c, req) => c.evaluationModel(req.user as AuthUser, String(req.params.requirementId), meta(req)),
  fields,
  fallbackField,
});

/**
 * Evaluation after the closing time, for the users assigned to the
 * requirement: each submitted bid's answers per criterion, evaluators' scores
 * (0 to the scale's maximum, with comments), the weighted totals, the
 * shortlist, and the award (the lead). Before the closing time the service
 * refuses every read of bids, and this page says they are sealed.
 */
@Roles('buyer_admin', 'buyer_user', 'evaluator')
@UseInterceptors(TenderingViewLocals)
@Controller('buyer/requirements/:requirementId')
export class BuyerEvaluationController {
  constructor(
    private readonly requirements: RequirementsService,
    private readonly bids: BidsService,
    private readonly evaluation: EvaluationService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private async own(user: AuthUser, id: string): Promise<RequirementView> {
    const r = await this.requirements.get(user, id);
    if (r.organisationId !== user.organisationId) throw DomainError.notFound('TENDERING.REQUIREMENT_NOT_FOUND', 'No such requirement.');
    return r;
  }

  /** Runs a read of bids; the service's "sealed" refusal becomes the sealed page (403), nothing of any bid on it. */
  private async unsealed<T>(r: RequirementView, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (isDomainError(e) && e.code === BIDS_SEALED) {
        throw new FormRerender('buyer/bids-sealed', 403, { pageTitle: 'Bids are sealed', requirement: requirementRow(r), closesText: formatDateTime(r.closesAt) });
      }
      throw e;
    }
  }

  async evaluationModel(user: AuthUser, id: string, m: RequestMeta) {
    const r = await this.own(user, id);
    const ev = await this.unsealed(r, () => this.evaluation.evaluation(user, id, m));
    const [roles, contracts] = await Promise.all([
      this.requirements.rolesOn(id, user.userId),
      r.status === 'awarded' ? this.evaluation.contracts({ requirementId: id, limit: 1, offset: 0 }) : Promise.resolve(null),
    ]);
    const open = r.status === 'closed';
    const lead = roles.includes('lead');
    const evaluator = roles.includes('evaluator');
    const criteriaCount = ev.criteria.length;
    return {
      pageTitle: `Evaluate bids for ${r.title}`,
      requirement: requirementRow(r),
      evaluation: ev,
      rows: ev.bids.map((b) => ({
        ...b,
        sizeTag: sizeTag(b.sizeBand),
        bandName: recordedBandName(b.sizeBand),
        priceText: formatMoney(b.price, r.currency),
        technicalText: score(b.technicalScore),
        priceScoreText: score(b.priceScore),
        totalText: score(b.total),
        myScored: Object.keys(ev.myScores[b.bidId] ?? {}).length,
      })),
      criteriaCount,
      isLead: lead,
      isEvaluator: evaluator,
      canScore: evaluator && open,
      canShortlist: lead && open,
      canAward: lead && open,
      contract: contracts?.items[0] ?? null,
      awardItems: ev.bids.map((b) => ({ value: b.bidId, text: `${b.supplierName} (${formatMoney(b.price, r.currency)})`, hint: { text: b.complete ? `Total ${score(b.total)}` : 'Not yet scored by every evaluator on every criterion' } })),
    };
  }

  @Get('evaluation')
  @Render('buyer/evaluation')
  page(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string) {
    return this.evaluationModel(user, id, meta(req));
  }

  /** One bid: its answers per criterion and, for evaluators, the score form. `source` is the form as submitted, when shown again. */
  async bidModel(user: AuthUser, id: string, bidId: string, m: RequestMeta, source?: Record<string, unknown>) {
    const r = await this.own(user, id);
    const bid = await this.unsealed(r, () => this.bids.get(user, id, bidId, m));
    const ev = await this.evaluation.evaluation(user, id, m);
    const roles = await this.requirements.rolesOn(id, user.userId);
    const total = ev.bids.find((b) => b.bidId === bidId);
    const mine = ev.myScores[bidId] ?? {};
    const typed = new Map<string, { score: string; comment: string }>();
    if (source) {
      const ids = list(source.criterionIds);
      const scores = list(source.scores);
      const comments = list(source.comments);
      ids.forEach((cid, i) => typed.set(cid, { score: scores[i] ?? '', comment: comments[i] ?? '' }));
    }
    return {
      pageTitle: `Bid from ${bid.supplierName}`,
      requirement: requirementRow(r),
      bid,
      bandName: recordedBandName(bid.sizeBand),
      sizeTag: sizeTag(bid.sizeBand),
      priceText: formatMoney(bid.price, r.currency),
      total: total && { ...total, technicalText: score(total.technicalScore), priceScoreText: score(total.priceScore), totalText: score(total.total) },
      scaleMax: ev.scaleMax,
      criteria: ev.criteria.map((c) => ({
        ...c,
        name: criterionName(c),
        answer: bid.answers[c.id] ?? '',
        score: typed.get(c.id)?.score ?? (mine[c.id] ? String(mine[c.id].score) : ''),
        comment: typed.get(c.id)?.comment ?? mine[c.id]?.comment ?? '',
      })),
      canScore: roles.includes('evaluator') && r.status === 'closed',
    };
  }

  @Get('bids/:bidId')
  @Render('buyer/evaluation-bid')
  bidPage(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @UuidParam('bidId') bidId: string) {
    return this.bidModel(user, id, bidId, meta(req));
  }

  /** An evaluator's scores of one bid: blank criteria are left unscored. */
  @Post('bids/:bidId/scores')
  @Redirect('/buyer/requirements', 303)
  @FormPage<BuyerEvaluationController>({
    view: 'buyer/evaluation-bid',
    model: (c, req) => c.bidModel(req.user as AuthUser, String(req.params.requirementId), String(req.params.bidId), meta(req), req.body as Record<string, unknown>),
  })
  async scoreBid(
    @Req() req: WebRequest,
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('bidId') bidId: string,
    @Body() form: ScoresForm,
    @ReqMeta() m: RequestMeta,
  ) {
    // Checked here for the messages; the service checks again (and that the bids are unsealed, and who may score).
    const r = await this.own(user, id);
    const scaleMax = this.config.tendering.scoreScaleMax;
    const { essential, nice } = criteriaOf(r);
    const names = new Map([...essential, ...nice].map((c) => [c.id, criterionName(c)]));
    const errors: FieldError[] = [];
    const scores: { criterionId: string; score: number; comment: string | null }[] = [];
    form.criterionIds.forEach((cid, i) => {
      const s = (form.scores[i] ?? '').trim();
      const comment = (form.comments[i] ?? '').trim();
      const name = names.get(cid) ?? 'this criterion';
      if (!s) {
        if (comment) errors.push({ field: `score-${cid}`, message: `Enter a score for ${name} to go with your comment` });
        return;
      }
      if (!/^\d{1,4}$/.test(s) || Number(s) > scaleMax) {
        errors.push({ field: `score-${cid}`, message: `Score for ${name} must be a whole number from 0 to ${scaleMax}` });
        return;
      }
      scores.push({ criterionId: cid, score: Number(s), comment: comment || null });
    });
    if (!errors.length && !scores.length) errors.push({ field: `score-${form.criterionIds[0]}`, message: 'Enter a score for at least one criterion' });
    if (errors.length) throw DomainError.validation('WEB.INVALID_SCORES', errors);
    let supplier: string | undefined;
    try {
      const ev = await this.unsealed(r, () => this.evaluation.score(user, id, bidId, scores, m));
      supplier = ev.bids.find((b) => b.bidId === bidId)?.supplierName;
    } catch (e) {
      // The service names scores by position (`scores[2].score`): put each message on its criterion's field.
      if (isDomainError(e) && e.kind === 'validation') {
        throw DomainError.validation(
          e.code,
          e.fieldErrors.map((f) => {
            const i = /^scores\[(\d+)\]/.exec(f.field)?.[1];
            return i === undefined ? f : { field: `score-${scores[Number(i)]?.criterionId}`, message: f.message };
          }),
          e.message,
        );
      }
      throw e;
    }
    setFlash(req, { heading: `Your scores for ${supplier ? `${supplier}’s` : 'the'} bid have been saved` });
    return { url: `/buyer/requirements/${id}/evaluation` };
  }

  /** The lead adds a bid to the shortlist or takes it off. */
  @Post('bids/:bidId/shortlist')
  @Redirect('/buyer/requirements', 303)
  @FormPage(evaluationForm())
  async shortlist(
    @Req() req: WebRequest,
    @CurrentUser() user: AuthUser,
    @UuidParam('requirementId') id: string,
    @UuidParam('bidId') bidId: string,
    @Body() form: ShortlistBidForm,
    @ReqMeta() m: RequestMeta,
  ) {
    await this.own(user, id);
    const ev = await this.evaluation.shortlist(user, id, bidId, form.shortlisted === 'true', m);
    const name = ev.bids.find((b) => b.bidId === bidId)?.supplierName ?? 'The bid';
    setFlash(req, { heading: form.shortlisted === 'true' ? `${name} has been shortlisted` : `${name} has been taken off the shortlist` });
    return { url: `/buyer/requirements/${id}/evaluation` };
  }

  /** The lead awards the contract to one or more fully scored bids. */
  @Post('award')
  @Redirect('/buyer/requirements', 303)
  @FormPage(evaluationForm({ startDate: 'startDate-day', endDate: 'endDate-day' }, 'bidIds'))
  async award(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('requirementId') id: string, @Body() form: AwardForm, @ReqMeta() m: RequestMeta) {
    await this.own(user, id);
    const o = form as unknown as Record<string, unknown>;
    const contract = await this.evaluation.award(user, id, { bidIds: form.bidIds, value: form.value, startDate: dateOf(o, 'startDate'), endDate: dateOf(o, 'endDate') }, m);
    setFlash(req, { heading: 'The contract has been awarded', text: `Awarded to ${contract.suppliers.map((s) => s.name).join(', ')}. The award is published on this page.` });
    return { url: `/contracts/${contract.id}` };
  }
}
