import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { CatalogueModule } from '@app/catalogue';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { HealthModule, createValidationPipe, loggerModule } from '@app/platform';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { SuppliersModule } from '@app/suppliers';
import { OpenDataModule } from '@app/open-data';
import { ReportingModule } from '@app/reporting';
import { TenderingModule } from '@app/tendering';
import { WebSessionGuard } from './auth/web-session.guard';
import { DevelopersController } from './controllers/developers.controller';
import { AccountController } from './controllers/account.controller';
import { ApiKeysController } from './controllers/api-keys.controller';
import { AdminImportsController } from './controllers/admin-imports.controller';
import { AdminOrganisationsController } from './controllers/admin-organisations.controller';
import { AdminFrameworksController } from './controllers/admin-frameworks.controller';
import { AdminSizeDeclarationsController } from './controllers/admin-size-declarations.controller';
import { AdminUsersController } from './controllers/admin-users.controller';
import { BuyerSavedSearchesController, BuyerShortlistsController } from './controllers/buyer-lists.controller';
import { BuyerDirectAwardsController } from './controllers/buyer-direct-awards.controller';
import { BuyerEvaluationController } from './controllers/buyer-evaluation.controller';
import { BuyerRequirementsController } from './controllers/buyer-requirements.controller';
import { CatalogueController } from './controllers/catalogue.controller';
import { ContractsController } from './controllers/contracts.controller';
import { HomeController } from './controllers/home.controller';
import { InvitationsController } from './controllers/invitations.controller';
import { OpportunitiesController } from './controllers/opportunities.controller';
import { OrganisationUsersController } from './controllers/organisation-users.controller';
import { RegisterController } from './controllers/register.controller';
import { ReportsController } from './controllers/reports.controller';
import { SignInController } from './controllers/sign-in.controller';
import { SmeSummaryController } from './controllers/sme-summary.controller';
import { SupplierAlertsController } from './controllers/supplier-alerts.controller';
import { SupplierBidsController, SupplierOwnBidsController } from './controllers/supplier-bids.controller';
import { SupplierOfferingsController } from './controllers/supplier-offerings.controller';
import { SupplierProfileController } from './controllers/supplier-profile.controller';
import { SupplierSizeController } from './controllers/supplier-size.controller';
import { WebExceptionFilter } from './errors/web-exception.filter';
import { FormErrorsInterceptor } from './forms/form-errors.interceptor';
import { SessionRedisLifecycle, sessionRedisProvider } from './session/session-redis.provider';

/**
 * The server-rendered web app (GOV.UK Design System). Like the API, its
 * cross-cutting behaviour is APP_* providers so a test app is production:
 * the validation pipe, the session guard (deny by default, then roles), the
 * form re-render interceptor and the error-page filter. Middleware that is
 * plain Express (helmet, static files, session, CSRF, Bull Board) is set up
 * by configureWebApp.
 */
@Module({})
export class WebModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WebModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule('web'),
        DatabaseModule,
        RedisModule,
        QueueModule,
        AuditModule,
        IdentityModule,
        SuppliersModule,
        CatalogueModule,
        TenderingModule,
        NotificationsModule,
        ReportingModule,
        OpenDataModule,
        HealthModule,
      ],
      controllers: [
        HomeController,
        DevelopersController,
        SignInController,
        RegisterController,
        AccountController,
        ApiKeysController,
        OrganisationUsersController,
        InvitationsController,
        AdminOrganisationsController,
        AdminUsersController,
        AdminImportsController,
        CatalogueController,
        SupplierProfileController,
        SupplierSizeController,
        SupplierOfferingsController,
        BuyerShortlistsController,
        BuyerSavedSearchesController,
        AdminFrameworksController,
        AdminSizeDeclarationsController,
        OpportunitiesController,
        SupplierBidsController,
        SupplierOwnBidsController,
        SupplierAlertsController,
        ContractsController,
        BuyerRequirementsController,
        BuyerEvaluationController,
        BuyerDirectAwardsController,
        ReportsController,
        SmeSummaryController,
      ],
      providers: [
        sessionRedisProvider,
        SessionRedisLifecycle,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: WebExceptionFilter },
        { provide: APP_GUARD, useClass: WebSessionGuard },
        { provide: APP_INTERCEPTOR, useClass: FormErrorsInterceptor },
      ],
    };
  }
}
