import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { AuthService, TokenPair } from '../application/auth.service';
import { AuthUser, RequestMeta } from '../application/auth-user';
import { CurrentUser, ReqMeta } from './decorators';
import { ChangePasswordDto, MeDto, RefreshDto, SignInDto, TokenPairDto } from './dto/auth.dto';
import { LocalAuthGuard } from './guards/local-auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Signs in with e-mail and password: a short-lived access token and a rotating refresh token. */
  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('sign-in')
  @HttpCode(200)
  @ApiBody({ type: SignInDto })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or address' })
  signIn(@CurrentUser() user: AuthUser): Promise<TokenPair> {
    return this.auth.issueTokens(user);
  }

  /** Swaps a refresh token (usable once) for a new pair. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() body: RefreshDto, @ReqMeta() meta: RequestMeta): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, meta);
  }

  /** Ends this session: its access and refresh tokens are refused from now on. */
  @ApiBearerAuth()
  @Post('sign-out')
  @HttpCode(204)
  @ApiNoContentResponse()
  async signOut(@CurrentUser() user: AuthUser, @ReqMeta() meta: RequestMeta): Promise<void> {
    await this.auth.signOut(user, meta);
  }

  /** Changes the password; every session of the user ends, so sign in again. */
  @ApiBearerAuth()
  @Post('change-password')
  @HttpCode(204)
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto, @ReqMeta() meta: RequestMeta): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword, meta);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): MeDto {
    const { sessionId, ...me } = user;
    return me;
  }
}
