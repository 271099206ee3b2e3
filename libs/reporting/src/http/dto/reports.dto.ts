import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/identity';
import { PERIOD_KINDS, PeriodKind } from '../../domain/periods';
import { BUYER_SECTORS, BuyerSector, REPORTED_BANDS, ReportedBand } from '../../domain/source-contract';
import { BREAKDOWNS, Breakdown, REPORT_BASES, ROLLUP_DIMENSIONS, ReportBasis, RollupDimension } from '../../application/sme-reports.service';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class ReportFiltersDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_BASES, default: 'award', description: 'award: contracts awarded (award-supplier lines); spend: invoiced spend lines' })
  @IsOptional() @IsIn(REPORT_BASES, { message: `basis must be one of ${REPORT_BASES.join(', ')}` })
  basis: ReportBasis = 'award';

  @ApiPropertyOptional({ example: '2024-04', description: 'First month, inclusive (YYYY-MM, Europe/London)' })
  @IsOptional() @Matches(MONTH, { message: 'from must be a month like 2024-04' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-03', description: 'Last month, inclusive' })
  @IsOptional() @Matches(MONTH, { message: 'to must be a month like 2025-03' })
  to?: string;

  @ApiPropertyOptional({ enum: BUYER_SECTORS })
  @IsOptional() @IsIn(BUYER_SECTORS, { message: `sector must be one of ${BUYER_SECTORS.join(', ')}` })
  sector?: BuyerSector;

  @ApiPropertyOptional({ enum: ROLLUP_DIMENSIONS, description: 'Narrow to one buyer, framework, lot or category (with key)' })
  @IsOptional() @IsIn(ROLLUP_DIMENSIONS, { message: `dimension must be one of ${ROLLUP_DIMENSIONS.join(', ')}` })
  dimension?: RollupDimension;

  @ApiPropertyOptional({ description: 'The buyer key, framework, lot or category name to narrow to' })
  @IsOptional() @IsString() @MaxLength(300)
  key?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format: 'json' | 'csv' = 'json';
}

export class ShareReportQueryDto extends ReportFiltersDto {
  @ApiPropertyOptional({ enum: BREAKDOWNS, default: 'period' })
  @IsOptional() @IsIn(BREAKDOWNS, { message: `by must be one of ${BREAKDOWNS.join(', ')}` })
  by: Breakdown = 'period';

  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'fy', description: 'month, quarter (calendar) or fy (UK financial year, April to March)' })
  @IsOptional() @IsIn(PERIOD_KINDS, { message: `period must be one of ${PERIOD_KINDS.join(', ')}` })
  period: PeriodKind = 'fy';

  @ApiPropertyOptional({ format: 'uuid', description: 'Read the figures stored by an earlier recompute' })
  @IsOptional() @IsUUID('all', { message: 'snapshot must be a snapshot id' })
  snapshot?: string;
}

export class LinesQueryDto extends ReportFiltersDto {
  @ApiPropertyOptional({ enum: REPORTED_BANDS })
  @IsOptional() @IsIn(REPORTED_BANDS, { message: `band must be one of ${REPORTED_BANDS.join(', ')}` })
  band?: ReportedBand;
}

export class FunnelQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A buyer organisation' })
  @IsOptional() @IsUUID('all', { message: 'buyerId must be an organisation id' })
  buyerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A requirement past its closing time' })
  @IsOptional() @IsUUID('all', { message: 'requirementId must be a requirement id' })
  requirementId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format: 'json' | 'csv' = 'json';
}

export class SizeCorrectionDto {
  @ApiProperty({ description: 'The supplier key of the line, as the drill-down shows it', example: 'matrix-supplier' })
  @IsString() @MinLength(1) @MaxLength(300)
  supplierKey: string;

  @ApiProperty({ enum: REPORTED_BANDS })
  @IsIn(REPORTED_BANDS, { message: `band must be one of ${REPORTED_BANDS.join(', ')}` })
  band: ReportedBand;

  @ApiProperty({ example: 'Companies House accounts for 2024 show 12 staff.' })
  @IsString() @MinLength(3) @MaxLength(1000)
  reason: string;
}

export class FxRatesCsvDto {
  @ApiProperty({ description: 'CSV text with the header currency,valid_from,gbp_per_unit', example: 'currency,valid_from,gbp_per_unit\nEUR,2024-01-01,0.8600\n' })
  @IsString() @MinLength(1) @MaxLength(2_000_000)
  csv: string;

  @ApiPropertyOptional({ example: 'Bank of England monthly averages 2024' })
  @IsOptional() @IsString() @MaxLength(200)
  source?: string;
}
