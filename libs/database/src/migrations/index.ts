import { Foundation1764100000000 } from './1764100000000-foundation';
import { SupplierCatalogue1764200000000 } from './1764200000000-supplier-catalogue';
import { OfferingVectorStorage1764250000000 } from './1764250000000-offering-vector-storage';
import { Tendering1764300000000 } from './1764300000000-tendering';
import { Notifications1764400000000 } from './1764400000000-notifications';
import { DirectAward1764500000000 } from './1764500000000-direct-award';
import { Reporting1764600000000 } from './1764600000000-reporting';
import { OpenData1764800000000 } from './1764800000000-open-data';
import { ApiKeys1764700000000 } from './1764700000000-api-keys';

/** Every migration, in order. Listed explicitly: no globs. */
export const MIGRATIONS: Function[] = [Foundation1764100000000, SupplierCatalogue1764200000000, OfferingVectorStorage1764250000000, Tendering1764300000000, Notifications1764400000000, DirectAward1764500000000, Reporting1764600000000, ApiKeys1764700000000, OpenData1764800000000];
