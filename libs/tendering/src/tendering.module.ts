import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { CatalogueModule } from '@app/catalogue';
import { SuppliersModule } from '@app/suppliers';
import { BidsService } from './application/bids.service';
import { DirectAwardsService } from './application/direct-awards.service';
import { EvaluationService } from './application/evaluation.service';
import { QuestionsService } from './application/questions.service';
import { RequirementsService } from './application/requirements.service';
import { BidsController, ContractsController, DirectAwardsController, OwnBidsController, RequirementsController } from './http/tendering.controller';
import { TENDERING_ENTITIES } from './infrastructure';

const SERVICES = [RequirementsService, QuestionsService, BidsService, EvaluationService, DirectAwardsService];

/** Requirements, clarification questions, sealed bids, evaluation, award and contracts. */
@Module({
  // CatalogueModule: tendering's entities reference lots, categories and offerings, whose entities must be
  // registered wherever tendering runs (the worker included).
  imports: [TypeOrmModule.forFeature(TENDERING_ENTITIES), AuditModule, SuppliersModule, CatalogueModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class TenderingModule {}

/** The tendering API routes. Imported by the api app. */
@Module({
  imports: [TenderingModule],
  controllers: [RequirementsController, BidsController, OwnBidsController, ContractsController, DirectAwardsController],
})
export class TenderingHttpModule {}
