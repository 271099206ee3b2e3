import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { COMPANIES_HOUSE_RE, DUNS_RE } from '../../domain/profile';
import { SIZE_BANDS, SIZE_DEFINITION_IDS } from '../../domain/size-band';
import type { SizeBand } from '../../domain/size-band';

export class AddressDto {
  @ApiProperty({ example: '1 High Street' })
  @IsString() @MinLength(1) @MaxLength(200)
  line1: string;

  @ApiPropertyOptional({ example: 'Unit 4', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(200)
  line2?: string | null;

  @ApiProperty({ example: 'Leeds' })
  @IsString() @MinLength(1) @MaxLength(100)
  town: string;

  @ApiProperty({ example: 'LS1 4AP' })
  @IsString() @MinLength(2) @MaxLength(12)
  postcode: string;

  @ApiPropertyOptional({ example: 'GB', default: 'GB', description: 'ISO 3166-1 alpha-2' })
  @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'address.country must be a two-letter country code' })
  country?: string;
}

export class ContactDto {
  @ApiProperty({ example: 'Priya Shah' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'bids@acme.example' })
  @IsEmail({}, { message: 'contact.email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '0113 496 0000', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(30)
  phone?: string | null;
}

export class SupplierProfileDto {
  @ApiProperty({ example: 'Acme Digital Limited' })
  @IsString() @MinLength(2) @MaxLength(200)
  legalName: string;

  @ApiPropertyOptional({ example: 'Acme Digital', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(200)
  tradingName?: string | null;

  @ApiPropertyOptional({ example: '01234567', nullable: true, type: String, pattern: COMPANIES_HOUSE_RE.source })
  @IsOptional()
  @Matches(COMPANIES_HOUSE_RE, { message: 'companiesHouseNumber must be two digits or two letters, then six digits (like 01234567 or SC123456)' })
  companiesHouseNumber?: string | null;

  @ApiPropertyOptional({ example: '123456789', nullable: true, type: String })
  @IsOptional() @Matches(DUNS_RE, { message: 'dunsNumber must be nine digits' })
  dunsNumber?: string | null;

  @ApiPropertyOptional({ example: 'GB123456789', nullable: true, type: String })
  @IsOptional() @Matches(/^([A-Za-z]{2})?[0-9A-Za-z ]{8,16}$/, { message: 'vatNumber must be a VAT registration number, like GB123456789' })
  vatNumber?: string | null;

  @ApiProperty({ type: AddressDto })
  @IsObject() @ValidateNested() @Type(() => AddressDto)
  address: AddressDto;

  @ApiProperty({ type: ContactDto })
  @IsObject() @ValidateNested() @Type(() => ContactDto)
  contact: ContactDto;

  @ApiPropertyOptional({ example: 'https://acme.example', nullable: true, type: String })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be a web address starting https://' }) @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ example: 'We build accessible digital services for councils.', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ example: false, description: 'Voluntary, community or social enterprise' })
  @IsOptional() @IsBoolean()
  vcse?: boolean;

  @ApiPropertyOptional({ example: false, description: 'Trading for less than three years' })
  @IsOptional() @IsBoolean()
  startup?: boolean;
}

export class AmountDto {
  @ApiProperty({ example: '1250000.00', description: 'Decimal amount, up to two decimal places' })
  @IsString({ message: '$property must be a decimal string like 1250000.00' })
  @Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: '$property must be an amount of 0 or more with at most two decimal places, like 1250000.00' })
  amount: string;

  @ApiProperty({ example: 'GBP', description: 'ISO 4217 code' })
  @Matches(/^[A-Z]{3}$/, { message: '$property must be a three-letter ISO 4217 currency code, like GBP' })
  currency: string;
}

export class SizeDeclarationDto {
  @ApiProperty({ example: 12, minimum: 0, description: 'Staff headcount (annual work units)' })
  @IsInt({ message: 'headcount must be a whole number' }) @Min(0, { message: 'headcount must be 0 or more' })
  headcount: number;

  @ApiProperty({ type: AmountDto })
  @IsObject() @ValidateNested() @Type(() => AmountDto)
  turnover: AmountDto;

  @ApiProperty({ type: AmountDto })
  @IsObject() @ValidateNested() @Type(() => AmountDto)
  balanceSheet: AmountDto;

  @ApiProperty({ example: '2026-03-31', description: 'The date the figures refer to' })
  @IsISO8601({ strict: true }, { message: 'figuresDate must be a date like 2026-03-31' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'figuresDate must be a date like 2026-03-31' })
  figuresDate: string;

  @ApiPropertyOptional({ enum: SIZE_BANDS, nullable: true, description: 'The band the supplier believes it is; kept beside the derived band' })
  @IsOptional() @IsIn(SIZE_BANDS as unknown as string[])
  statedBand?: SizeBand | null;

  @ApiPropertyOptional({ example: 'Accounts filed at Companies House for the year to 31 March 2026', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2000)
  evidence?: string | null;
}

export class BandAtQueryDto {
  @ApiPropertyOptional({ example: '2026-06-30T12:00:00Z', description: 'Instant to ask about (ISO 8601); now when absent' })
  @IsOptional() @IsISO8601({}, { message: 'at must be an ISO 8601 date-time' })
  at?: string;
}

export class AmountViewDto {
  @ApiProperty() amount: string;
  @ApiProperty() currency: string;
}

export class SizeDeclarationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() headcount: number;
  @ApiProperty({ type: AmountViewDto }) turnover: AmountViewDto;
  @ApiProperty({ type: AmountViewDto }) balanceSheet: AmountViewDto;
  @ApiProperty({ format: 'date' }) figuresDate: string;
  @ApiProperty({ enum: SIZE_BANDS, nullable: true }) statedBand: string | null;
  @ApiProperty({ enum: SIZE_BANDS }) derivedBand: string;
  @ApiProperty({ enum: SIZE_DEFINITION_IDS }) definition: string;
  @ApiProperty() bandMismatch: boolean;
  @ApiProperty({ nullable: true, type: String }) evidence: string | null;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) validTo: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) verifiedAt: string | null;
}

export class CurrentSizeDto {
  @ApiProperty({ enum: SIZE_BANDS }) band: string;
  @ApiProperty() sme: boolean;
  @ApiProperty({ enum: SIZE_DEFINITION_IDS }) definition: string;
  @ApiProperty({ format: 'date-time' }) declaredAt: string;
  @ApiProperty() verified: boolean;
}

export class SupplierViewDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['pending', 'verified', 'rejected'] }) verificationStatus: string;
  @ApiProperty({ type: SupplierProfileDto, nullable: true }) profile: SupplierProfileDto | null;
  @ApiProperty({ type: CurrentSizeDto, nullable: true }) size: CurrentSizeDto | null;
}

export class BandAtDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: [...SIZE_BANDS, 'unknown'] }) band: string;
  @ApiProperty() sme: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) declarationId: string | null;
}
