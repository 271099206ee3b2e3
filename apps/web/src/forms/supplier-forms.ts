import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidationArguments, registerDecorator } from 'class-validator';
import { COMPANIES_HOUSE_RE, SIZE_BANDS } from '@app/suppliers';
import type { SizeBand } from '@app/suppliers';
import { OptionalText, RequiredEmail, RequiredText, emptyToUndefined } from './forms';

/** Spaces removed and upper case (`sc 123 456` → `SC123456`); empty → undefined. */
const identifier = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.replace(/\s+/g, '').toUpperCase();
  return v === '' ? undefined : v;
};

/** An amount as typed, without thousands separators, spaces or a currency sign (`£1,250,000` → `1250000`). */
export const amountText = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s,£€$]/g, '') : value);

export const AMOUNT_RE = /^\d{1,16}(\.\d{1,2})?$/;

/** A required amount of money, 0 or more, at most two decimal places. */
export function RequiredAmount(label: string, whenEmpty: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform(amountText),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    Matches(AMOUNT_RE, { message: `${label} must be an amount of 0 or more, like ${example}` }),
  );
}

/** A required whole number, 0 or more (thousands separators allowed). */
function WholeNumber(label: string, whenEmpty: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.replace(/[\s,]/g, '') : value)),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    Matches(/^\d{1,7}$/, { message: `${label} must be a whole number, 0 or more, like ${example}` }),
  );
}

/** A currency chosen from the list (its format checked here; whether the platform knows it, by the service). */
function CurrencyChoice(whenEmpty: string): PropertyDecorator {
  return applyDecorators(IsString({ message: whenEmpty }), IsNotEmpty({ message: whenEmpty }), Matches(/^[A-Z]{3}$/, { message: whenEmpty }));
}

export class SupplierProfileForm {
  @RequiredText('Legal name', 'Enter the legal name of your organisation', 200, { min: 2 })
  legalName: string;

  @OptionalText('Trading name', 200)
  tradingName?: string;

  @Transform(identifier) @IsOptional()
  @Matches(COMPANIES_HOUSE_RE, { message: 'Enter a Companies House number in the correct format: 2 digits or 2 letters, then 6 digits, like 01234567 or SC123456' })
  companiesHouseNumber?: string;

  @Transform(identifier) @IsOptional()
  @Matches(/^[0-9]{9}$/, { message: 'Enter a DUNS number as 9 digits, like 123456789' })
  dunsNumber?: string;

  @Transform(identifier) @IsOptional()
  @Matches(/^([A-Z]{2})?[0-9A-Z]{8,14}$/, { message: 'Enter a VAT registration number in the correct format, like GB123456789' })
  vatNumber?: string;

  @RequiredText('Address line 1', 'Enter address line 1, typically the building and street', 200)
  addressLine1: string;

  @OptionalText('Address line 2', 200)
  addressLine2?: string;

  @RequiredText('Town or city', 'Enter town or city', 100)
  town: string;

  @RequiredText('Postcode', 'Enter postcode', 12, { min: 2 })
  postcode: string;

  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'Enter the country as a 2-letter code, like GB' })
  country?: string;

  @RequiredText('Contact name', 'Enter the name of the person to contact', 200)
  contactName: string;

  @RequiredEmail('Enter the contact email address')
  contactEmail: string;

  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^[0-9 +()-]{6,30}$/, { message: 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192' })
  contactPhone?: string;

  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'Enter a website address starting with https://, like https://www.example.com' })
  @MaxLength(300, { message: 'Website must be 300 characters or fewer' })
  website?: string;

  @OptionalText('Description', 5000)
  description?: string;

  @IsOptional() @IsIn(['true'])
  vcse?: string;

  @IsOptional() @IsIn(['true'])
  startup?: string;
}

/**
 * The GOV.UK date input's three fields as one date in the past (or today),
 * with the pattern's messages. Reported on the day field, which the error
 * summary links to.
 */
function PastDate(label: string, whenEmpty: string, prefix: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'pastDate',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (_: unknown, args: ValidationArguments) => dateProblem(args.object as Record<string, unknown>, label, whenEmpty, prefix) === null,
        defaultMessage: (args: ValidationArguments) => dateProblem(args.object as Record<string, unknown>, label, whenEmpty, prefix) ?? '',
      },
    });
  };
}

/** The date a GOV.UK date input holds as YYYY-MM-DD, or null when it is not a real date. */
export function dateFromParts(day: unknown, month: unknown, year: unknown): string | null {
  const [d, m, y] = [day, month, year].map((v) => (typeof v === 'string' ? v.trim() : ''));
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

function dateProblem(o: Record<string, unknown>, label: string, whenEmpty: string, prefix: string): string | null {
  const parts = ['day', 'month', 'year'].map((p) => (typeof o[`${prefix}-${p}`] === 'string' ? (o[`${prefix}-${p}`] as string).trim() : ''));
  const missing = ['day', 'month', 'year'].filter((_, i) => !parts[i]);
  if (missing.length === 3) return whenEmpty;
  if (missing.length) return `${label} must include a ${missing.join(' and ')}`;
  if (!/^\d{4}$/.test(parts[2])) return 'Year must include 4 numbers';
  const iso = dateFromParts(...(parts as [string, string, string]));
  if (!iso) return `${label} must be a real date`;
  if (iso > new Date().toISOString().slice(0, 10)) return `${label} must be today or in the past`;
  return null;
}

export class SizeDeclarationForm {
  @WholeNumber('Number of staff', 'Enter the number of staff', '12')
  headcount: string;

  @RequiredAmount('Annual turnover', 'Enter the annual turnover', '1250000 or 1250000.50')
  turnoverAmount: string;

  @CurrencyChoice('Select the currency of the annual turnover')
  turnoverCurrency: string;

  @RequiredAmount('Balance sheet total', 'Enter the balance sheet total', '800000 or 800000.50')
  balanceSheetAmount: string;

  @CurrencyChoice('Select the currency of the balance sheet total')
  balanceSheetCurrency: string;

  @PastDate('Date the figures refer to', 'Enter the date the figures refer to', 'figuresDate')
  'figuresDate-day'?: string;

  @IsOptional() @IsString() @MaxLength(4)
  'figuresDate-month'?: string;

  @IsOptional() @IsString() @MaxLength(6)
  'figuresDate-year'?: string;

  @Transform(emptyToUndefined) @IsOptional()
  @IsIn(SIZE_BANDS as unknown as string[], { message: 'Select the size band you think your organisation is, or “I do not know”' })
  statedBand?: SizeBand;

  @OptionalText('Evidence', 2000)
  evidence?: string;
}
