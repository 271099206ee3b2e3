import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the report responses (the services return plain objects of these shapes). */

export class ShareFiguresDto {
  @ApiProperty({ nullable: true, type: Number, example: 0.412, description: 'SME weight ÷ (SME + non-SME) weight; null when nothing of known size' })
  countShare: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.287, description: 'SME value ÷ (SME + non-SME) value in GBP, credit notes netted' })
  valueShare: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.93, description: 'Known-size weight ÷ all weight' })
  countCoverage: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0.97, description: 'Known-size value ÷ all value' })
  valueCoverage: number | null;
  @ApiProperty({ description: 'Coverage below 80%: show the share greyed out' })
  countGreyed: boolean;
  @ApiProperty()
  valueGreyed: boolean;
  @ApiProperty({ description: 'Award-supplier lines (or spend lines)' })
  lines: number;
  @ApiProperty({ description: 'Sum of line weights (contracts, split between their suppliers)' })
  weight: number;
  @ApiProperty({ description: 'Value in GBP of the lines that have one' })
  valueGbp: number;
  @ApiProperty()
  smeWeight: number;
  @ApiProperty()
  smeValueGbp: number;
  @ApiProperty({ description: 'Lines with a value in a currency without a rate: counted, not valued' })
  unconvertedLines: number;
}

export class ReportRowDto extends ShareFiguresDto {
  @ApiProperty({ example: 'FY2024-25', description: 'Period, buyer key, sector, framework, lot, category or size band' })
  key: string;
  @ApiProperty({ example: 'FY2024-25' })
  label: string;
}

class ReportFiltersViewDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: String }) dimension: string | null;
  @ApiProperty({ nullable: true, type: String }) key: string | null;
  @ApiProperty({ nullable: true, type: String }) keyLabel: string | null;
}

class SnapshotRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) snapshotAt: string;
  @ApiProperty() definitionVersion: string;
}

export class ShareReportDto {
  @ApiProperty({ enum: ['award', 'spend'] }) basis: string;
  @ApiProperty() by: string;
  @ApiProperty() period: string;
  @ApiProperty({ type: ReportFiltersViewDto }) filters: ReportFiltersViewDto;
  @ApiProperty({ example: 0.33, description: 'The SME target (SME_TARGET)' }) target: number;
  @ApiProperty({ example: '2026.11-1' }) definitionVersion: string;
  @ApiPropertyOptional({ type: SnapshotRefDto, nullable: true, description: 'Set when the figures are those of an earlier recompute' }) snapshot: SnapshotRefDto | null;
  @ApiProperty({ type: ShareFiguresDto }) headline: ShareFiguresDto;
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ description: 'Rows before paging' }) total: number;
}

export class ScorecardDto {
  @ApiProperty() buyerKey: string;
  @ApiProperty() buyerName: string;
  @ApiProperty({ nullable: true, type: Number }) valueShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) valueCoverage: number | null;
  @ApiProperty({ nullable: true, type: Number }) countShare: number | null;
  @ApiProperty({ nullable: true, type: Number }) countCoverage: number | null;
  @ApiProperty() greyed: boolean;
  @ApiProperty() lines: number;
  @ApiProperty() valueGbp: number;
  @ApiProperty({ nullable: true, type: Number, example: 104.5, description: 'Value share ÷ target, in %' }) attainment: number | null;
  @ApiProperty({ nullable: true, enum: ['A+', 'A', 'B', 'C', 'D', 'F'] }) grade: string | null;
}

export class ScorecardsDto {
  @ApiProperty() target: number;
  @ApiProperty({ type: ReportFiltersViewDto }) filters: ReportFiltersViewDto;
  @ApiProperty() total: number;
  @ApiProperty({ type: [ScorecardDto] }) items: ScorecardDto[];
}

class FunnelStageDto {
  @ApiProperty({ enum: ['registered', 'bidders', 'shortlisted', 'awarded'] }) stage: string;
  @ApiProperty() total: number;
  @ApiProperty() sme: number;
  @ApiProperty({ example: { micro: 3, small: 5, medium: 2, large: 4, unknown: 1 }, description: 'Distinct suppliers by size band' }) byBand: Record<string, number>;
}

class FunnelScopeDto {
  @ApiProperty({ nullable: true, type: String }) buyerId: string | null;
  @ApiProperty({ nullable: true, type: String }) buyerName: string | null;
  @ApiProperty({ nullable: true, type: String }) requirementId: string | null;
  @ApiProperty({ nullable: true, type: String }) requirementTitle: string | null;
  @ApiProperty({ description: 'Closed requirements counted' }) requirements: number;
}

export class FunnelDto {
  @ApiProperty({ type: FunnelScopeDto }) scope: FunnelScopeDto;
  @ApiProperty({ type: [FunnelStageDto] }) stages: FunnelStageDto[];
}

class LineDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reportedContractId: string | null;
  @ApiProperty({ nullable: true, type: String }) supplierKey: string | null;
  @ApiProperty({ enum: ['native', 'ocds', 'spend'] }) source: string;
  @ApiProperty({ nullable: true, type: String }) ocid: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The platform contract, for native awards' }) contractId: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ example: '2024-05-10' }) date: string;
  @ApiProperty({ enum: ['award', 'publication', 'signature', 'invoice'] }) dateBasis: string;
  @ApiProperty() buyerName: string;
  @ApiProperty() sector: string;
  @ApiProperty() supplierName: string;
  @ApiProperty() sizeBand: string;
  @ApiProperty({ example: '0.500000000000' }) weight: string;
  @ApiProperty({ nullable: true, type: String }) amount: string | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
  @ApiProperty({ nullable: true, type: String }) amountGbp: string | null;
}

export class LinesPageDto {
  @ApiProperty({ type: [LineDto] }) items: LineDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
