import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AuditLogService } from '@app/audit';
import { PageQueryDto, Roles } from '@app/identity';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'organisation' }) @IsOptional() @IsString() @MaxLength(60) subjectType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) subjectId?: string;
  @ApiPropertyOptional({ example: 'identity.organisation.verified' }) @IsOptional() @IsString() @MaxLength(120) action?: string;
}

class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiProperty({ nullable: true, type: Object }) firstBroken: { id: string; reason: string } | null;
}

/** The audit log, for platform admins: read and verify; never written through HTTP. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('platform_admin')
@Controller('admin/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  list(@Query() q: AuditQueryDto) {
    return this.audit.list(q);
  }

  /** Re-walks the hash chain and names the first broken row. */
  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyDto })
  verify() {
    return this.audit.verify();
  }
}
