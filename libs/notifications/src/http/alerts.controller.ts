import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { CurrentUser, ReqMeta, Roles } from '@app/identity';
import type { AuthUser, RequestMeta } from '@app/identity';
import { ALERT_FREQUENCIES, AlertFrequency, NotificationsService } from '../application/notifications.service';

export class AlertPreferenceDto {
  @ApiProperty({ enum: ALERT_FREQUENCIES, example: 'daily', description: 'immediate: an e-mail per new opportunity; daily: one digest a day; off: none' })
  @IsIn([...ALERT_FREQUENCIES], { message: `frequency must be one of ${ALERT_FREQUENCIES.join(', ')}` })
  frequency: AlertFrequency;

  @ApiProperty({ type: [String], format: 'uuid', example: [], description: 'Requirement lots to follow, besides those where you have published offerings' })
  @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  lotIds: string[];
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alert-preference')
export class AlertsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The signed-in supplier organisation's opportunity-alert preference (daily digest when never set). */
  @Roles('supplier_admin', 'supplier_user')
  @Get()
  get(@CurrentUser() user: AuthUser) {
    return this.notifications.preference(user);
  }

  @Roles('supplier_admin')
  @Put()
  set(@CurrentUser() user: AuthUser, @Body() body: AlertPreferenceDto, @ReqMeta() meta: RequestMeta) {
    return this.notifications.setPreference(user, body, meta);
  }
}
