import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, InvitationsService, OrganisationsService, ROLES_BY_KIND, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { MAX_PAGE_SIZE } from '@app/shared';
import { FormPage } from '../forms/form-page';
import { InviteForm } from '../forms/forms';
import { WebRequest, setFlash } from '../session/session-data';
import { roleName } from '../view/navigation';

/** An organisation's admins: who is in it, who has been invited, and inviting someone. */
@Roles('supplier_admin', 'buyer_admin', 'platform_admin')
@Controller('organisation/users')
export class OrganisationUsersController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
  ) {}

  async model(user: AuthUser) {
    const [members, invitations] = await Promise.all([
      this.organisations.members(user, user.organisationId, { limit: MAX_PAGE_SIZE, offset: 0 }),
      this.invitations.list(user, user.organisationId, { limit: MAX_PAGE_SIZE, offset: 0 }),
    ]);
    return {
      pageTitle: 'Organisation users',
      members,
      invitations: { ...invitations, items: invitations.items.filter((i) => !i.acceptedAt) },
      roleOptions: ROLES_BY_KIND[user.organisationKind].map((r) => ({ value: r, text: roleName(r) })),
    };
  }

  @Get()
  @Render('pages/organisation-users')
  page(@CurrentUser() user: AuthUser) {
    return this.model(user);
  }

  /** Invites someone by e-mail; the worker sends the link from the outbox. */
  @Post('invitations')
  @Redirect('/organisation/users', 303)
  @FormPage<OrganisationUsersController>({ view: 'pages/organisation-users', model: (c, req) => c.model(req.user as AuthUser), fallbackField: 'email' })
  async invite(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: InviteForm, @ReqMeta() meta: RequestMeta) {
    const invitation = await this.invitations.invite(user, user.organisationId, { email: form.email, role: form.role }, meta);
    setFlash(req, { heading: 'Invitation sent', text: `We have sent an invitation to ${invitation.email}.` });
    return { url: '/organisation/users' };
  }
}
