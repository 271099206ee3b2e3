import { Body, Controller, Get, Post, Query, Redirect, Render, Req, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, ReqMeta, RequestMeta, Roles } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { ContractView, EvaluationService } from '@app/tendering';
import { PageQuery } from '../forms/catalogue-forms';
import { FormPage } from '../forms/form-page';
import { ReasonForm } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { formatMoney, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';
import { TenderingViewLocals } from '../view/tendering-locals';
import { recordedBandName } from '../view/tendering-view';

/** A contract with the texts its pages show: each supplier's size band is the one recorded at award. */
function contractRow(c: ContractView) {
  return {
    ...c,
    valueText: c.value ? formatMoney(c.value, c.currency) : 'Not published',
    suppliers: (c.suppliers ?? []).map((s) => ({ ...s, sizeTag: sizeTag(s.sizeBand), bandName: recordedBandName(s.sizeBand) })),
  };
}

/** Awarded contracts, for everyone: who won, for how much, and each supplier's size band at award; their buyer's admins may record a cancellation. */
@UseInterceptors(TenderingViewLocals)
@Controller('contracts')
export class ContractsController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Public()
  @Get()
  @Render('contracts/list')
  async list(@Query() query: PageQuery) {
    const page = query.page ?? 1;
    const result = await this.evaluation.contracts({ limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    return {
      pageTitle: 'Awarded contracts',
      contracts: result.items.map(contractRow),
      total: result.total,
      pagination: pagination(result, page, (p) => `/contracts?page=${p}`),
    };
  }

  async pageModel(user: AuthUser | undefined, id: string) {
    const c = contractRow(await this.evaluation.contract(id));
    // The buying organisation's admins may record that the award no longer stands.
    const canCancel = c.status === 'active' && !!user && user.organisationId === c.organisationId && user.roles.includes('buyer_admin');
    return { pageTitle: c.title, contract: c, canCancel };
  }

  @Public()
  @Get(':contractId')
  @Render('contracts/contract')
  contract(@Req() req: WebRequest, @UuidParam('contractId') id: string) {
    return this.pageModel(req.user, id);
  }

  /** A buyer admin records that the contract no longer stands: it drops out of the SME figures, which are restated. */
  @Roles('buyer_admin')
  @Post(':contractId/cancel')
  @Redirect('/contracts', 303)
  @FormPage<ContractsController>({ view: 'contracts/contract', model: (c, req) => c.pageModel(req.user, String(req.params.contractId)), fallbackField: 'reason' })
  async cancel(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('contractId') id: string, @Body() form: ReasonForm, @ReqMeta() meta: RequestMeta) {
    const c = await this.evaluation.cancelContract(user, id, form.reason, meta);
    setFlash(req, { heading: 'The contract is recorded as cancelled', text: 'It no longer counts in the SME figures; the reports for its period are restated.' });
    return { url: `/contracts/${c.id}` };
  }
}
