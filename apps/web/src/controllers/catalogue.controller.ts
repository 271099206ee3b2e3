import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { BuyerListsService, CatalogueSearchService, FrameworksService, OfferingsService, PRICE_CURRENCIES } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles, hasRole, isPlatformAdmin } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { DomainError, FieldError } from '@app/shared';
import { AddToShortlistForm, BAND_FILTERS, CatalogueQuery, SaveSearchForm, SuspendForm } from '../forms/catalogue-forms';
import { FormPage, toFormErrors } from '../forms/form-page';
import { WebRequest, setFlash } from '../session/session-data';
import { offeringLots, treeNames } from '../view/catalogue-tree';
import { OFFERING_STATUS_TAGS, priceText, queryString, sizeTag } from '../view/labels';
import { pagination } from '../view/pagination';

export const CATALOGUE_PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

const isBuyer = (user: AuthUser | null | undefined) => hasRole(user, 'buyer_admin', 'buyer_user');

/** a < b for non-negative decimal strings, exactly. */
function decimalLess(a: string, b: string): boolean {
  const scaled = (x: string) => {
    const [i, f = ''] = x.split('.');
    return BigInt(i + f.padEnd(2, '0'));
  };
  return scaled(a) < scaled(b);
}

/** The search as the page understands it: what was typed (for the form and links) and what is searched for. */
export interface CatalogueSearch {
  /** The parameters as typed, for the form, links and saving the search. */
  typed: { q: string; lotId?: string; categoryId?: string; sizeBand?: string; smeOnly?: string; priceMin?: string; priceMax?: string; currency?: string };
  errors: FieldError[];
  params: {
    q?: string;
    lotId?: string;
    categoryId?: string;
    sizeBand?: (typeof BAND_FILTERS)[number];
    smeOnly: boolean;
    priceMin?: string;
    priceMax?: string;
    currency?: string;
  };
}

/**
 * Reads the catalogue's parameters leniently (they may come from a query
 * string or from the hidden fields of "Save this search"): a value that is
 * not one of the choices is ignored; typed prices that are not amounts are
 * reported as errors on their fields and not applied.
 */
export function readSearch(input: Record<string, unknown>): CatalogueSearch {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
  const errors: FieldError[] = [];
  let q = str('q');
  if (q.length > 200) {
    errors.push({ field: 'q', message: 'Search words must be 200 characters or fewer' });
    q = q.slice(0, 200);
  }
  const oneOf = <T extends string>(k: string, allowed: readonly T[]) => (allowed.includes(str(k) as T) ? (str(k) as T) : undefined);
  const uuid = (k: string) => (UUID.test(str(k)) ? str(k) : undefined);
  const price = (k: 'priceMin' | 'priceMax', label: string) => {
    const raw = str(k).replace(/[\s,£€$]/g, '');
    if (!raw) return undefined;
    if (!DECIMAL.test(raw)) {
      errors.push({ field: k, message: `${label} must be an amount of 0 or more, like 100 or 99.50` });
      return undefined;
    }
    return raw;
  };
  const priceMin = price('priceMin', 'Minimum price');
  let priceMax = price('priceMax', 'Maximum price');
  if (priceMin && priceMax && decimalLess(priceMax, priceMin)) {
    errors.push({ field: 'priceMax', message: 'Maximum price must be the same as or more than the minimum price' });
    priceMax = undefined;
  }
  const params = {
    q: q || undefined,
    lotId: uuid('lotId'),
    categoryId: uuid('categoryId'),
    sizeBand: oneOf('sizeBand', BAND_FILTERS),
    smeOnly: str('smeOnly') === 'true',
    priceMin,
    priceMax,
    // The currency only matters to a price filter.
    currency: str('priceMin') || str('priceMax') ? oneOf('currency', PRICE_CURRENCIES) : undefined,
  };
  const typed = {
    q,
    lotId: params.lotId,
    categoryId: params.categoryId,
    sizeBand: params.sizeBand,
    smeOnly: params.smeOnly ? 'true' : undefined,
    priceMin: str('priceMin') || undefined,
    priceMax: str('priceMax') || undefined,
    currency: params.currency,
  };
  return { typed, errors, params };
}

/**
 * The public catalogue: search with filters and facet counts, and the page of
 * a published offering. Buyers save searches and shortlist offerings from
 * here; platform admins suspend and reinstate offerings.
 */
