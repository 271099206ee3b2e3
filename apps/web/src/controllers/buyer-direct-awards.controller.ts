import { Controller, Get, Query, Render } from '@nestjs/common';
import { BuyerListsService } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, Roles } from '@app/identity';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { DirectAwardView, DirectAwardsService } from '@app/tendering';
import { PageQuery } from '../forms/catalogue-forms';
import { DirectAwardForm, dateOf } from '../forms/tendering-forms';
import { formatMoney, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';
import { recordedBandName } from '../view/tendering-view';

/** How many of the organisation's lists the pages read at once to name the source of each outcome. */
const LISTS_READ = 100;

export const DIRECT_AWARD_OUTCOME_TAGS = {
  awarded: { text: 'Contract awarded', classes: 'govuk-tag--green' },
  none_suitable: { text: 'None suitable', classes: 'govuk-tag--grey' },
} as const;

/** The service's field names → the form's inputs (the source of the outcome is the page itself, so its error goes on the outcome). */
export const DIRECT_AWARD_FIELDS = { startDate: 'startDate-day', endDate: 'endDate-day', shortlistId: 'outcome', savedSearchId: 'outcome' };

/** Records the outcome the form holds: only the chosen outcome's fields are sent. */
export function recordDirectAward(
  service: DirectAwardsService,
  user: AuthUser,
  source: { shortlistId: string } | { savedSearchId: string },
  form: DirectAwardForm,
  meta: RequestMeta,
): Promise<DirectAwardView> {
  const o = form as unknown as Record<string, unknown>;
  const input =
    form.outcome === 'awarded'
      ? { outcome: form.outcome, offeringId: form.offeringId ?? null, value: form.value ?? null, startDate: dateOf(o, 'startDate'), endDate: dateOf(o, 'endDate') }
      : { outcome: form.outcome, reason: form.reason ?? null };
  return service.record(user, { ...source, ...input }, meta);
}

/** An outcome with the texts its pages show: the tag, and the contract's value and winner with its size band at award. */
export function directAwardRow(a: DirectAwardView, sourceName?: string) {
  const c = a.contract;
  return {
    ...a,
    outcomeTag: DIRECT_AWARD_OUTCOME_TAGS[a.outcome] ?? { text: a.outcome, classes: 'govuk-tag--grey' },
    sourceKind: a.shortlistId ? 'Shortlist' : 'Saved search',
    sourceHref: a.shortlistId ? `/buyer/shortlists/${a.shortlistId}` : '/buyer/saved-searches',
    sourceName,
    contract: c && {
      ...c,
      valueText: c.value ? formatMoney(c.value, c.currency) : 'Not published',
      suppliers: (c.suppliers ?? []).map((s) => ({ ...s, sizeTag: sizeTag(s.sizeBand), bandName: recordedBandName(s.sizeBand) })),
    },
  };
}

/**
 * Buyers: the outcomes of their organisation's direct awards from the
 * catalogue, newest first — each a contract (linked, with the supplier's size
 * band at award) or "none suitable" with the reason — and where each came from.
 */
@Roles('buyer_admin', 'buyer_user')
@Controller('buyer/direct-awards')
export class BuyerDirectAwardsController {
  constructor(
    private readonly directAwards: DirectAwardsService,
    private readonly lists: BuyerListsService,
  ) {}

  @Get()
  @Render('buyer/direct-awards')
  async page(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const [result, shortlists, searches] = await Promise.all([
      this.directAwards.list(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE }),
      this.lists.listShortlists(user, { limit: LISTS_READ, offset: 0 }),
      this.lists.listSearches(user, { limit: LISTS_READ, offset: 0 }),
    ]);
    const names = new Map([...shortlists.items, ...searches.items].map((l) => [l.id, l.name]));
    return {
      pageTitle: 'Direct awards',
      awards: result.items.map((a) => directAwardRow(a, names.get(a.shortlistId ?? a.savedSearchId ?? ''))),
      total: result.total,
      pagination: pagination(result, page, (p) => `/buyer/direct-awards?page=${p}`),
    };
  }
}
