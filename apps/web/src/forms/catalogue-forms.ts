import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidationArguments, registerDecorator } from 'class-validator';
import { PRICE_CURRENCIES } from '@app/catalogue';
import { OptionalText, RequiredText, emptyToUndefined } from './forms';
import { amountText } from './supplier-forms';

/** Amounts as the tables hold them: numeric(14,2). */
export const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const BAND_FILTERS = ['micro', 'small', 'medium', 'large', 'unknown'] as const;

/** One checkbox ticked arrives as a string, several as a list, none as nothing: always a list. */
const toList = ({ value }: { value: unknown }) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]);

/** The lines of a textarea, trimmed, blank ones dropped. */
export function linesOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : [];
}

/** A textarea holding a list, one item a line: at most `maxLines` lines of at most `maxLength` characters. */
export function Lines(label: string, maxLines: number, maxLength: number): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const problem = (value: unknown): string | null => {
      if (value === undefined || value === null) return null;
      if (typeof value !== 'string') return `${label} must be text`;
      const lines = linesOf(value);
      if (lines.length > maxLines) return `Enter ${maxLines} ${label.toLowerCase()} or fewer, one on each line`;
      const long = lines.findIndex((l) => l.length > maxLength);
      if (long >= 0) return `Each of the ${label.toLowerCase()} must be ${maxLength} characters or fewer (line ${long + 1} is longer)`;
      return null;
    };
    registerDecorator({
      name: 'lines',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args: ValidationArguments) => problem(args.value) ?? '',
      },
    });
  };
}

/** A required amount as typed (`1,250.50`), stored as a decimal string. */
export function RequiredDecimal(label: string, whenEmpty: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform(amountText),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    Matches(DECIMAL, { message: `${label} must be an amount of 0 or more, like ${example}` }),
  );
}

function OptionalAmount(label: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform((p) => emptyToUndefined({ value: amountText(p) })),
    IsOptional(),
    Matches(DECIMAL, { message: `${label} must be an amount of 0 or more, like ${example}` }),
  );
}

function Slug(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString({ message: 'Enter a slug' }),
    IsNotEmpty({ message: 'Enter a slug' }),
    Matches(SLUG, { message: 'Slug must be lower-case letters and numbers joined by hyphens, like cloud-hosting' }),
    MaxLength(60, { message: 'Slug must be 60 characters or fewer' }),
  );
}

export class OfferingForm {
  @IsString({ message: 'Select a lot' }) @IsNotEmpty({ message: 'Select a lot' }) @IsUUID('all', { message: 'Select a lot' })
  lotId: string;

  @Transform(toList) @IsArray() @ArrayMaxSize(10, { message: 'Select 10 categories or fewer' })
  @IsUUID('all', { each: true, message: 'Select categories from the list' })
  categoryIds: string[] = [];

  @RequiredText('Title', 'Enter a title', 200, { min: 3 })
  title: string;

  @RequiredText('Summary', 'Enter a summary', 500, { min: 10 })
  summary: string;

  @RequiredText('Description', 'Enter a description', 10000, { min: 10 })
  description: string;

  @IsOptional() @Lines('Features', 20, 300)
  features?: string;

  @IsOptional() @Lines('Benefits', 20, 300)
  benefits?: string;

  @RequiredDecimal('Minimum price', 'Enter the minimum price', '250 or 249.99')
  priceMin: string;

  @OptionalAmount('Maximum price', '900 or 899.99')
  priceMax?: string;

  @RequiredText('Price unit', 'Enter what the price is for, like per user or per day', 40)
  priceUnit: string;

  @OptionalText('Price interval', 20)
  priceInterval?: string;

  @IsString({ message: 'Select the currency of the price' }) @Matches(/^[A-Z]{3}$/, { message: 'Select the currency of the price' })
  priceCurrency: string;
}

export class SuspendForm {
  @RequiredText('Reason', 'Enter the reason for suspending the offering', 500)
  reason: string;
}

export class ShortlistForm {
  @RequiredText('Name', 'Enter a name for the shortlist', 100)
  name: string;

  @OptionalText('Notes', 1000)
  notes?: string;
}

export class AddToShortlistForm {
  @IsString({ message: 'Select a shortlist' }) @IsUUID('all', { message: 'Select a shortlist' })
  shortlistId: string;

  @OptionalText('Note', 500)
  note?: string;
}

/**
 * The catalogue's GET parameters. The words and prices, which people type,
 * are checked by the page (errors shown beside the filters); the rest come
 * from lists, so a bad value is a bad link (400).
 */
export class CatalogueQuery {
  @IsOptional() @IsString() @MaxLength(1000)
  q?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Choose a lot from the list' })
  lotId?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'Choose a category from the list' })
  categoryId?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsIn(BAND_FILTERS as unknown as string[], { message: 'Choose a supplier size from the list' })
  sizeBand?: (typeof BAND_FILTERS)[number];

  @Transform(emptyToUndefined) @IsOptional() @IsIn(['true'], { message: 'SME suppliers only must be ticked or not' })
  smeOnly?: string;

  @IsOptional() @IsString() @MaxLength(100)
  priceMin?: string;

  @IsOptional() @IsString() @MaxLength(100)
  priceMax?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsIn(PRICE_CURRENCIES as unknown as string[], { message: 'Choose a currency from the list' })
  currency?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'Page must be a whole number' }) @Min(1) @Max(500)
  page?: number;
}

/** "Save this search": a name and the search's parameters (hidden fields). */
export class SaveSearchForm extends CatalogueQuery {
  @RequiredText('Name', 'Enter a name for this search', 100)
  name: string;
}

export class FrameworkForm {
  @Slug()
  slug: string;

  @RequiredText('Name', 'Enter the name of the framework', 200, { min: 2 })
  name: string;

  @OptionalText('Description', 2000)
  description?: string;
}

export class LotForm {
  @Slug()
  slug: string;

  @RequiredText('Name', 'Enter the name of the lot', 200, { min: 2 })
  name: string;

  @OptionalText('Description', 2000)
  description?: string;

  @IsIn(['offerings', 'requirements'], { message: 'Select what the lot is for' })
  kind: 'offerings' | 'requirements';
}

export class CategoryForm {
  @Slug()
  slug: string;

  @RequiredText('Name', 'Enter the name of the category', 200, { min: 2 })
  name: string;
}

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt({ message: 'Page must be a whole number' }) @Min(1) @Max(10_000)
  page?: number;
}
