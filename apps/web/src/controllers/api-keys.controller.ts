import { Body, Controller, Get, Header, HttpCode, Post, Redirect, Render, Req } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { API_KEY_MANAGERS, ApiKeysService, AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { MAX_PAGE_SIZE } from '@app/shared';
import { ApiKeyForm } from '../forms/api-key-forms';
import { FormPage } from '../forms/form-page';
import { WebRequest, setFlash } from '../session/session-data';

const LIST = '/account/api-keys';

/**
 * An organisation's admins manage its API keys for third-party platforms:
 * the list (name, prefix, created, last used, status), a new key — shown on
 * the page that answers the form, once, and never stored or shown again —
 * and revoking one after a confirmation page. The rules are ApiKeysService's;
 * another organisation's key is "not found" here.
 */
@Roles(...API_KEY_MANAGERS)
@Controller('account/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('pages/api-keys')
  async list(@CurrentUser() user: AuthUser) {
    const keys = await this.keys.list(user, { limit: MAX_PAGE_SIZE, offset: 0 });
    return { pageTitle: 'API keys', keys, perMinute: this.config.api.apiKeyRateLimitPerMinute };
  }

  @Get('new')
  @Render('pages/api-key-new')
  newPage() {
    return { pageTitle: 'Create an API key' };
  }

  /**
   * Creates the key and answers with the page showing it (not a redirect: the
   * key must not travel through the session or a URL). `no-store` keeps it
   * out of the browser's cache and history.
   */
  @Post('new')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Render('pages/api-key-created')
  @FormPage<ApiKeysController>({ view: 'pages/api-key-new', model: () => ({ pageTitle: 'Create an API key' }), fallbackField: 'name' })
  async create(@CurrentUser() user: AuthUser, @Body() form: ApiKeyForm, @ReqMeta() meta: RequestMeta) {
    const created = await this.keys.create(user, { name: form.name }, meta);
    return { pageTitle: 'API key created', created, perMinute: this.config.api.apiKeyRateLimitPerMinute };
  }

  @Get(':apiKeyId/revoke')
  @Render('pages/api-key-revoke')
  async revokePage(@CurrentUser() user: AuthUser, @UuidParam('apiKeyId') id: string) {
    const key = await this.keys.get(user, id);
    return { pageTitle: `Revoke the API key ${key.name}`, key };
  }

  @Post(':apiKeyId/revoke')
  @Redirect(LIST, 303)
  async revoke(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('apiKeyId') id: string, @ReqMeta() meta: RequestMeta) {
    const key = await this.keys.revoke(user, id, meta);
    setFlash(req, { heading: `The API key ${key.name} has been revoked`, text: 'Requests made with it are refused from now on.' });
    return { url: LIST };
  }
}
