import { Controller, Get, Query, Render, UseInterceptors } from '@nestjs/common';
import { Public, UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { ContractView, EvaluationService } from '@app/tendering';
import { PageQuery } from '../forms/catalogue-forms';
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

/** Awarded contracts, for everyone: who won, for how much, and each supplier's size band at award. */
@Public()
@UseInterceptors(TenderingViewLocals)
@Controller('contracts')
export class ContractsController {
  constructor(private readonly evaluation: EvaluationService) {}

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

  @Get(':contractId')
  @Render('contracts/contract')
  async contract(@UuidParam('contractId') id: string) {
    const c = contractRow(await this.evaluation.contract(id));
    return { pageTitle: c.title, contract: c };
  }
}