@Controller('catalogue')
export class CatalogueController {
  constructor(
    private readonly searchService: CatalogueSearchService,
    private readonly frameworks: FrameworksService,
    private readonly offerings: OfferingsService,
    private readonly lists: BuyerListsService,
  ) {}

  async searchModel(user: AuthUser | null | undefined, input: Record<string, unknown>, page = 1) {
    const { typed, errors, params } = readSearch(input);
    const offset = (page - 1) * CATALOGUE_PAGE_SIZE;
    const [result, tree] = await Promise.all([
      this.searchService.search({ ...params, limit: CATALOGUE_PAGE_SIZE, offset }),
      this.frameworks.tree(),
    ]);
    const names = treeNames(tree);
    const qs = queryString(typed);
    const lotCounts = new Map(result.facets.lots.map((f) => [f.value, f.count]));
    const categoryCounts = new Map(result.facets.categories.map((f) => [f.value, f.count]));
    // Categories of the lot chosen, else those the results fall in.
    const categories = params.lotId
      ? (names.lots.get(params.lotId)?.categories ?? []).map((c) => ({ id: c.id, name: c.name }))
      : result.facets.categories.map((f) => ({ id: f.value, name: f.label }));
    if (params.categoryId && !categories.some((c) => c.id === params.categoryId)) {
      categories.unshift({ id: params.categoryId, name: names.categories.get(params.categoryId)?.name ?? 'Unknown category' });
    }
    const { errorList, fieldErrors } = errors.length ? toFormErrors(errors, '', {}) : { errorList: [], fieldErrors: {} };
    return {
      pageTitle: typed.q ? `Search results for ${typed.q}` : 'Find services in the catalogue',
      query: typed,
      total: result.total,
      wordsIgnored: result.wordsIgnored,
      items: result.items.map((i) => ({ ...i, sizeTag: sizeTag(i.supplier.sizeBand), priceText: priceText(i.price) })),
      lotItems: [
        { value: '', text: 'Any lot', checked: !params.lotId },
        ...offeringLots(tree).map((l) => ({ value: l.id, text: `${l.name} (${lotCounts.get(l.id) ?? 0})`, checked: l.id === params.lotId })),
      ],
      categoryItems: [
        { value: '', text: 'Any category' },
        ...categories.map((c) => ({ value: c.id, text: `${c.name} (${categoryCounts.get(c.id) ?? 0})`, selected: c.id === params.categoryId })),
      ],
      bandItems: [
        { value: '', text: 'Any size', checked: !params.sizeBand },
        ...result.facets.sizeBands.map((b) => ({ value: b.value, text: `${b.label} (${b.count})`, checked: b.value === params.sizeBand })),
      ],
      smeCount: result.facets.sme.sme,
      currencyItems: PRICE_CURRENCIES.map((c) => ({ value: c, text: c, selected: (params.currency ?? 'GBP') === c })),
      pagination: pagination(result, page, (p) => `/catalogue?${qs ? `${qs}&` : ''}page=${p}`),
      firstShown: result.total ? offset + 1 : 0,
      lastShown: Math.min(offset + CATALOGUE_PAGE_SIZE, result.total),
      filtered: !!(params.lotId || params.categoryId || params.sizeBand || params.smeOnly || params.priceMin || params.priceMax),
      clearFiltersHref: typed.q ? `/catalogue?${queryString({ q: typed.q })}` : '/catalogue',
      canSave: isBuyer(user),
      saveName: typed.q || 'Catalogue search',
      errorList,
      fieldErrors,
    };
  }

  /** Search published offerings: words, filters (GET, so a search is a link), facet counts, highlights. */
  @Public()
  @Get()
  @Render('catalogue/search')
  search(@Req() req: WebRequest, @Query() query: CatalogueQuery) {
    return this.searchModel(req.user, query as unknown as Record<string, unknown>, query.page ?? 1);
  }

  /** Buyers: save the search shown (its parameters are hidden fields of the form). */
  @Roles('buyer_admin', 'buyer_user')
  @Post('saved-searches')
  @Redirect('/catalogue', 303)
  @FormPage<CatalogueController>({ view: 'catalogue/search', model: (c, req) => c.searchModel(req.user, (req.body ?? {}) as Record<string, unknown>), fallbackField: 'name' })
  async saveSearch(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: SaveSearchForm, @ReqMeta() meta: RequestMeta) {
    const { typed, errors, params } = readSearch(form as unknown as Record<string, unknown>);
    if (errors.length) throw DomainError.validation('WEB.INVALID_SEARCH', errors);
    const query = Object.fromEntries(Object.entries({ ...params, smeOnly: params.smeOnly || undefined }).filter(([, v]) => v !== undefined));
    const saved = await this.lists.saveSearch(user, { name: form.name, query }, meta);
    setFlash(req, { heading: 'Your search has been saved', text: `Find “${saved.name}” in your saved searches.` });
    const qs = queryString(typed);
    return { url: qs ? `/catalogue?${qs}` : '/catalogue' };
  }

