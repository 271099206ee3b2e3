import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { PageQueryDto } from '@app/identity';
import { IsCalendarDate, IsInstant } from '@app/platform';
import { REQUIREMENT_CURRENCIES } from '../../application/requirements.service';

const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
const amount = (field: string) => ({ message: `${field} must be an amount of 0 or more with at most two decimal places, like 25000.00` });

export class RequirementDto {
  @ApiProperty({ example: 'Replace the school-admissions booking service' })
  @IsString() @MinLength(5) @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'A new online service for parents applying for school places.' })
  @IsString() @MinLength(10) @MaxLength(500)
  summary: string;

  @ApiPropertyOptional({ example: 'Parents phone the council to book; 40% of calls are about availability.', nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(5000)
  problemStatement?: string | null;

  @ApiProperty({ example: 'We need a team to discover, build and run the new service with us.' })
  @IsString() @MinLength(10) @MaxLength(10000)
  description: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lotId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional() @IsUUID()
  categoryId?: string | null;

  @ApiProperty({ example: 'Manchester' })
  @IsString() @MinLength(2) @MaxLength(100)
  location: string;

  @ApiPropertyOptional({ example: '50000.00', nullable: true, type: String })
  @IsOptional() @Matches(DECIMAL, amount('budgetMin'))
  budgetMin?: string | null;

  @ApiPropertyOptional({ example: '120000.00', nullable: true, type: String })
  @IsOptional() @Matches(DECIMAL, amount('budgetMax'))
  budgetMax?: string | null;

  @ApiProperty({ enum: REQUIREMENT_CURRENCIES, example: 'GBP' })
  @IsIn([...REQUIREMENT_CURRENCIES], { message: `currency must be one of ${REQUIREMENT_CURRENCIES.join(', ')}` })
  currency: string;

  @ApiPropertyOptional({ example: 12, nullable: true, type: Number })
  @IsOptional() @IsInt() @Min(1) @Max(120)
  contractLengthMonths?: number | null;

  @ApiPropertyOptional({ example: '2027-04-01', nullable: true, type: String })
  @IsOptional() @IsCalendarDate({ message: 'contractStart must be a real date like 2027-04-01' })
  contractStart?: string | null;

  @ApiProperty({ type: [String], example: ['Experience of GOV.UK Design System services'] })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(1000, { each: true })
  essentialCriteria: string[];

  @ApiProperty({ type: [String], example: ['Experience with local authorities'] })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(1000, { each: true })
  niceToHaveCriteria: string[];

  @ApiProperty({ example: 60, description: 'Technical weighting in %; with priceWeight it must add up to 100' })
  @IsInt() @Min(0) @Max(100)
  technicalWeight: number;

  @ApiProperty({ example: 40 })
  @IsInt() @Min(0) @Max(100)
  priceWeight: number;

  @ApiProperty({ example: '2027-01-10T17:00:00Z' })
  @IsInstant({ message: 'questionsCloseAt must be a date and time like 2027-01-10T17:00:00Z' })
  questionsCloseAt: string;

  @ApiProperty({ example: '2027-01-20T12:00:00Z' })
  @IsInstant({ message: 'closesAt must be a date and time like 2027-01-20T12:00:00Z' })
  closesAt: string;
}

export class RequirementReasonDto {
  @ApiProperty({ example: 'The budget was withdrawn.' })
  @IsString() @MinLength(3) @MaxLength(1000)
  reason: string;
}

export class ClosingTimeDto {
  @ApiProperty({ example: '2027-01-27T12:00:00Z' })
  @IsInstant({ message: 'closesAt must be a date and time like 2027-01-27T12:00:00Z' })
  closesAt: string;
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: ['lead', 'evaluator'] })
  @IsIn(['lead', 'evaluator'])
  role: 'lead' | 'evaluator';
}

export class RequirementListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  lotId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ example: 'Manchester' })
  @IsOptional() @IsString() @MaxLength(100)
  location?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'Closing at or after this time' })
  @IsOptional() @IsInstant()
  closingAfter?: string;

  @ApiPropertyOptional({ example: '2027-02-01T00:00:00Z', description: 'Closing before this time' })
  @IsOptional() @IsInstant()
  closingBefore?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'open' })
  @IsOptional() @IsIn(['open', 'closed', 'all'])
  state?: 'open' | 'closed' | 'all';
}

export class QuestionDto {
  @ApiProperty({ example: 'Is there an incumbent supplier?' })
  @IsString() @MinLength(5) @MaxLength(2000)
  text: string;
}

export class AnswerDto {
  @ApiProperty({ example: 'No: this is a new service.' })
  @IsString() @MinLength(2) @MaxLength(5000)
  answer: string;
}

export class BidDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Criterion id → answer', example: { '0b7c…': 'We built…' } })
  @IsObject()
  answers: Record<string, string>;

  @ApiPropertyOptional({ example: '98000.00', nullable: true, type: String, description: "In the requirement's currency" })
  @IsOptional() @Matches(DECIMAL, amount('price'))
  price?: string | null;
}

export class ScoreItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  criterionId: string;

  @ApiProperty({ example: 70 })
  @IsInt() @Min(0) @Max(1000)
  score: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(2000)
  comment?: string | null;
}

export class ScoresDto {
  @ApiProperty({ type: [ScoreItemDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ScoreItemDto)
  scores: ScoreItemDto[];
}

export class ShortlistBidDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  shortlisted: boolean;
}

export class AwardDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true })
  bidIds: string[];

  @ApiProperty({ example: '98000.00' })
  @Matches(DECIMAL, amount('value'))
  value: string;

  @ApiPropertyOptional({ example: '2027-04-01', nullable: true, type: String })
  @IsOptional() @IsCalendarDate({ message: 'startDate must be a real date like 2027-04-01' })
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2028-03-31', nullable: true, type: String })
  @IsOptional() @IsCalendarDate({ message: 'endDate must be a real date like 2028-03-31' })
  endDate?: string | null;
}

export class ContractListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  requirementId?: string;
}

export class DirectAwardDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The shortlist the award comes from (or savedSearchId)' })
  @IsOptional() @IsUUID()
  shortlistId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional() @IsUUID()
  savedSearchId?: string | null;

  @ApiProperty({ enum: ['awarded', 'none_suitable'], example: 'awarded' })
  @IsIn(['awarded', 'none_suitable'], { message: 'outcome must be awarded or none_suitable' })
  outcome: 'awarded' | 'none_suitable';

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The published offering awarded to (outcome awarded)' })
  @IsOptional() @IsUUID()
  offeringId?: string | null;

  @ApiPropertyOptional({ example: '24000.00', nullable: true, type: String, description: "In the offering's currency" })
  @IsOptional() @Matches(DECIMAL, amount('value'))
  value?: string | null;

  @ApiPropertyOptional({ example: '2027-04-01', nullable: true, type: String })
  @IsOptional() @IsCalendarDate({ message: 'startDate must be a real date like 2027-04-01' })
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2028-03-31', nullable: true, type: String })
  @IsOptional() @IsCalendarDate({ message: 'endDate must be a real date like 2028-03-31' })
  endDate?: string | null;

  @ApiPropertyOptional({ example: 'None met our accessibility needs.', nullable: true, type: String, description: 'Why none was suitable (outcome none_suitable)' })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string | null;
}
