import { SavedSearchEntity, ShortlistEntity, ShortlistItemEntity } from './buyer-lists.entity';
import { CategoryEntity, FrameworkEntity, LotEntity } from './framework.entity';
import { OfferingEntity, OfferingVersionEntity } from './offering.entity';

export { CategoryEntity, FrameworkEntity, LotEntity, OfferingEntity, OfferingVersionEntity, SavedSearchEntity, ShortlistEntity, ShortlistItemEntity };

export const CATALOGUE_ENTITIES = [
  FrameworkEntity,
  LotEntity,
  CategoryEntity,
  OfferingEntity,
  OfferingVersionEntity,
  SavedSearchEntity,
  ShortlistEntity,
  ShortlistItemEntity,
];
