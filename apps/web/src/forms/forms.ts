import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, VERIFICATION_STATUSES } from '@app/identity';

/**
 * The web forms, with messages in the GOV.UK style. Within a property the
 * decorator nearest the name runs first, so the "enter ..." message (empty
 * field) comes first and is the one shown.
 */
/** A password being chosen: 8–128 characters, with GOV.UK-style messages. */
function NewPassword(label: string, whenEmpty: string): PropertyDecorator {
  // Same order as stacked decorators take effect (bottom-up): the form shows the first failure.
  return applyDecorators(
    IsString({ message: whenEmpty }),
    IsNotEmpty({ message: whenEmpty }),
    MinLength(8, { message: `${label} must be 8 characters or more` }),
    MaxLength(128, { message: `${label} must be 128 characters or fewer` }),
  );
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const EMAIL_FORMAT = 'Enter an email address in the correct format, like name@example.com';

export class SignInForm {
  @Transform(trim)
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  @IsEmail({}, { message: EMAIL_FORMAT })
  @IsNotEmpty({ message: 'Enter your email address' })
  @IsString({ message: 'Enter your email address' })
  email: string;

  @MaxLength(128, { message: 'Password must be 128 characters or fewer' })
  @IsNotEmpty({ message: 'Enter your password' })
  @IsString({ message: 'Enter your password' })
  password: string;

  @IsOptional() @IsString() @MaxLength(2000)
  returnTo?: string;
}

export class RegisterForm {
  @IsIn(['supplier', 'buyer'], { message: 'Select whether your organisation is a supplier or a public-sector buyer' })
  kind: 'supplier' | 'buyer';

  @Transform(trim)
  @MaxLength(200, { message: 'Organisation name must be 200 characters or fewer' })
  @MinLength(2, { message: 'Organisation name must be 2 characters or more' })
  @IsNotEmpty({ message: 'Enter the name of your organisation' })
  @IsString({ message: 'Enter the name of your organisation' })
  organisationName: string;

  @Transform(trim)
  @MaxLength(200, { message: 'Full name must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter your full name' })
  @IsString({ message: 'Enter your full name' })
  fullName: string;

  @Transform(trim)
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  @IsEmail({}, { message: EMAIL_FORMAT })
  @IsNotEmpty({ message: 'Enter your email address' })
  @IsString({ message: 'Enter your email address' })
  email: string;

  @NewPassword('Password', 'Enter a password')
  password: string;
}

export class ChangePasswordForm {
  @MaxLength(128, { message: 'Current password must be 128 characters or fewer' })
  @IsNotEmpty({ message: 'Enter your current password' })
  @IsString({ message: 'Enter your current password' })
  currentPassword: string;

  @NewPassword('New password', 'Enter a new password')
  newPassword: string;
}

export class InviteForm {
  @Transform(trim)
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  @IsEmail({}, { message: EMAIL_FORMAT })
  @IsNotEmpty({ message: 'Enter the email address of the person to invite' })
  @IsString({ message: 'Enter the email address of the person to invite' })
  email: string;

  @IsIn(ROLES as unknown as string[], { message: 'Select a role' })
  role: (typeof ROLES)[number];
}

export class AcceptInvitationForm {
  @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @Transform(trim)
  @MaxLength(200, { message: 'Full name must be 200 characters or fewer' })
  @IsNotEmpty({ message: 'Enter your full name' })
  @IsString({ message: 'Enter your full name' })
  fullName: string;

  @NewPassword('Password', 'Enter a password')
  password: string;
}

export class RejectForm {
  @Transform(trim)
  @MaxLength(500, { message: 'Reason must be 500 characters or fewer' })
  @IsNotEmpty({ message: 'Enter the reason for rejecting the organisation' })
  @IsString({ message: 'Enter the reason for rejecting the organisation' })
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
