import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { BuyerListsService, FrameworksService, SavedSearchView } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { PageQuery, ShortlistForm } from '../forms/catalogue-forms';
import { FormPage } from '../forms/form-page';
import { WebRequest, setFlash } from '../session/session-data';
import { treeNames } from '../view/catalogue-tree';
import { OFFERING_STATUS_TAGS, bandName, formatMoney, queryString, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';

/** Buyers: their organisation's shortlists of offerings, for a direct award. */
@Roles('buyer_admin', 'buyer_user')
@Controller('buyer/shortlists')
export class BuyerShortlistsController {
  constructor(private readonly lists: BuyerListsService) {}

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

  @Get(':shortlistId')
  @Render('buyer/shortlist')
  async shortlist(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string) {
    const list = await this.lists.getShortlist(user, id);
    return {
      pageTitle: list.name,
      shortlist: list,
      items: list.items.map((i) => ({
        ...i,
        sizeTag: sizeTag(i.supplierBand),
        statusTag: OFFERING_STATUS_TAGS[i.status],
      })),
    };
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
        return { ...s, description: describe(s), runHref: qs ? `/catalogue?${qs}` : '/catalogue' };
      }),
      total: result.total,
      pagination: pagination(result, page, (p) => `/buyer/saved-searches?page=${p}`),
    };
  }

  @Post(':savedSearchId/delete')
  @Redirect('/buyer/saved-searches', 303)
  async delete(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('savedSearchId') id: string, @ReqMeta() meta: RequestMeta) {
    await this.lists.deleteSearch(user, id, meta);
    setFlash(req, { heading: 'Saved search deleted' });
    return { url: '/buyer/saved-searches' };
  }
}