  async offeringModel(user: AuthUser | null | undefined, id: string) {
    const admin = isPlatformAdmin(user);
    // Published only, for everyone but platform admins (who suspend and reinstate).
    const offering = await this.offerings.get(admin ? user! : null, id);
    const [tree, shortlists] = await Promise.all([
      this.frameworks.tree(),
      isBuyer(user) ? this.lists.listShortlists(user!, { limit: 100, offset: 0 }) : Promise.resolve(null),
    ]);
    const names = treeNames(tree);
    return {
      pageTitle: offering.title,
      offering,
      lotName: names.lots.get(offering.lotId)?.name ?? 'Unknown lot',
      frameworkName: names.lots.get(offering.lotId)?.frameworkName ?? '',
      categoryNames: offering.categoryIds.map((c) => names.categories.get(c)?.name).filter(Boolean),
      priceText: priceText(offering.price),
      sizeTag: sizeTag(offering.supplier.sizeBand),
      statusTag: OFFERING_STATUS_TAGS[offering.status],
      isAdmin: admin,
      isBuyer: isBuyer(user),
      shortlistItems: (shortlists?.items ?? []).map((s) => ({ value: s.id, text: `${s.name} (${s.itemCount} ${s.itemCount === 1 ? 'offering' : 'offerings'})` })),
    };
  }

  /** A published offering, for everyone. */
  @Public()
  @Get('offerings/:offeringId')
  @Render('catalogue/offering')
  offering(@Req() req: WebRequest, @UuidParam('offeringId') id: string) {
    return this.offeringModel(req.user, id);
  }

  /** Buyers: add the offering to one of their organisation's shortlists (its current version is recorded). */
  @Roles('buyer_admin', 'buyer_user')
  @Post('offerings/:offeringId/shortlist')
  @Redirect('/catalogue', 303)
  @FormPage<CatalogueController>({
    view: 'catalogue/offering',
    model: (c, req) => c.offeringModel(req.user, String(req.params.offeringId)),
    fields: { offeringId: 'shortlistId' },
    fallbackField: 'shortlistId',
  })
  async addToShortlist(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() form: AddToShortlistForm, @ReqMeta() meta: RequestMeta) {
    const list = await this.lists.addItem(user, form.shortlistId, { offeringId: id, note: form.note ?? null }, meta);
    setFlash(req, { heading: `Added to ${list.name}`, text: `The shortlist now has ${list.itemCount} ${list.itemCount === 1 ? 'offering' : 'offerings'}.` });
    return { url: `/catalogue/offerings/${id}` };
  }

  /** Platform admins: take a published offering out of the catalogue, with a reason. */
  @Roles('platform_admin')
  @Post('offerings/:offeringId/suspend')
  @Redirect('/catalogue', 303)
  @FormPage<CatalogueController>({ view: 'catalogue/offering', model: (c, req) => c.offeringModel(req.user, String(req.params.offeringId)), fallbackField: 'reason' })
  async suspend(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() form: SuspendForm, @ReqMeta() meta: RequestMeta) {
    const offering = await this.offerings.act(user, id, 'suspend', form.reason, meta);
    setFlash(req, { heading: `${offering.title} has been suspended`, text: 'It no longer appears in the catalogue.' });
    return { url: `/catalogue/offerings/${id}` };
  }

  /** Platform admins: put a suspended offering back in the catalogue. */
  @Roles('platform_admin')
  @Post('offerings/:offeringId/reinstate')
  @Redirect('/catalogue', 303)
  @FormPage<CatalogueController>({ view: 'catalogue/offering', model: (c, req) => c.offeringModel(req.user, String(req.params.offeringId)) })
  async reinstate(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @ReqMeta() meta: RequestMeta) {
    const offering = await this.offerings.act(user, id, 'reinstate', null, meta);
    setFlash(req, { heading: `${offering.title} has been reinstated`, text: 'It is back in the catalogue.' });
    return { url: `/catalogue/offerings/${id}` };
  }
}
