import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { SuppliersModule } from '@app/suppliers';
import { BuyerListsService } from './application/buyer-lists.service';
import { FrameworksService } from './application/frameworks.service';
import { OfferingsService } from './application/offerings.service';
import { CatalogueSearchService } from './application/search.service';
import { BuyerListsController, FrameworksController, OfferingsController } from './http/catalogue.controller';
import { CATALOGUE_ENTITIES } from './infrastructure';

const SERVICES = [FrameworksService, OfferingsService, CatalogueSearchService, BuyerListsService];

/** Frameworks, lots, categories, offerings and their search; buyers' saved searches and shortlists. */
@Module({
  imports: [TypeOrmModule.forFeature(CATALOGUE_ENTITIES), AuditModule, SuppliersModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class CatalogueModule {}

/** The catalogue API routes. Imported by the api app. */
@Module({
  imports: [CatalogueModule],
  controllers: [FrameworksController, OfferingsController, BuyerListsController],
})
export class CatalogueHttpModule {}
