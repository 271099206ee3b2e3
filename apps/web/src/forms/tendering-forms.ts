import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { ALERT_FREQUENCIES, AlertFrequency } from '@app/notifications';
import { OptionalText, RequiredText, emptyToUndefined } from './forms';
import { DECIMAL, Lines, RequiredDecimal } from './catalogue-forms';
import { amountText, dateFromParts } from './supplier-forms';
import { londonToUtc, parseTime } from '../view/tendering-view';


/** One checkbox ticked or one field of a repeated name arrives as a string, several as a list, none as nothing: always a list. */
const toList = ({ value }: { value: unknown }) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

const str = (o: Record<string, unknown>, k: string) => (typeof o[k] === 'string' ? (o[k] as string).trim() : '');

/** Registers a check of the whole form object whose message is reported on `propertyName`. */
function FormCheck(name: string, problem: (o: Record<string, unknown>, property: string) => string | null): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const check = (args: ValidationArguments) => problem(args.object as Record<string, unknown>, args.property);
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (_: unknown, args: ValidationArguments) => check(args) === null, defaultMessage: (args: ValidationArguments) => check(args) ?? '' },
    });
  };
}

/** The problem with a GOV.UK date input's three fields (`prefix-day` …), or null. Blank is fine unless `whenEmpty` is given. */
export function dateProblem(o: Record<string, unknown>, prefix: string, label: string, whenEmpty: string | null): string | null {
  const parts = ['day', 'month', 'year'].map((p) => str(o, `${prefix}-${p}`));
  const missing = ['day', 'month', 'year'].filter((_, i) => !parts[i]);
  if (missing.length === 3) return whenEmpty;
  if (missing.length) return `${label} must include a ${missing.join(' and ')}`;
  if (!/^\d{4}$/.test(parts[2])) return 'Year must include 4 numbers';
  if (!dateFromParts(parts[0], parts[1], parts[2])) return `${label} must be a real date`;
  return null;
}

/** The date input `prefix` (required unless `whenEmpty` is null), reported on its day field. */
const DateInput = (prefix: string, label: string, whenEmpty: string | null) => FormCheck('dateInput', (o) => dateProblem(o, prefix, label, whenEmpty));

/** The time field `prefix-time` beside a date input. */
const TimeInput = (prefix: string, whenEmpty: string, label: string) =>
  FormCheck('timeInput', (o) => {
    const v = str(o, `${prefix}-time`);
    if (!v) return whenEmpty;
    return parseTime(v) ? null : `${label} must be a time, like 17:00 or 5:30pm`;
  });

/** The date input's other two fields: checked by the day field's rule. */
const DatePart = (max: number) => applyDecorators(IsOptional(), IsString(), MaxLength(max));

/** The instant a date input and time field hold, London time, as ISO 8601 (the form checks they are valid first). */
export function instantOf(o: Record<string, unknown>, prefix: string): string {
  const iso = dateFromParts(o[`${prefix}-day`], o[`${prefix}-month`], o[`${prefix}-year`]);
  const time = parseTime(o[`${prefix}-time`]);
  if (!iso || !time) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return londonToUtc(y, m, d, time.hour, time.minute).toISOString();
}

/** The `YYYY-MM-DD` a date input holds, or null when blank. */
export const dateOf = (o: Record<string, unknown>, prefix: string): string | null => dateFromParts(o[`${prefix}-day`], o[`${prefix}-month`], o[`${prefix}-year`]);

function OptionalAmount(label: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform((p) => emptyToUndefined({ value: amountText(p) })),
    IsOptional(),
    Matches(DECIMAL, { message: `${label} must be an amount of 0 or more, like ${example}` }),
  );
}

/** A required whole number from `min` to `max`. */
function WholeNumber(label: string, whenEmpty: string, min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    Matches(/^\d{1,4}$/, { message: `${label} must be a whole number from ${min} to ${max}` }),
    FormCheck('range', (o, property) => {
      const v = Number(o[property]);
      return v >= min && v <= max ? null : `${label} must be a whole number from ${min} to ${max}`;
    }),
  );
}

/**
 * The requirement form. Dates are GOV.UK date inputs with a time field beside
 * them, read as London time; criteria are one on each line.
 */
export class RequirementForm {
  @RequiredText('Title', 'Enter a title', 200, { min: 5 })
  title: string;

