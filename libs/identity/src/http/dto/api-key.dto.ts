import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { API_KEY_NAME_MAX } from '../../domain/api-key';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Open data portal', minLength: 1, maxLength: API_KEY_NAME_MAX, description: 'What the key is for; unique among the organisation’s active keys' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @MinLength(1, { message: 'name must not be empty' }) @MaxLength(API_KEY_NAME_MAX)
  name: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The public part of the key (opm_<prefix>_…), to tell keys apart', example: '3f9c2a7b1d0e' }) prefix: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'uuid' }) createdByUserId: string;
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Accurate to a minute' }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key, to send as the X-API-Key header. Shown this once: it cannot be retrieved again.', example: 'opm_3f9c2a7b1d0e_…' })
  key: string;
}
