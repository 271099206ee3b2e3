import { SizeDeclarationEntity } from './size-declaration.entity';
import { SupplierProfileEntity } from './supplier-profile.entity';

export { SizeDeclarationEntity, SupplierProfileEntity };

export const SUPPLIERS_ENTITIES = [SupplierProfileEntity, SizeDeclarationEntity];
