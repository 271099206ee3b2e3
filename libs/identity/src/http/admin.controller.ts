import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '@app/platform';
import { AuthUser, RequestMeta } from '../application/auth-user';
import { OrganisationsService } from '../application/organisations.service';
import { PublicSectorDomainsService } from '../application/public-sector-domains.service';
import { UsersService } from '../application/users.service';
import { CurrentUser, ReqMeta, Roles } from './decorators';
import {
  DomainListDto,
  OrganisationDto,
  OrganisationListQueryDto,
  PublicSectorDomainDto,
  RejectOrganisationDto,
  UserDto,
  UserSearchQueryDto,
} from './dto/organisation.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('platform_admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly domains: PublicSectorDomainsService,
  ) {}

  /** The verification queue (status=pending) and history. */
  @Get('organisations')
  @ApiOkResponse({ type: [OrganisationDto] })
  listOrganisations(@Query() query: OrganisationListQueryDto) {
    return this.organisations.listForAdmin(query);
  }

  @Post('organisations/:organisationId/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDto })
  verify(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.organisations.decide(user, id, 'verified', null, meta);
  }

  @Post('organisations/:organisationId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationDto })
  reject(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Body() body: RejectOrganisationDto, @ReqMeta() meta: RequestMeta) {
    return this.organisations.decide(user, id, 'rejected', body.reason, meta);
  }

  @Get('users')
  @ApiOkResponse({ type: [UserDto] })
  searchUsers(@CurrentUser() user: AuthUser, @Query() query: UserSearchQueryDto) {
    return this.users.search(user, query);
  }

  /** Disables a user: their sessions and tokens stop working at once. */
  @Post('users/:userId/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  disable(@CurrentUser() user: AuthUser, @UuidParam('userId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.users.disable(user, id, meta);
  }

  @Get('public-sector-domains')
  @ApiOkResponse({ type: DomainListDto })
  async listDomains(): Promise<DomainListDto> {
    return { domains: await this.domains.list() };
  }

  @Post('public-sector-domains')
  @HttpCode(200)
  @ApiOkResponse({ type: DomainListDto })
  async addDomain(@CurrentUser() user: AuthUser, @Body() body: PublicSectorDomainDto, @ReqMeta() meta: RequestMeta): Promise<DomainListDto> {
    return { domains: await this.domains.add(user, body.domain, meta) };
  }

  @Delete('public-sector-domains/:domain')
  @HttpCode(200)
  @ApiOkResponse({ type: DomainListDto })
  async removeDomain(@CurrentUser() user: AuthUser, @Param('domain') domain: string, @ReqMeta() meta: RequestMeta): Promise<DomainListDto> {
    return { domains: await this.domains.remove(user, domain, meta) };
  }
}
