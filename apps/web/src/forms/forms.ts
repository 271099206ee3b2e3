import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, VERIFICATION_STATUSES } from '@app/identity';

/**
 * The web forms, with messages in the GOV.UK style. Each field helper lists
 * its rules in the order class-validator reports them (as stacked decorators
 * take effect, bottom-up), so the "enter ..." message for an empty field comes
 * first and is the one shown.
 */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const EMAIL_FORMAT = 'Enter an email address in the correct format, like name@example.com';

/** A required text field: trimmed (unless a password), with a length limit and optional minimum. */
export function RequiredText(label: string, whenEmpty: string, max: number, opts: { min?: number; trim?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    ...(opts.trim === false ? [] : [Transform(trim)]),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    ...(opts.min ? [MinLength(opts.min, { message: `${label} must be ${opts.min} characters or more` })] : []),
    MaxLength(max, { message: `${label} must be ${max} characters or fewer` }),
  );
}

/** A required e-mail address. */
export function RequiredEmail(whenEmpty: string): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    IsEmail({}, { message: EMAIL_FORMAT }),
    MaxLength(254, { message: 'Email address must be 254 characters or fewer' }),
  );
}

/** An optional text field: trimmed, and absent when left empty. */
export function OptionalText(label: string, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(emptyToUndefined),
    IsOptional(),
    IsString({ message: `${label} must be text` }),
    MaxLength(max, { message: `${label} must be ${max} characters or fewer` }),
  );
}

/** Trimmed; an empty string becomes undefined (an optional field left blank). */
export const emptyToUndefined = ({ value }: { value: unknown }) => {
  const v = typeof value === 'string' ? value.trim() : value;
  return v === '' ? undefined : v;
};

/** A password being chosen: 8–128 characters, never trimmed. */
const NewPassword = (label: string, whenEmpty: string) => RequiredText(label, whenEmpty, 128, { min: 8, trim: false });

export class SignInForm {
  @RequiredEmail('Enter your email address')
  email: string;

  @RequiredText('Password', 'Enter your password', 128, { trim: false })
  password: string;

  @IsOptional() @IsString() @MaxLength(2000)
  returnTo?: string;
}

export class RegisterForm {
  @IsIn(['supplier', 'buyer'], { message: 'Select whether your organisation is a supplier or a public-sector buyer' })
  kind: 'supplier' | 'buyer';

  @RequiredText('Organisation name', 'Enter the name of your organisation', 200, { min: 2 })
  organisationName: string;

  @RequiredText('Full name', 'Enter your full name', 200)
  fullName: string;

  @RequiredEmail('Enter your email address')
  email: string;

  @NewPassword('Password', 'Enter a password')
  password: string;
}

export class ChangePasswordForm {
  @RequiredText('Current password', 'Enter your current password', 128, { trim: false })
  currentPassword: string;

  @NewPassword('New password', 'Enter a new password')
  newPassword: string;
}

export class InviteForm {
  @RequiredEmail('Enter the email address of the person to invite')
  email: string;

  @IsIn(ROLES as unknown as string[], { message: 'Select a role' })
  role: (typeof ROLES)[number];
}

export class AcceptInvitationForm {
  @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @RequiredText('Full name', 'Enter your full name', 200)
  fullName: string;

  @NewPassword('Password', 'Enter a password')
  password: string;
}

export class RejectForm {
  @RequiredText('Reason', 'Enter the reason for rejecting the organisation', 500)
  reason: string;
}

export const STATUS_FILTERS = [...VERIFICATION_STATUSES, 'all'] as const;

export class OrganisationsQuery {
  @IsOptional() @IsIn(STATUS_FILTERS as unknown as string[], { message: 'Choose a status from the list' })
  status?: (typeof STATUS_FILTERS)[number];

  @IsOptional() @Type(() => Number) @IsInt({ message: 'Page must be a whole number' }) @Min(1) @Max(10_000)
  page?: number;
}

export class UsersQuery {
  @IsOptional() @Transform(trim) @IsString() @MaxLength(100, { message: 'Search must be 100 characters or fewer' })
  q?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'Page must be a whole number' }) @Min(1) @Max(10_000)
  page?: number;
}

/** Forms whose only field is where to go back to (verify, disable). */
export class ReturnQuery {
  @IsOptional() @Transform(trim) @IsString() @MaxLength(100)
  q?: string;

  @IsOptional() @IsIn(STATUS_FILTERS as unknown as string[])
  status?: string;
}
