import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { API_KEY_MANAGERS, AuthService, AuthUser, CurrentUser, RequestMeta, ReqMeta, hasRole } from '@app/identity';
import { FormPage } from '../forms/form-page';
import { ChangePasswordForm } from '../forms/forms';
import { WebRequest, startUserSession } from '../session/session-data';

@Controller('account')
export class AccountController {
  constructor(private readonly auth: AuthService) {}

  model(user: AuthUser) {
    return { pageTitle: 'Your account', user, canManageApiKeys: hasRole(user, ...API_KEY_MANAGERS) };
  }

  /** Who you are, your organisation and its status, your roles; and the change-password form. */
  @Get()
  @Render('pages/account')
  page(@CurrentUser() user: AuthUser) {
    return this.model(user);
  }

  /**
   * Changing the password ends every session of the user (other browsers
   * included); this browser is then signed in again with a new session id.
   */
  @Post('password')
  @Redirect('/account', 303)
  @FormPage<AccountController>({ view: 'pages/account', model: (c, req) => c.model(req.user as AuthUser), fallbackField: 'currentPassword' })
  async changePassword(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: ChangePasswordForm, @ReqMeta() meta: RequestMeta) {
    await this.auth.changePassword(user, form.currentPassword, form.newPassword, meta);
    const fresh = await this.auth.signIn(user.email, form.newPassword, 'web', meta);
    await startUserSession(req, fresh, {
      heading: 'Your password has been changed',
      text: 'You have been signed out everywhere else.',
    });
    return { url: '/account' };
  }
}
