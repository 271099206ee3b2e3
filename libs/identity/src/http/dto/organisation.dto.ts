import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested, IsObject } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/shared';
import { ORGANISATION_KINDS, ROLES, VERIFICATION_STATUSES } from '../../domain/roles';
import type { OrganisationKind, Role, VerificationStatus } from '../../domain/roles';

export class PageQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset: number = 0;
}

export class NewOrganisationDto {
  @ApiProperty({ enum: ['supplier', 'buyer'], example: 'supplier' })
  @IsIn(['supplier', 'buyer'], { message: 'kind must be supplier or buyer' })
  kind: 'supplier' | 'buyer';

  @ApiProperty({ example: 'Acme Digital Ltd', maxLength: 200 })
  @IsString() @MinLength(2) @MaxLength(200)
  name: string;
}

export class NewAdminDto {
  @ApiProperty({ example: 'Jo Bloggs' })
  @IsString() @MinLength(1) @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'jo@acme.example' })
  @IsEmail({}, { message: 'admin.email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'a long passphrase', minLength: 8, maxLength: 128 })
  @IsString() @MinLength(8) @MaxLength(128)
  password: string;
}

export class RegisterOrganisationDto {
  @ApiProperty({ type: NewOrganisationDto })
  @IsObject() @ValidateNested() @Type(() => NewOrganisationDto)
  organisation: NewOrganisationDto;

  @ApiProperty({ type: NewAdminDto })
  @IsObject() @ValidateNested() @Type(() => NewAdminDto)
  admin: NewAdminDto;
}

export class InviteUserDto {
  @ApiProperty({ example: 'colleague@acme.example' })
  @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES, example: 'supplier_user' })
  @IsIn(ROLES as unknown as string[])
  role: Role;
}

export class AcceptInvitationDto {
  @ApiProperty({ example: 'tokenFromTheInvitationLink0123456789abcd' })
  @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @ApiProperty({ example: 'Sam Smith' })
  @IsString() @MinLength(1) @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'a long passphrase', minLength: 8, maxLength: 128 })
  @IsString() @MinLength(8) @MaxLength(128)
  password: string;
}

export class OrganisationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: VERIFICATION_STATUSES })
  @IsOptional() @IsIn(VERIFICATION_STATUSES as unknown as string[])
  status?: VerificationStatus;

  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional() @IsIn(ORGANISATION_KINDS as unknown as string[])
  kind?: OrganisationKind;
}

export class UserSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of an e-mail address or name' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;
}

export class RejectOrganisationDto {
  @ApiProperty({ example: 'Companies House number does not match the name given.' })
  @IsString() @MinLength(1) @MaxLength(500)
  reason: string;
}

export class PublicSectorDomainDto {
  @ApiProperty({ example: 'council.gov.uk' })
  @IsString() @MinLength(4) @MaxLength(253)
  domain: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: VERIFICATION_STATUSES }) verificationStatus: string;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: string[];
  @ApiProperty({ enum: ['active', 'disabled'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSignInAt: string | null;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt: string | null;
}

export class RegistrationResultDto {
  @ApiProperty({ type: OrganisationDto }) organisation: OrganisationDto;
  @ApiProperty({ type: UserDto }) admin: UserDto;
}

export class DomainListDto {
  @ApiProperty({ type: [String], example: ['gov.uk', 'nhs.net'] }) domains: string[];
}
