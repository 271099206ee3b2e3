import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ReqMeta, Roles, PageQueryDto } from '@app/identity';
import type { AuthUser, RequestMeta } from '@app/identity';
import { Public, UuidParam } from '@app/platform';
import { DomainError } from '@app/shared';
import { SizeDeclarationsService } from '../application/size-declarations.service';
import { SUPPLIER_NOT_FOUND, SupplierProfilesService } from '../application/supplier-profiles.service';
import { SupplierSizeFacade } from '../application/supplier-size.facade';
import { BandAtDto, BandAtQueryDto, SizeDeclarationDto, SizeDeclarationViewDto, SupplierProfileDto, SupplierViewDto } from './dto/supplier.dto';

@ApiTags('suppliers')
@Controller('suppliers')
export class SuppliersController {
  constructor(
    private readonly profiles: SupplierProfilesService,
    private readonly declarations: SizeDeclarationsService,
    private readonly size: SupplierSizeFacade,
  ) {}

  /** A supplier's public page: name, verification, profile and the size band in force (never the figures). */
  @Public()
  @Get(':organisationId')
  @ApiOkResponse({ type: SupplierViewDto })
  get(@UuidParam('organisationId') id: string) {
    return this.profiles.get(id);
  }

  /** Supplier admins write their own organisation's profile. */
  @ApiBearerAuth()
  @Roles('supplier_admin')
  @Put(':organisationId/profile')
  @ApiOkResponse({ type: SupplierViewDto })
  saveProfile(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Body() body: SupplierProfileDto, @ReqMeta() meta: RequestMeta) {
    return this.profiles.save(user, id, body, meta);
  }

  /** Declares the organisation's size; the platform derives the band and closes the previous declaration. */
  @ApiBearerAuth()
  @Roles('supplier_admin')
  @Post(':organisationId/size-declarations')
  @ApiCreatedResponse({ type: SizeDeclarationViewDto })
  declare(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Body() body: SizeDeclarationDto, @ReqMeta() meta: RequestMeta) {
    return this.declarations.declare(user, id, body, meta);
  }

  /** Every declaration with its validity period, newest first: the supplier's own users and platform admins. */
  @ApiBearerAuth()
  @Get(':organisationId/size-declarations')
  @ApiOkResponse({ type: [SizeDeclarationViewDto] })
  history(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Query() page: PageQueryDto) {
    return this.declarations.history(user, id, page);
  }

  /** A platform admin marks a declaration verified after checking its evidence. */
  @ApiBearerAuth()
  @Roles('platform_admin')
  @Post(':organisationId/size-declarations/:declarationId/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: SizeDeclarationViewDto })
  verify(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @UuidParam('declarationId') declarationId: string, @ReqMeta() meta: RequestMeta) {
    return this.declarations.verify(user, id, declarationId, meta);
  }

  /** The size band in force at a given time (public, as OCDS publishes supplier scale). `unknown` when none was declared by then. */
  @Public()
  @Get(':organisationId/size-band')
  @ApiOkResponse({ type: BandAtDto })
  async bandAt(@UuidParam('organisationId') id: string, @Query() query: BandAtQueryDto) {
    const at = query.at ? new Date(query.at) : new Date();
    if (!(await this.size.summary(id))) throw DomainError.notFound(SUPPLIER_NOT_FOUND, 'No such supplier.');
    const s = await this.size.bandAt(id, at);
    return { organisationId: id, at: at.toISOString(), band: s?.band ?? 'unknown', sme: s?.sme ?? false, declarationId: s?.declarationId ?? null };
  }
}

@ApiTags('suppliers')
@Controller('admin/size-declarations')
export class SizeDeclarationsAdminController {
  constructor(private readonly declarations: SizeDeclarationsService) {}

  /** Declarations in force that no platform admin has verified yet, oldest first. */
  @ApiBearerAuth()
  @Roles('platform_admin')
  @Get()
  @ApiOkResponse({ type: [SizeDeclarationViewDto] })
  unverified(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.declarations.unverified(user, page);
  }
}
