import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { AppConfig } from '@app/config';
import { ApiKeysService } from './application/api-keys.service';
import { AuthService } from './application/auth.service';
import { InvitationsService } from './application/invitations.service';
import { LoginThrottleService } from './application/login-throttle.service';
import { OrganisationsService } from './application/organisations.service';
import { PasswordHasher } from './application/password-hasher.service';
import { PublicSectorDomainsService } from './application/public-sector-domains.service';
import { SessionsService } from './application/sessions.service';
import { UsersService } from './application/users.service';
import { AdminController } from './http/admin.controller';
import { ApiKeysController } from './http/api-keys.controller';
import { AuthController } from './http/auth.controller';
import { ApiKeyGuard } from './http/guards/api-key.guard';
import { JwtAuthGuard } from './http/guards/jwt-auth.guard';
import { RolesGuard } from './http/guards/roles.guard';
import { JWT_ALGORITHMS, JwtStrategy, LocalStrategy, jwtKey } from './http/guards/strategies';
import { OrganisationsController } from './http/organisations.controller';
import { IDENTITY_ENTITIES } from './infrastructure';

const SERVICES = [
  ApiKeysService,
  AuthService,
  InvitationsService,
  LoginThrottleService,
  OrganisationsService,
  PasswordHasher,
  PublicSectorDomainsService,
  SessionsService,
  UsersService,
];

/** Organisations, users, sessions, invitations and API keys: the services every app uses. */
@Module({
  imports: [
    TypeOrmModule.forFeature(IDENTITY_ENTITIES),
    AuditModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.auth.jwtSecret) as unknown as string,
        signOptions: {
          algorithm: JWT_ALGORITHMS[0],
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          expiresIn: config.auth.accessTokenTtlSeconds,
        },
        verifyOptions: { algorithms: [...JWT_ALGORITHMS], issuer: config.auth.issuer, audience: config.auth.audience },
      }),
    }),
  ],
  providers: SERVICES,
  exports: [...SERVICES, JwtModule],
})
export class IdentityModule {}

/** The identity API routes and the guards that protect every API route. Imported by the api app. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, OrganisationsController, AdminController, ApiKeysController],
  providers: [JwtStrategy, LocalStrategy, ApiKeyGuard, JwtAuthGuard, RolesGuard],
  exports: [ApiKeyGuard, JwtAuthGuard, RolesGuard],
})
export class IdentityHttpModule {}
