import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '@app/platform';
import { API_KEY_MANAGERS, ApiKeysService } from '../application/api-keys.service';
import { AuthUser, RequestMeta } from '../application/auth-user';
import { CurrentUser, ReqMeta, Roles } from './decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { PageQueryDto } from './dto/organisation.dto';

/**
 * An organisation's API keys for third-party platforms, managed by its
 * admins. A key is sent as `X-API-Key` and grants only what anyone may read
 * (public routes), at a rate limit of its own; it is not a sign-in.
 */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles(...API_KEY_MANAGERS)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Your organisation's keys, active first: name, prefix, created, last used, revoked. Never the key itself. */
  @Get()
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto) {
    return this.keys.list(user, page);
  }

  /** Creates a key. The answer holds the key this once; only its hash is kept. */
  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApiKeyDto, @ReqMeta() meta: RequestMeta) {
    return this.keys.create(user, body, meta);
  }

  /** Revokes a key: requests with it are refused (401) from now on. */
  @Post(':apiKeyId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(@CurrentUser() user: AuthUser, @UuidParam('apiKeyId') id: string, @ReqMeta() meta: RequestMeta) {
    return this.keys.revoke(user, id, meta);
  }
}
