import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthService, InvitationsService, RequestMeta, ReqMeta } from '@app/identity';
import { Public } from '@app/platform';
import { DomainError } from '@app/shared';
import { FormPage } from '../forms/form-page';
import { AcceptInvitationForm } from '../forms/forms';
import { WebRequest, startUserSession } from '../session/session-data';

const INVALID = () => DomainError.notFound('IDENTITY.INVITATION_INVALID', 'This invitation link is not valid, has expired or has been used.');

@Controller('invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly auth: AuthService,
  ) {}

  async model(token: unknown) {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw INVALID();
    const invitation = await this.invitations.preview(token);
    return { pageTitle: `Join ${invitation.organisationName}`, invitation, token };
  }

  /** What the link is for: the organisation, role and e-mail address. */
  @Public()
  @Get('accept')
  @Render('pages/accept-invitation')
  page(@Query('token') token?: string) {
    return this.model(token);
  }

  /** Creates the account (the link works once) and signs the new user in. */
  @Public()
  @Post('accept')
  @Redirect('/account', 303)
  @FormPage<InvitationsController>({ view: 'pages/accept-invitation', model: (c, req) => c.model((req.body as { token?: unknown })?.token), fallbackField: 'fullName' })
  async accept(@Req() req: WebRequest, @Body() form: AcceptInvitationForm, @ReqMeta() meta: RequestMeta) {
    const preview = await this.invitations.preview(form.token);
    const user = await this.invitations.accept({ token: form.token, fullName: form.fullName, password: form.password }, meta);
    const authUser = await this.auth.signIn(user.email, form.password, 'web', meta);
    if (req.user) await this.auth.signOut(req.user, meta).catch(() => undefined);
    await startUserSession(req, authUser, { heading: `Welcome to ${preview.organisationName}`, text: 'Your account has been created and you are signed in.' });
    return { url: '/account' };
  }
}
