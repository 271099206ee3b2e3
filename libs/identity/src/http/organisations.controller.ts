import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, UuidParam } from '@app/platform';
import { AuthUser, RequestMeta } from '../application/auth-user';
import { InvitationsService } from '../application/invitations.service';
import { OrganisationsService } from '../application/organisations.service';
import { CurrentUser, ReqMeta, Roles } from './decorators';
import {
  AcceptInvitationDto,
  InvitationDto,
  InviteUserDto,
  OrganisationDto,
  PageQueryDto,
  RegisterOrganisationDto,
  RegistrationResultDto,
  UserDto,
} from './dto/organisation.dto';

@ApiTags('organisations')
@Controller()
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
  ) {}

  /** Registers a supplier or buyer organisation with its first admin. Buyers on public-sector domains are verified at once. */
  @Public()
  @Post('organisations')
  @ApiCreatedResponse({ type: RegistrationResultDto })
  register(@Body() body: RegisterOrganisationDto, @ReqMeta() meta: RequestMeta) {
    return this.organisations.register(body, meta);
  }

  @ApiBearerAuth()
  @Get('organisations/:organisationId')
  @ApiOkResponse({ type: OrganisationDto })
  get(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string) {
    return this.organisations.get(user, id);
  }

  @ApiBearerAuth()
  @Roles('supplier_admin', 'buyer_admin', 'platform_admin')
  @Get('organisations/:organisationId/users')
  @ApiOkResponse({ type: [UserDto] })
  members(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Query() page: PageQueryDto) {
    return this.organisations.members(user, id, page);
  }

  /** Invites a colleague by e-mail; the link works once and expires. */
  @ApiBearerAuth()
  @Roles('supplier_admin', 'buyer_admin', 'platform_admin')
  @Post('organisations/:organisationId/invitations')
  @ApiCreatedResponse({ type: InvitationDto })
  invite(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Body() body: InviteUserDto, @ReqMeta() meta: RequestMeta) {
    return this.invitations.invite(user, id, body, meta);
  }

  @ApiBearerAuth()
  @Roles('supplier_admin', 'buyer_admin', 'platform_admin')
  @Get('organisations/:organisationId/invitations')
  @ApiOkResponse({ type: [InvitationDto] })
  listInvitations(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Query() page: PageQueryDto) {
    return this.invitations.list(user, id, page);
  }

  /** Accepts an invitation: creates the user with the invited role. */
  @Public()
  @Post('invitations/accept')
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserDto })
  accept(@Body() body: AcceptInvitationDto, @ReqMeta() meta: RequestMeta) {
    return this.invitations.accept(body, meta);
  }
}
