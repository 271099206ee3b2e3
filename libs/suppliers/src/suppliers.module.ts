import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { SizeDeclarationsService } from './application/size-declarations.service';
import { SupplierChangeListeners } from './application/supplier-changes';
import { SupplierProfilesService } from './application/supplier-profiles.service';
import { SupplierSizeFacade } from './application/supplier-size.facade';
import { SizeDeclarationsAdminController, SuppliersController } from './http/suppliers.controller';
import { SUPPLIERS_ENTITIES } from './infrastructure';

const SERVICES = [SupplierChangeListeners, SupplierProfilesService, SizeDeclarationsService, SupplierSizeFacade];

/** Supplier profiles, size declarations and the "band at T" facade. */
@Module({
  imports: [TypeOrmModule.forFeature(SUPPLIERS_ENTITIES), AuditModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class SuppliersModule {}

/** The supplier API routes. Imported by the api app. */
@Module({
  imports: [SuppliersModule],
  controllers: [SuppliersController, SizeDeclarationsAdminController],
})
export class SuppliersHttpModule {}
