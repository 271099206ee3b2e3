export { SuppliersHttpModule, SuppliersModule } from './suppliers.module';
export * from './domain/size-band';
export { DEFAULT_RATES_TO_EUR, RatesToEur, convertMoney, isKnownCurrency, parseRates } from './domain/fx';
export { COMPANIES_HOUSE_RE } from './domain/profile';
export { SupplierChange, SupplierChangeListener, SupplierChangeListeners } from './application/supplier-changes';
export { SupplierProfilesService, SupplierProfileInput, SUPPLIER_NOT_FOUND } from './application/supplier-profiles.service';
export { SizeDeclarationsService, SizeDeclarationInput, SizeAssessment } from './application/size-declarations.service';
export { SizeAt, SupplierSizeFacade, SupplierSummary } from './application/supplier-size.facade';
export { SupplierView, SupplierProfileView, SizeDeclarationView, CurrentSizeView } from './application/views';
