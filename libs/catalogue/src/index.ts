export { CatalogueHttpModule, CatalogueModule } from './catalogue.module';
export * from './domain/offering-lifecycle';
export { FrameworksService, FrameworkView, LotView, CategoryView } from './application/frameworks.service';
export { OfferingsService, OfferingInput, OfferingView, OfferingVersionView, OfferingContent, PRICE_CURRENCIES } from './application/offerings.service';
export { CatalogueSearchService, SearchParams, SearchResult, SearchItem, FacetCount } from './application/search.service';
export { BuyerListsService, SavedSearchView, ShortlistView, ShortlistDetailView, ShortlistItemView } from './application/buyer-lists.service';
export { BandFilter } from './infrastructure/search-sql';
