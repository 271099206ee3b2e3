import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, ReqMeta, Roles } from '@app/identity';
import type { AuthUser, RequestMeta } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { DomainError } from '@app/shared';
import { BuyerListsService } from '../application/buyer-lists.service';
import { FrameworksService } from '../application/frameworks.service';
import { OfferingsService } from '../application/offerings.service';
import { CatalogueSearchService } from '../application/search.service';
import type { OfferingAction } from '../domain/offering-lifecycle';
import {
  CreateCategoryDto,
  CreateFrameworkDto,
  CreateLotDto,
  OfferingDto,
  OrganisationOfferingsQueryDto,
  ReasonDto,
  SavedSearchDto,
  SearchQueryDto,
  ShortlistDto,
  ShortlistItemDto,
  UpdateFrameworkDto,
} from './dto/catalogue.dto';
import {
  CategoryViewDto,
  FrameworkViewDto,
  LotViewDto,
  OfferingPageDto,
  OfferingVersionViewDto,
  OfferingViewDto,
  SavedSearchViewDto,
  SearchResultDto,
  ShortlistDetailViewDto,
  ShortlistViewDto,
} from './dto/catalogue-views.dto';

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => DomainError.validation('REQUEST.VALIDATION_FAILED', [{ field: 'version', message: 'version must be a whole number' }]),
});

