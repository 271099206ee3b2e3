import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/shared';
import { OFFERING_STATUSES } from '../../domain/offering-lifecycle';
import { PRICE_CURRENCIES } from '../../application/offerings.service';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class CreateFrameworkDto {
  @ApiProperty({ example: 'g-cloud-15' })
  @Matches(SLUG, { message: 'slug must be lower-case letters and digits joined by hyphens, like g-cloud-15' }) @MaxLength(60)
  slug: string;

  @ApiProperty({ example: 'G-Cloud 15' })
  @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Cloud hosting, software and support.', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;
}

export class UpdateFrameworkDto {
  @ApiPropertyOptional({ example: 'G-Cloud 15' })
  @IsOptional() @IsString() @MinLength(2) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ enum: ['live', 'closed'], example: 'live' })
  @IsOptional() @IsIn(['live', 'closed'])
  status?: 'live' | 'closed';
}

export class CreateLotDto {
  @ApiProperty({ example: 'cloud-security' })
  @Matches(SLUG, { message: 'slug must be lower-case letters and digits joined by hyphens' }) @MaxLength(60)
  slug: string;

  @ApiProperty({ example: 'Cloud security' })
  @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ enum: ['offerings', 'requirements'], example: 'offerings' })
  @IsIn(['offerings', 'requirements'])
  kind: 'offerings' | 'requirements';
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'penetration-testing' })
  @Matches(SLUG, { message: 'slug must be lower-case letters and digits joined by hyphens' }) @MaxLength(60)
  slug: string;

  @ApiProperty({ example: 'Penetration testing' })
  @IsString() @MinLength(2) @MaxLength(200)
  name: string;
}

export class PriceDto {
  @ApiProperty({ example: '250.00' })
  @Matches(DECIMAL, { message: 'price.min must be an amount of 0 or more with at most two decimal places' })
  min: string;

  @ApiPropertyOptional({ example: '900.00', nullable: true, type: String })
  @IsOptional() @Matches(DECIMAL, { message: 'price.max must be an amount of 0 or more with at most two decimal places' })
  max?: string | null;

  @ApiProperty({ example: 'per user' })
  @IsString() @MinLength(1) @MaxLength(40)
  unit: string;

  @ApiPropertyOptional({ example: 'per month', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(20)
  interval?: string | null;

  @ApiProperty({ enum: PRICE_CURRENCIES, example: 'GBP' })
  @Matches(/^[A-Z]{3}$/, { message: 'price.currency must be a three-letter ISO 4217 code, like GBP' })
  currency: string;
}

export class OfferingDto {
  @ApiProperty({ format: 'uuid', description: 'A lot of kind "offerings"' })
  @IsUUID('all', { message: 'lotId must be a UUID' })
  lotId: string;

  @ApiProperty({ type: [String], format: 'uuid', example: [] })
  @IsArray() @ArrayMaxSize(10) @IsUUID('all', { each: true, message: 'categoryIds must hold UUIDs' })
  categoryIds: string[];

  @ApiProperty({ example: 'Managed PostgreSQL hosting' })
  @IsString() @MinLength(3) @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'Highly available PostgreSQL in UK data centres, run for you.' })
  @IsString() @MinLength(10) @MaxLength(500)
  summary: string;

  @ApiProperty({ example: 'We run PostgreSQL clusters with point-in-time recovery, monitoring and upgrades.' })
  @IsString() @MinLength(10) @MaxLength(10000)
  description: string;

  @ApiProperty({ type: [String], example: ['Point-in-time recovery'] })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(300, { each: true })
  features: string[];

  @ApiProperty({ type: [String], example: ['No database administrator needed'] })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(300, { each: true })
  benefits: string[];

  @ApiProperty({ type: PriceDto })
  @IsObject() @ValidateNested() @Type(() => PriceDto)
  price: PriceDto;
}

export class ReasonDto {
  @ApiPropertyOptional({ example: 'Misleading pricing reported by a buyer.', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(500)
  reason?: string | null;
}

export class SearchQueryDto {
  @ApiPropertyOptional({ example: 'cloud hosting', description: 'Words: all must match; `OR` between alternatives; `-word` excludes; "a phrase" in quotes' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all', { message: 'lotId must be a UUID' })
  lotId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all', { message: 'categoryId must be a UUID' })
  categoryId?: string;

  @ApiPropertyOptional({ enum: ['micro', 'small', 'medium', 'large', 'unknown'] })
  @IsOptional() @IsIn(['micro', 'small', 'medium', 'large', 'unknown'])
  sizeBand?: 'micro' | 'small' | 'medium' | 'large' | 'unknown';

  @ApiPropertyOptional({ type: Boolean, description: 'Only suppliers whose band in force is micro, small or medium' })
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'smeOnly must be true or false' })
  smeOnly?: boolean;

  @ApiPropertyOptional({ example: '100' })
  @IsOptional() @Matches(DECIMAL, { message: 'priceMin must be an amount like 100 or 99.50' })
  priceMin?: string;

  @ApiPropertyOptional({ example: '5000' })
  @IsOptional() @Matches(DECIMAL, { message: 'priceMax must be an amount like 5000' })
  priceMax?: string;

  @ApiPropertyOptional({ enum: PRICE_CURRENCIES, default: 'GBP', description: 'The price filter compares offerings priced in this currency only' })
  @IsOptional() @IsIn(PRICE_CURRENCIES as unknown as string[])
  currency?: string;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 10000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10000)
  offset: number = 0;
}

export class OrganisationOfferingsQueryDto {
  @ApiPropertyOptional({ enum: OFFERING_STATUSES })
  @IsOptional() @IsIn(OFFERING_STATUSES as unknown as string[])
  status?: (typeof OFFERING_STATUSES)[number];

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset: number = 0;
}

/** A search as saved: the parameters of GET /offerings without the page. */
export class SavedQueryDto extends OmitType(SearchQueryDto, ['limit', 'offset'] as const) {}

export class SavedSearchDto {
  @ApiProperty({ example: 'SME hosting under £5k' })
  @IsString() @MinLength(1) @MaxLength(100)
  name: string;

  @ApiProperty({ type: SavedQueryDto, example: { q: 'hosting', smeOnly: true } })
  @IsObject() @ValidateNested() @Type(() => SavedQueryDto)
  query: SavedQueryDto;
}

export class ShortlistDto {
  @ApiProperty({ example: 'Case management shortlist' })
  @IsString() @MinLength(1) @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(1000)
  notes?: string | null;
}

export class ShortlistItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'offeringId must be a UUID' })
  offeringId: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(500)
  note?: string | null;
}
