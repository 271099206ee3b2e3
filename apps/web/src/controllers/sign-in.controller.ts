import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthService, AuthUser, RequestMeta, ReqMeta } from '@app/identity';
import { Public } from '@app/platform';
import { FormPage } from '../forms/form-page';
import { SignInForm } from '../forms/forms';
import { WebRequest, regenerateSession, startUserSession } from '../session/session-data';
import { safeReturnTo } from '../view/return-to';

@Controller()
export class SignInController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Get('sign-in')
  @Render('pages/sign-in')
  signInPage(@Req() req: WebRequest, @Query('returnTo') returnTo?: string) {
    return { pageTitle: 'Sign in', values: { returnTo: safeReturnTo(returnTo) ?? '' }, signedIn: !!req.user };
  }

  /** Checks the password (rate-limited by identity), then starts a new session id for the user. */
  @Public()
  @Post('sign-in')
  @Redirect('/account', 303)
  @FormPage({ view: 'pages/sign-in', model: () => ({ pageTitle: 'Sign in' }), fallbackField: 'email' })
  async signIn(@Req() req: WebRequest, @Body() form: SignInForm, @ReqMeta() meta: RequestMeta) {
    const user = await this.auth.signIn(form.email, form.password, 'web', meta);
    if (req.user) await this.auth.signOut(req.user, meta).catch(() => undefined);
    await startUserSession(req, user);
    return { url: safeReturnTo(form.returnTo) ?? '/account' };
  }

  /** Ends the server-side session (the cookie is worthless from now on) and starts an anonymous one. */
  @Post('sign-out')
  @Redirect('/', 303)
  async signOut(@Req() req: WebRequest, @ReqMeta() meta: RequestMeta) {
    await this.auth.signOut(req.user as AuthUser, meta);
    await regenerateSession(req);
    req.session.flash = { heading: 'You have been signed out' };
    return { url: '/' };
  }
}
