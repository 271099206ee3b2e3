import { Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { SizeDeclarationsService, SupplierProfilesService } from '@app/suppliers';
import { PageQuery } from '../forms/catalogue-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { bandName, declarationRow, definitionName } from '../view/labels';
import { pagination } from '../view/pagination';

/** Platform admins: size declarations in force that nobody has verified yet, oldest first. */
@Roles('platform_admin')
@Controller('admin/size-declarations')
export class AdminSizeDeclarationsController {
  constructor(
    private readonly declarations: SizeDeclarationsService,
    private readonly profiles: SupplierProfilesService,
  ) {}

  @Get()
  @Render('admin/size-declarations')
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQuery) {
    const page = query.page ?? 1;
    const result = await this.declarations.unverified(user, { limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    return {
      pageTitle: 'Size declarations to verify',
      declarations: result.items.map(declarationRow),
      total: result.total,
      pagination: pagination(result, page, (p) => `/admin/size-declarations?page=${p}`),
    };
  }

  /** Marks the declaration verified: the evidence was checked. */
  @Post(':organisationId/:declarationId/verify')
  @Redirect('/admin/size-declarations', 303)
  async verify(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('organisationId') orgId: string, @UuidParam('declarationId') id: string, @ReqMeta() meta: RequestMeta) {
    const d = await this.declarations.verify(user, orgId, id, meta);
    const supplier = await this.profiles.get(orgId);
    setFlash(req, { heading: `Size declaration of ${supplier.name} verified`, text: `${bandName(d.derivedBand)} (${definitionName(d.definition)}).` });
    return { url: '/admin/size-declarations' };
  }
}