@ApiTags('catalogue')
@Controller()
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  /** Frameworks with their lots and categories (public). */
  @Public()
  @Get('frameworks')
  @ApiOkResponse({ type: [FrameworkViewDto] })
  list() {
    return this.frameworks.tree();
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('frameworks')
  @ApiCreatedResponse({ type: FrameworkViewDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateFrameworkDto, @ReqMeta() meta: RequestMeta) {
    return this.frameworks.createFramework(user, body, meta);
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Patch('frameworks/:frameworkId')
  @ApiOkResponse({ type: FrameworkViewDto })
  update(@CurrentUser() user: AuthUser, @UuidParam('frameworkId') id: string, @Body() body: UpdateFrameworkDto, @ReqMeta() meta: RequestMeta) {
    return this.frameworks.updateFramework(user, id, body, meta);
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('frameworks/:frameworkId/lots')
  @ApiCreatedResponse({ type: LotViewDto })
  createLot(@CurrentUser() user: AuthUser, @UuidParam('frameworkId') id: string, @Body() body: CreateLotDto, @ReqMeta() meta: RequestMeta) {
    return this.frameworks.createLot(user, id, body, meta);
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('lots/:lotId/categories')
  @ApiCreatedResponse({ type: CategoryViewDto })
  createCategory(@CurrentUser() user: AuthUser, @UuidParam('lotId') id: string, @Body() body: CreateCategoryDto, @ReqMeta() meta: RequestMeta) {
    return this.frameworks.createCategory(user, id, body, meta);
  }
}

@ApiTags('catalogue')
@Controller()
export class OfferingsController {
  constructor(
    private readonly offerings: OfferingsService,
    private readonly searchService: CatalogueSearchService,
  ) {}

  /**
   * Searches published offerings (public). Full text with AND by default, `OR`, `-word` and "phrases";
   * filters for lot, category, price and supplier size (SME only); facet counts; highlighted matches;
   * ordered by relevance, then a hash of the offering id (never by supplier name or id).
   */
  @Public()
  @Get('offerings')
  @ApiOkResponse({ type: SearchResultDto })
  search(@Query() query: SearchQueryDto) {
    return this.searchService.search(query);
  }

  /** Starts a draft offering for the caller's supplier organisation. */
  @ApiBearerAuth()
  @Roles('supplier_admin', 'supplier_user')
  @Post('offerings')
  @ApiCreatedResponse({ type: OfferingViewDto })
  create(@CurrentUser() user: AuthUser, @Body() body: OfferingDto, @ReqMeta() meta: RequestMeta) {
    return this.offerings.create(user, body, meta);
  }

  /** A published offering (public); drafts, suspended and withdrawn ones only for their supplier and platform admins. */
  @Public()
  @Get('offerings/:offeringId')
  @ApiOkResponse({ type: OfferingViewDto })
  get(@CurrentUser() user: AuthUser | undefined, @UuidParam('offeringId') id: string) {
    return this.offerings.get(user ?? null, id);
  }

  /** Edits a draft in place, or a published offering as a new version. */
  @ApiBearerAuth()
  @Roles('supplier_admin', 'supplier_user')
  @Put('offerings/:offeringId')
  @ApiOkResponse({ type: OfferingViewDto })
  update(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() body: OfferingDto, @ReqMeta() meta: RequestMeta) {
    return this.offerings.update(user, id, body, meta);
  }

  @ApiBearerAuth()
  @Roles('supplier_admin', 'supplier_user')
  @Post('offerings/:offeringId/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingViewDto })
  publish(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.act(user, id, 'publish', null, meta);
  }

  @ApiBearerAuth()
  @Roles('supplier_admin', 'supplier_user')
  @Post('offerings/:offeringId/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingViewDto })
  withdraw(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() body: ReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.act(user, id, 'withdraw', body.reason ?? null, meta);
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('offerings/:offeringId/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingViewDto })
  suspend(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @Body() body: ReasonDto, @ReqMeta() meta: RequestMeta) {
    return this.act(user, id, 'suspend', body.reason ?? null, meta);
  }

  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post('offerings/:offeringId/reinstate')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingViewDto })
  reinstate(@CurrentUser() user: AuthUser, @UuidParam('offeringId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.act(user, id, 'reinstate', null, meta);
  }

  private act(user: AuthUser, id: string, action: OfferingAction, reason: string | null, meta: RequestMeta) {
    return this.offerings.act(user, id, action, reason, meta);
  }

  /** The published versions of an offering, newest first. */
  @Public()
  @Get('offerings/:offeringId/versions')
  @ApiOkResponse({ type: [OfferingVersionViewDto] })
  versions(@CurrentUser() user: AuthUser | undefined, @UuidParam('offeringId') id: string) {
    return this.offerings.versions(user ?? null, id);
  }

  @Public()
  @Get('offerings/:offeringId/versions/:version')
  @ApiOkResponse({ type: OfferingVersionViewDto })
  version(@CurrentUser() user: AuthUser | undefined, @UuidParam('offeringId') id: string, @Param('version', versionPipe) version: number) {
    return this.offerings.version(user ?? null, id, version);
  }

  /** A supplier's offerings in every state: its own users and platform admins. */
  @ApiBearerAuth()
  @Get('suppliers/:organisationId/offerings')
  @ApiOkResponse({ type: OfferingPageDto })
  listForSupplier(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Query() query: OrganisationOfferingsQueryDto) {
    return this.offerings.listForOrganisation(user, id, query);
  }
}

@ApiTags('catalogue')
@ApiBearerAuth()
@Roles('buyer_admin', 'buyer_user')
@Controller()
export class BuyerListsController {
  constructor(private readonly lists: BuyerListsService) {}

  @Get('saved-searches')
  @ApiOkResponse({ type: [SavedSearchViewDto] })
  listSearches(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.lists.listSearches(user, page);
  }

  @Post('saved-searches')
  @ApiCreatedResponse({ type: SavedSearchViewDto })
  saveSearch(@CurrentUser() user: AuthUser, @Body() body: SavedSearchDto, @ReqMeta() meta: RequestMeta) {
    return this.lists.saveSearch(user, { name: body.name, query: { ...body.query } }, meta);
  }

  @Delete('saved-searches/:savedSearchId')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteSearch(@CurrentUser() user: AuthUser, @UuidParam('savedSearchId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.lists.deleteSearch(user, id, meta);
  }

  @Get('shortlists')
  @ApiOkResponse({ type: [ShortlistViewDto] })
  listShortlists(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.lists.listShortlists(user, page);
  }

  @Post('shortlists')
  @ApiCreatedResponse({ type: ShortlistDetailViewDto })
  createShortlist(@CurrentUser() user: AuthUser, @Body() body: ShortlistDto, @ReqMeta() meta: RequestMeta) {
    return this.lists.createShortlist(user, body, meta);
  }

  @Get('shortlists/:shortlistId')
  @ApiOkResponse({ type: ShortlistDetailViewDto })
  getShortlist(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string) {
    return this.lists.getShortlist(user, id);
  }

  @Delete('shortlists/:shortlistId')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteShortlist(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.lists.deleteShortlist(user, id, meta);
  }

  @Post('shortlists/:shortlistId/items')
  @ApiCreatedResponse({ type: ShortlistDetailViewDto })
  addItem(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @Body() body: ShortlistItemDto, @ReqMeta() meta: RequestMeta) {
    return this.lists.addItem(user, id, body, meta);
  }

  @Delete('shortlists/:shortlistId/items/:offeringId')
  @ApiOkResponse({ type: ShortlistDetailViewDto })
  removeItem(@CurrentUser() user: AuthUser, @UuidParam('shortlistId') id: string, @UuidParam('offeringId') offeringId: string, @ReqMeta() meta: RequestMeta) {
    return this.lists.removeItem(user, id, offeringId, meta);
  }
}
