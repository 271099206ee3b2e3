import { ApiProperty } from '@nestjs/swagger';
import { OFFERING_STATUSES } from '../../domain/offering-lifecycle';

const BANDS = ['micro', 'small', 'medium', 'large'];

export class CategoryViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class LotViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) frameworkId: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: ['offerings', 'requirements'] }) kind: string;
  @ApiProperty({ type: [CategoryViewDto] }) categories: CategoryViewDto[];
}

export class FrameworkViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: ['live', 'closed'] }) status: string;
  @ApiProperty({ type: [LotViewDto] }) lots: LotViewDto[];
}

export class PriceViewDto {
  @ApiProperty({ example: '250.00' }) min: string;
  @ApiProperty({ nullable: true, type: String }) max: string | null;
  @ApiProperty({ example: 'per user' }) unit: string;
  @ApiProperty({ nullable: true, type: String, example: 'per month' }) interval: string | null;
  @ApiProperty({ example: 'GBP' }) currency: string;
}

export class OfferingSupplierDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BANDS, nullable: true, description: 'The band in force now; null when the supplier has declared none' }) sizeBand: string | null;
  @ApiProperty() sme: boolean;
}

export class OfferingViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'uuid' }) lotId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) categoryIds: string[];
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) features: string[];
  @ApiProperty({ type: [String] }) benefits: string[];
  @ApiProperty({ type: PriceViewDto }) price: PriceViewDto;
  @ApiProperty({ type: OfferingSupplierDto }) supplier: OfferingSupplierDto;
  @ApiProperty({ enum: OFFERING_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ description: 'Current version; an edit to a published offering adds one' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt: string | null;
}

export class OfferingPageDto {
  @ApiProperty({ type: [OfferingViewDto] }) items: OfferingViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class OfferingVersionViewDto {
  @ApiProperty({ format: 'uuid' }) offeringId: string;
  @ApiProperty() version: number;
  @ApiProperty() current: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'The content as published in this version: lotId, categoryIds, title, summary, description, features, benefits, price' })
  content: Record<string, unknown>;
}

export class SearchHighlightDto {
  @ApiProperty({ description: 'Safe HTML: the text escaped, matched words in <mark>' }) title: string;
  @ApiProperty({ description: 'Safe HTML: the text escaped, matched words in <mark>' }) summary: string;
}

export class NamedRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class SearchItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: SearchHighlightDto }) highlight: SearchHighlightDto;
  @ApiProperty({ type: NamedRefDto }) lot: NamedRefDto;
  @ApiProperty({ type: [NamedRefDto] }) categories: NamedRefDto[];
  @ApiProperty({ type: PriceViewDto }) price: PriceViewDto;
  @ApiProperty({ type: OfferingSupplierDto }) supplier: OfferingSupplierDto;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ description: 'ts_rank of the match (0 for an empty search)' }) rank: number;
}

export class FacetCountDto {
  @ApiProperty({ description: 'The filter value to send back (an id, or a band)' }) value: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class SmeFacetDto {
  @ApiProperty() sme: number;
  @ApiProperty() nonSme: number;
  @ApiProperty() unknown: number;
}

export class SearchFacetsDto {
  @ApiProperty({ type: [FacetCountDto] }) lots: FacetCountDto[];
  @ApiProperty({ type: [FacetCountDto] }) categories: FacetCountDto[];
  @ApiProperty({ type: [FacetCountDto] }) sizeBands: FacetCountDto[];
  @ApiProperty({ type: SmeFacetDto }) sme: SmeFacetDto;
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchItemDto] }) items: SearchItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ nullable: true, type: String, description: 'How the words were understood (a PostgreSQL tsquery)' }) interpretedAs: string | null;
  @ApiProperty({ description: 'The words held only common words, so everything is listed' }) wordsIgnored: boolean;
  @ApiProperty({ type: SearchFacetsDto, description: 'Counts over the whole filtered result' }) facets: SearchFacetsDto;
}

export class SavedSearchViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() query: Record<string, unknown>;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ShortlistItemViewDto {
  @ApiProperty({ format: 'uuid' }) offeringId: string;
  @ApiProperty({ description: 'The version that was shortlisted' }) offeringVersion: number;
  @ApiProperty() currentVersion: number;
  @ApiProperty() title: string;
  @ApiProperty() supplierName: string;
  @ApiProperty({ enum: BANDS, nullable: true }) supplierBand: string | null;
  @ApiProperty({ enum: OFFERING_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}

export class ShortlistViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() itemCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ShortlistDetailViewDto extends ShortlistViewDto {
  @ApiProperty({ type: [ShortlistItemViewDto] }) items: ShortlistItemViewDto[];
}
