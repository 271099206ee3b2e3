import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { AuthService, AuthUser, CurrentUser, OrganisationsService, RequestMeta, ReqMeta } from '@app/identity';
import { Public } from '@app/platform';
import { FormPage } from '../forms/form-page';
import { RegisterForm } from '../forms/forms';
import { WebRequest, startUserSession } from '../session/session-data';

const PAGE = { pageTitle: 'Register your organisation' };

@Controller('register')
export class RegisterController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get()
  @Render('pages/register')
  page() {
    return { ...PAGE, values: {} };
  }

  /** Registers the organisation and its first admin, then signs the admin in. */
  @Public()
  @Post()
  @Redirect('/register/confirmation', 303)
  @FormPage({
    view: 'pages/register',
    model: () => PAGE,
    fields: { 'organisation.kind': 'kind', 'organisation.name': 'organisationName', 'admin.fullName': 'fullName', 'admin.email': 'email', 'admin.password': 'password' },
    fallbackField: 'email',
  })
  async register(@Req() req: WebRequest, @Body() form: RegisterForm, @ReqMeta() meta: RequestMeta) {
    await this.organisations.register(
      { organisation: { kind: form.kind, name: form.organisationName }, admin: { fullName: form.fullName, email: form.email, password: form.password } },
      meta,
    );
    const user = await this.auth.signIn(form.email, form.password, 'web', meta);
    await startUserSession(req, user);
    return { url: '/register/confirmation' };
  }

  /** After registration: verified at once, or waiting for a platform admin. */
  @Get('confirmation')
  @Render('pages/register-confirmation')
  confirmation(@CurrentUser() user: AuthUser) {
    return { pageTitle: 'Registration complete', organisationStatus: user.organisationStatus, organisationName: user.organisationName };
  }
}
