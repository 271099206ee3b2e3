import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { FrameworksService, OfferingInput, OfferingView, OfferingsService, PRICE_CURRENCIES } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE, DomainError } from '@app/shared';
import { OfferingForm, PageQuery, linesOf } from '../forms/catalogue-forms';
import { FormPage, FormPageOptions } from '../forms/form-page';
import { WebRequest, setFlash } from '../session/session-data';
import { offeringLots, treeNames } from '../view/catalogue-tree';
import { OFFERING_STATUS_TAGS, priceText } from '../view/labels';
import { pagination } from '../view/pagination';

/** Service field paths → the form's inputs. */
const OFFERING_FIELDS = {
  'price.min': 'priceMin',
  'price.max': 'priceMax',
  'price.unit': 'priceUnit',
  'price.interval': 'priceInterval',
  'price.currency': 'priceCurrency',
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);

/** The offering as the form's fields. */
function formValues(o: OfferingView): Record<string, string | string[]> {
  return {
    lotId: o.lotId,
    categoryIds: o.categoryIds,
    title: o.title,
    summary: o.summary,
    description: o.description,
    features: o.features.join('\n'),
    benefits: o.benefits.join('\n'),
    priceMin: o.price.min,
    priceMax: o.price.max ?? '',
    priceUnit: o.price.unit,
    priceInterval: o.price.interval ?? '',
    priceCurrency: o.price.currency,
  };
}

function toInput(form: OfferingForm): OfferingInput {
  return {
    lotId: form.lotId,
    categoryIds: form.categoryIds ?? [],
    title: form.title,
    summary: form.summary,
    description: form.description,
    features: linesOf(form.features),
    benefits: linesOf(form.benefits),
    price: { min: form.priceMin, max: form.priceMax ?? null, unit: form.priceUnit, interval: form.priceInterval ?? null, currency: form.priceCurrency },
  };
}

const editForm = (view: string): FormPageOptions<SupplierOfferingsController> => ({
  view,
  model: (c, req) => c.formModel(req.user as AuthUser, req.params.offeringId ? String(req.params.offeringId) : null, req.body as Record<string, unknown>),
  fields: OFFERING_FIELDS,
  fallbackField: 'title',
});

const actionForm: FormPageOptions<SupplierOfferingsController> = {
  view: 'supplier/offering',
  model: (c, req) => c.viewModel(req.user as AuthUser, String(req.params.offeringId)),
};

/**
 * A supplier's own offerings: list, start a draft, edit (a published one as
 * a new version), publish and withdraw. Another organisation's offering is
 * "not found" on every route here.
 */
@Roles('supplier_admin', 'supplier_user')
@Controller('supplier/offerings')
export class SupplierOfferingsController {
  constructor(
    private readonly offerings: OfferingsService,
    private readonly frameworks: FrameworksService,
  ) {}

  /** The organisation's own offering, in any state; anyone else's is not found. */
  private async own(user: AuthUser, id: string): Promise<OfferingView> {
    const offering = await this.offerings.get(user, id);
    if (offering.organisationId !== user.organisationId) throw DomainError.notFound('CATALOGUE.OFFERING_NOT_FOUND', 'No such offering.');
    return offering;
  }