  @RequiredText('Summary', 'Enter a summary', 500, { min: 10 })
  summary: string;

  @OptionalText('Problem statement', 5000)
  problemStatement?: string;

  @RequiredText('Description', 'Enter a description', 10000, { min: 10 })
  description: string;

  @IsString({ message: 'Select a lot' }) @IsNotEmpty({ message: 'Select a lot' }) @IsUUID('all', { message: 'Select a lot' })
  lotId: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Select a category from the list' })
  categoryId?: string;

  @RequiredText('Location', 'Enter where the work will be done, like Manchester or Remote', 100, { min: 2 })
  location: string;

  @OptionalAmount('Minimum budget', '50000 or 49999.50')
  budgetMin?: string;

  @OptionalAmount('Maximum budget', '120000 or 119999.50')
  budgetMax?: string;

  @IsString({ message: 'Select the currency of the budget' }) @Matches(/^[A-Z]{3}$/, { message: 'Select the currency of the budget' })
  currency: string;

  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'Contract length must be a whole number of months from 1 to 120' })
  @FormCheck('months', (o) => {
    const v = str(o, 'contractLengthMonths');
    return !v || !/^\d{1,3}$/.test(v) || (Number(v) >= 1 && Number(v) <= 120) ? null : 'Contract length must be a whole number of months from 1 to 120';
  })
  contractLengthMonths?: string;

  @DateInput('contractStart', 'Contract start date', null)
  'contractStart-day'?: string;

  @DatePart(4)
  'contractStart-month'?: string;

  @DatePart(6)
  'contractStart-year'?: string;

  @IsOptional() @Lines('Essential criteria', 50, 1000)
  essentialCriteria?: string;

  @IsOptional() @Lines('Nice-to-have criteria', 50, 1000)
  niceToHaveCriteria?: string;

  @WholeNumber('Technical weighting', 'Enter the technical weighting, like 60', 0, 100)
  technicalWeight: string;

  @WholeNumber('Price weighting', 'Enter the price weighting, like 40', 0, 100)
  priceWeight: string;

  @DateInput('questionsCloseAt', 'The date questions close', 'Enter the date questions close')
  'questionsCloseAt-day'?: string;

  @DatePart(4)
  'questionsCloseAt-month'?: string;

  @DatePart(6)
  'questionsCloseAt-year'?: string;

  @TimeInput('questionsCloseAt', 'Enter the time questions close, like 17:00', 'The time questions close')
  'questionsCloseAt-time'?: string;

  @DateInput('closesAt', 'The closing date', 'Enter the closing date')
  'closesAt-day'?: string;

  @DatePart(4)
  'closesAt-month'?: string;

  @DatePart(6)
  'closesAt-year'?: string;

  @TimeInput('closesAt', 'Enter the closing time, like 12:00', 'The closing time')
  'closesAt-time'?: string;

  /** "Save and publish" (the button's value). */
  @IsOptional() @IsIn(['publish'])
  then?: 'publish';
}

export class ReasonForm {
  @RequiredText('Reason', 'Enter the reason', 1000, { min: 3 })
  reason: string;
}

export class ClosingTimeForm {
  @DateInput('closesAt', 'The closing date', 'Enter the new closing date')
  'closesAt-day'?: string;

  @DatePart(4)
  'closesAt-month'?: string;

  @DatePart(6)
  'closesAt-year'?: string;

  @TimeInput('closesAt', 'Enter the new closing time, like 12:00', 'The closing time')
  'closesAt-time'?: string;
}

export class AssignmentForm {
  @IsString({ message: 'Select a user of your organisation' }) @IsUUID('all', { message: 'Select a user of your organisation' })
  userId: string;

  @IsIn(['evaluator', 'lead'], { message: 'Select whether they evaluate bids or lead the requirement' })
  role: 'evaluator' | 'lead';
}

export class QuestionForm {
  @RequiredText('Your question', 'Enter your question', 2000, { min: 5 })
  text: string;
}

export class AnswerForm {
  @RequiredText('Answer', 'Enter the answer', 5000, { min: 2 })
  answer: string;
}

/**
 * A bid: one answer per criterion (`answers`, in the order of the hidden
 * `criterionIds` beside them) and the price.
 */
export class BidForm {
  @Transform(toList) @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  criterionIds: string[] = [];

