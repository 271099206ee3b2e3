import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { BuyerListsService, CatalogueSearchService, FrameworksService, SavedSearchView } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { DirectAwardView, DirectAwardsService } from '@app/tendering';
import { PageQuery, ShortlistForm } from '../forms/catalogue-forms';
import { FormPage } from '../forms/form-page';
import { DirectAwardForm } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { treeNames } from '../view/catalogue-tree';
import { OFFERING_STATUS_TAGS, bandName, formatMoney, priceText, queryString, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';
import { DIRECT_AWARD_FIELDS, directAwardRow, recordDirectAward } from './buyer-direct-awards.controller';
import { readSearch } from './catalogue.controller';

/** How many of a saved search's results the outcome form offers to award to. */
const OUTCOME_CHOICES = 50;

/** Where a recorded outcome is shown: an award on the contract's page; none suitable on `elsewhere`. */
function afterOutcome(req: WebRequest, award: DirectAwardView, from: string, elsewhere: string): { url: string } {
  if (award.contract) {
    const winners = award.contract.suppliers.map((s) => s.name).join(', ');
    setFlash(req, { heading: 'The contract has been awarded', text: `Awarded directly to ${winners} from ${from}. The award is published on this page.` });
    return { url: `/contracts/${award.contract.id}` };
  }
  setFlash(req, { heading: 'The outcome has been recorded', text: `None of the offerings from ${from} was suitable.` });
  return { url: elsewhere };
}

/** Buyers: their organisation's shortlists of offerings, for a direct award. */
@Roles('buyer_admin', 'buyer_user')
@Controller('buyer/shortlists')
export class BuyerShortlistsController {
  constructor(
    private readonly lists: BuyerListsService,
    private readonly directAwards: DirectAwardsService,
  ) {}

  async model(user: AuthUser, page = 1) {
    const result = await this.lists.listShortlists(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    return {
      pageTitle: 'Shortlists',
      shortlists: result.items,
      total: result.total,
      pagination: pagination(result, page, (p) => `/buyer/shortlists?page=${p}`),
    };
  }

  @Get()
  @Render('buyer/shortlists')
  page(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    return this.model(user, query.page ?? 1);
  }

  @Post()
  @Redirect('/buyer/shortlists', 303)
  @FormPage<BuyerShortlistsController>({ view: 'buyer/shortlists', model: (c, req) => c.model(req.user as AuthUser), fallbackField: 'name' })
  async create(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: ShortlistForm, @ReqMeta() meta: RequestMeta) {
    const list = await this.lists.createShortlist(user, { name: form.name, notes: form.notes ?? null }, meta);
    setFlash(req, { heading: `Shortlist “${list.name}” created`, text: 'Add offerings to it from their pages in the catalogue.' });
    return { url: `/buyer/shortlists/${list.id}` };
  }

  /** The shortlist, and its outcome: recorded, or the form to record it (awarded to one of its published offerings, or none suitable). */
  async shortlistModel(user: AuthUser, id: string) {
    const [list, outcome] = await Promise.all([this.lists.getShortlist(user, id), this.directAwards.forShortlist(user, id)]);
    return {
      pageTitle: list.name,
      shortlist: list,
      items: list.items.map((i) => ({
        ...i,
        sizeTag: sizeTag(i.supplierBand),
        statusTag: OFFERING_STATUS_TAGS[i.status],
      })),
      outcome: outcome && directAwardRow(outcome, list.name),
      outcomeAction: `/buyer/shortlists/${id}/outcome`,
      offeringItems: list.items.filter((i) => i.status === 'published').map((i) => ({ value: i.offeringId, text: `${i.title} – ${i.supplierName} (${sizeTag(i.supplierBand).text})` })),
    };
  }

  @Get(':shortlistId')
  @Render('buyer/shortlist')
  shortlist(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string) {
    return this.shortlistModel(user, id);
  }

  /** The outcome of the direct award from this shortlist: one per shortlist. */
  @Post(':shortlistId/outcome')
  @Redirect('/buyer/shortlists', 303)
  @FormPage<BuyerShortlistsController>({
    view: 'buyer/shortlist',
    model: (c, req) => c.shortlistModel(req.user as AuthUser, String(req.params.shortlistId)),
    fields: DIRECT_AWARD_FIELDS,
    fallbackField: 'outcome',
  })
  async outcome(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @Body() form: DirectAwardForm, @ReqMeta() meta: RequestMeta) {
    const list = await this.lists.getShortlist(user, id);
    const award = await recordDirectAward(this.directAwards, user, { shortlistId: id }, form, meta);
    return afterOutcome(req, award, `the shortlist “${list.name}”`, `/buyer/shortlists/${id}`);
  }

  @Post(':shortlistId/items/:offeringId/remove')
  @Redirect('/buyer/shortlists', 303)
  async remove(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @UuidParam('offeringId') offeringId: string, @ReqMeta() meta: RequestMeta) {
    const before = await this.lists.getShortlist(user, id);
    const title = before.items.find((i) => i.offeringId === offeringId)?.title ?? 'The offering';
    await this.lists.removeItem(user, id, offeringId, meta);
    setFlash(req, { heading: `${title} has been removed from the shortlist` });
    return { url: `/buyer/shortlists/${id}` };
  }

  @Post(':shortlistId/delete')
  @Redirect('/buyer/shortlists', 303)
  async delete(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @ReqMeta() meta: RequestMeta) {
    const list = await this.lists.getShortlist(user, id);
    await this.lists.deleteShortlist(user, id, meta);
    setFlash(req, { heading: `Shortlist “${list.name}” deleted` });
    return { url: '/buyer/shortlists' };
  }
}

const BAND_FILTER_NAMES: Record<string, string> = { unknown: 'size not declared' };

/** Buyers: their organisation's saved catalogue searches, to run again or delete. */
@Roles('buyer_admin', 'buyer_user')
@Controller('buyer/saved-searches')
export class BuyerSavedSearchesController {
  constructor(
    private readonly lists: BuyerListsService,
    private readonly frameworks: FrameworksService,
    private readonly search: CatalogueSearchService,
    private readonly directAwards: DirectAwardsService,
  ) {}

  @Get()
  @Render('buyer/saved-searches')
  async page(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const [result, tree] = await Promise.all([
      this.lists.listSearches(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE }),
      this.frameworks.tree(),
    ]);
    const names = treeNames(tree);
    const describe = (s: SavedSearchView): string[] => {
      const q = s.query as Record<string, unknown>;
      const parts: string[] = [];
      if (q.q) parts.push(`Words: ${String(q.q)}`);
      if (typeof q.lotId === 'string') parts.push(`Lot: ${names.lots.get(q.lotId)?.name ?? 'unknown lot'}`);
      if (typeof q.categoryId === 'string') parts.push(`Category: ${names.categories.get(q.categoryId)?.name ?? 'unknown category'}`);
      if (typeof q.sizeBand === 'string') parts.push(`Supplier size: ${BAND_FILTER_NAMES[q.sizeBand] ?? bandName(q.sizeBand).toLowerCase()}`);
      if (q.smeOnly === true || q.smeOnly === 'true') parts.push('SME suppliers only');
      const currency = typeof q.currency === 'string' ? q.currency : 'GBP';
      if (q.priceMin) parts.push(`Price from ${formatMoney(q.priceMin, currency)}`);
      if (q.priceMax) parts.push(`Price up to ${formatMoney(q.priceMax, currency)}`);
      return parts.length ? parts : ['Everything in the catalogue'];
    };
    return {
      pageTitle: 'Saved searches',
      searches: result.items.map((s) => {
        const qs = queryString(s.query ?? {});
        return { ...s, description: describe(s), runHref: qs ? `/catalogue?${qs}` : '/catalogue', outcomeHref: `/buyer/saved-searches/${s.id}/outcome` };
      }),
      total: result.total,
      pagination: pagination(result, page, (p) => `/buyer/saved-searches?page=${p}`),
    };
  }

  /** The outcome form for a direct award from a saved search: the offerings it finds now are the ones to choose from. */
  async outcomeModel(user: AuthUser, id: string) {
    const saved = await this.lists.getSearch(user, id);
    // Read as its "Run" link is (saved values may be booleans or numbers): the same search.
    const asTyped = Object.fromEntries(Object.entries(saved.query ?? {}).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
    const result = await this.search.search({ ...readSearch(asTyped).params, limit: OUTCOME_CHOICES, offset: 0 });
    const qs = queryString(saved.query ?? {});
    return {
      pageTitle: `Record the outcome of ${saved.name}`,
      search: saved,
      runHref: qs ? `/catalogue?${qs}` : '/catalogue',
      total: result.total,
      shown: result.items.length,
      outcomeAction: `/buyer/saved-searches/${id}/outcome`,
      offeringItems: result.items.map((i) => ({ value: i.id, text: `${i.title} – ${i.supplier.name} (${sizeTag(i.supplier.sizeBand).text}), ${priceText(i.price)}` })),
    };
  }

  @Get(':savedSearchId/outcome')
  @Render('buyer/saved-search-outcome')
  outcomePage(@CurrentUser() user: AuthUser, @UuidParam('savedSearchId') id: string) {
    return this.outcomeModel(user, id);
  }

  /** Records the outcome: a contract for one of the offerings found, or none suitable. A saved search may lead to more than one. */
  @Post(':savedSearchId/outcome')
  @Redirect('/buyer/saved-searches', 303)
  @FormPage<BuyerSavedSearchesController>({
    view: 'buyer/saved-search-outcome',
    model: (c, req) => c.outcomeModel(req.user as AuthUser, String(req.params.savedSearchId)),
    fields: DIRECT_AWARD_FIELDS,
    fallbackField: 'outcome',
  })
  async outcome(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('savedSearchId') id: string, @Body() form: DirectAwardForm, @ReqMeta() meta: RequestMeta) {
    const saved = await this.lists.getSearch(user, id);
    const award = await recordDirectAward(this.directAwards, user, { savedSearchId: id }, form, meta);
    return afterOutcome(req, award, `the saved search “${saved.name}”`, '/buyer/direct-awards');
  }

  @Post(':savedSearchId/delete')
  @Redirect('/buyer/saved-searches', 303)
  async delete(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('savedSearchId') id: string, @ReqMeta() meta: RequestMeta) {
    await this.lists.deleteSearch(user, id, meta);
    setFlash(req, { heading: 'Saved search deleted' });
    return { url: '/buyer/saved-searches' };
  }
}