  @Get()
  @Render('supplier/offerings')
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const [result, tree] = await Promise.all([
      this.offerings.listForOrganisation(user, user.organisationId, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE }),
      this.frameworks.tree(),
    ]);
    const names = treeNames(tree);
    return {
      pageTitle: 'Your offerings',
      offerings: result.items.map((o) => ({ ...o, statusTag: OFFERING_STATUS_TAGS[o.status], lotName: names.lots.get(o.lotId)?.name ?? '' })),
      total: result.total,
      pagination: pagination(result, page, (p) => `/supplier/offerings?page=${p}`),
      verified: user.organisationStatus === 'verified',
    };
  }

  /**
   * The new/edit form. `source` is what to show: the offering's content, or
   * what was submitted (re-display after an error).
   */
  async formModel(user: AuthUser, offeringId: string | null, source?: Record<string, unknown>) {
    const offering = offeringId ? await this.own(user, offeringId) : null;
    const values = source ?? (offering ? formValues(offering) : { priceCurrency: 'GBP' });
    const tree = await this.frameworks.tree();
    const lots = offeringLots(tree, true);
    if (offering && !lots.some((l) => l.id === offering.lotId)) {
      const current = offeringLots(tree).find((l) => l.id === offering.lotId);
      if (current) lots.push(current);
    }
    const lotId = typeof values.lotId === 'string' ? values.lotId : '';
    const chosen = list(values.categoryIds);
    // The error message and the summary's link go on the group of the lot chosen.
    const primaryLotId = lots.some((l) => l.id === lotId) ? lotId : lots[0]?.id;
    return {
      pageTitle: offering ? `Edit ${offering.title}` : 'Add an offering',
      offering,
      action: offering ? `/supplier/offerings/${offering.id}/edit` : '/supplier/offerings',
      lotItems: [
        { value: '', text: 'Select a lot' },
        ...lots.map((l) => ({ value: l.id, text: `${l.frameworkName}: ${l.name}`, selected: l.id === lotId })),
      ],
      categoryGroups: lots.map((l) => ({
        lotName: l.name,
        idPrefix: l.id === primaryLotId ? 'categoryIds' : `categoryIds-${l.slug}`,
        primary: l.id === primaryLotId,
        items: l.categories.map((c) => ({ value: c.id, text: c.name, checked: chosen.includes(c.id) })),
      })),
      currencyItems: PRICE_CURRENCIES.map((c) => ({ value: c, text: c, selected: (values.priceCurrency ?? 'GBP') === c })),
      values,
    };
  }

  @Get('new')
  @Render('supplier/offering-form')
  newPage(@CurrentUser() user: AuthUser) {
    return this.formModel(user, null);
  }

  /** Starts a draft offering. */
  @Post()
  @Redirect('/supplier/offerings', 303)
  @FormPage(editForm('supplier/offering-form'))
  async create(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: OfferingForm, @ReqMeta() meta: RequestMeta) {
    const offering = await this.offerings.create(user, toInput(form), meta);
    setFlash(req, { heading: 'Your offering has been saved as a draft', text: 'Publish it to list it in the catalogue.' });
    return { url: `/supplier/offerings/${offering.id}` };
  }

  async viewModel(user: AuthUser, id: string) {
    const offering = await this.own(user, id);
    const [versions, tree] = await Promise.all([this.offerings.versions(user, id), this.frameworks.tree()]);
    const names = treeNames(tree);
    return {
      pageTitle: offering.title,
      offering,
      versions,
      statusTag: OFFERING_STATUS_TAGS[offering.status],
      lotName: names.lots.get(offering.lotId)?.name ?? 'Unknown lot',
      frameworkName: names.lots.get(offering.lotId)?.frameworkName ?? '',
      categoryNames: offering.categoryIds.map((c) => names.categories.get(c)?.name).filter(Boolean),
      priceText: priceText(offering.price),
      canEdit: offering.status === 'draft' || offering.status === 'published',
      canPublish: offering.status === 'draft',
      canWithdraw: offering.status === 'published' || offering.status === 'suspended',
      verified: user.organisationStatus === 'verified',
    };
  }

  @Get(':offeringId')
  @Render('supplier/offering')
  view(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string) {
    return this.viewModel(user, id);
  }

  @Get(':offeringId/edit')
  @Render('supplier/offering-form')
  editPage(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string) {
    return this.formModel(user, id);
  }

  /** Edits a draft in place; a published offering gets a new version (the old one stays in its history). */
  @Post(':offeringId/edit')
  @Redirect('/supplier/offerings', 303)
  @FormPage(editForm('supplier/offering-form'))
  async edit(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() form: OfferingForm, @ReqMeta() meta: RequestMeta) {
    const before = await this.own(user, id);
    const offering = await this.offerings.update(user, id, toInput(form), meta);
    setFlash(req, {
      heading: 'Your changes have been saved',
      text: offering.version > before.version ? `This is now version ${offering.version}; buyers see it at once.` : undefined,
    });
    return { url: `/supplier/offerings/${id}` };
  }

  /** Lists the offering in the catalogue; the organisation must be verified. */
  @Post(':offeringId/publish')
  @Redirect('/supplier/offerings', 303)
  @FormPage(actionForm)
  async publish(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @ReqMeta() meta: RequestMeta) {
    const offering = await this.offerings.act(user, id, 'publish', null, meta);
    setFlash(req, { heading: 'Your offering has been published', text: `${offering.title} is now in the catalogue.` });
    return { url: `/supplier/offerings/${id}` };
  }

  /** Takes the offering out of the catalogue for good. */
  @Post(':offeringId/withdraw')
  @Redirect('/supplier/offerings', 303)
  @FormPage(actionForm)
  async withdraw(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @ReqMeta() meta: RequestMeta) {
    const offering = await this.offerings.act(user, id, 'withdraw', null, meta);
    setFlash(req, { heading: 'Your offering has been withdrawn', text: `${offering.title} is no longer in the catalogue.` });
    return { url: `/supplier/offerings/${id}` };
  }
}