  @Transform(toList) @IsArray() @ArrayMaxSize(100) @IsString({ each: true })
  @MaxLength(20000, { each: true, message: 'Each answer must be 20,000 characters or fewer' })
  answers: string[] = [];

  @OptionalAmount('Price', '98000 or 97999.50')
  price?: string;
}

/** An evaluator's scores of one bid: per criterion (hidden `criterionIds`), a score and a comment. */
export class ScoresForm {
  @Transform(toList) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('all', { each: true })
  criterionIds: string[] = [];

  @Transform(toList) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(10, { each: true })
  scores: string[] = [];

  @Transform(toList) @IsArray() @ArrayMaxSize(100) @IsString({ each: true })
  @MaxLength(2000, { each: true, message: 'Each comment must be 2,000 characters or fewer' })
  comments: string[] = [];
}

export class ShortlistBidForm {
  @IsIn(['true', 'false'])
  shortlisted: 'true' | 'false';
}

export class AwardForm {
  @Transform(toList) @IsArray() @ArrayMinSize(1, { message: 'Select the bid or bids to award the contract to' }) @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'Select bids from the list' })
  bidIds: string[] = [];

  @RequiredDecimal('Contract value', 'Enter the value of the contract', '98000 or 97999.50')
  value: string;

  @DateInput('startDate', 'Start date', null)
  'startDate-day'?: string;

  @DatePart(4)
  'startDate-month'?: string;

  @DatePart(6)
  'startDate-year'?: string;

  @DateInput('endDate', 'End date', null)
  'endDate-day'?: string;

  @DatePart(4)
  'endDate-month'?: string;

  @DatePart(6)
  'endDate-year'?: string;
}

/** Only when the outcome is an award: the fields of the "Award a contract" form. */
const IfAwarded = () => ValidateIf((o: { outcome?: unknown }) => o.outcome === 'awarded');

/**
 * The outcome of a direct award from a shortlist or a saved search: a contract
 * for one offering (value and optional dates), or none suitable with the
 * reason. Only the chosen outcome's fields are checked and sent; the service
 * says which of them an award needs.
 */
export class DirectAwardForm {
  @IsIn(['awarded', 'none_suitable'], { message: 'Select whether you awarded a contract or none of the offerings was suitable' })
  outcome: 'awarded' | 'none_suitable';

  @IfAwarded() @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Choose an offering from the list' })
  offeringId?: string;

  @IfAwarded() @OptionalAmount('Contract value', '25000 or 24999.50')
  value?: string;

  @IfAwarded() @DateInput('startDate', 'Start date', null)
  'startDate-day'?: string;

  @IfAwarded() @DatePart(4)
  'startDate-month'?: string;

  @IfAwarded() @DatePart(6)
  'startDate-year'?: string;

  @IfAwarded() @DateInput('endDate', 'End date', null)
  'endDate-day'?: string;

  @IfAwarded() @DatePart(4)
  'endDate-month'?: string;

  @IfAwarded() @DatePart(6)
  'endDate-year'?: string;

  @ValidateIf((o: { outcome?: unknown }) => o.outcome === 'none_suitable') @OptionalText('Reason', 1000)
  reason?: string;
}

/** A supplier's opportunity alerts: how often, and the requirement lots followed (checkboxes). */
export class AlertPreferenceForm {
  @IsIn([...ALERT_FREQUENCIES], { message: 'Select how often you want to hear about new opportunities' })
  frequency: AlertFrequency;

  @Transform(toList) @IsArray() @ArrayMaxSize(50, { message: 'Choose 50 lots or fewer' }) @IsUUID('all', { each: true, message: 'Choose lots from the list' })
  lotIds: string[] = [];
}

/** /opportunities filters (GET). Dates typed are checked by the page and shown beside the filter. */
export class OpportunitiesQuery {
  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Choose a lot from the list' })
  lotId?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Choose a category from the list' })
  categoryId?: string;

  @IsOptional() @IsString() @MaxLength(200)
  location?: string;

  @DatePart(4) 'closingFrom-day'?: string;
  @DatePart(4) 'closingFrom-month'?: string;
  @DatePart(6) 'closingFrom-year'?: string;
  @DatePart(4) 'closingBy-day'?: string;
  @DatePart(4) 'closingBy-month'?: string;
  @DatePart(6) 'closingBy-year'?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'Page must be a whole number' }) @Min(1) @Max(500)
  page?: number;
}
