import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { FrameworksService } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles, hasRole } from '@app/identity';
import { AlertFrequency, NotificationsService } from '@app/notifications';
import { FormPage } from '../forms/form-page';
import { AlertPreferenceForm } from '../forms/tendering-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { formatDate } from '../view/labels';
import { requirementLots } from '../view/tendering-view';

const FREQUENCIES: { value: AlertFrequency; text: string; hint: string }[] = [
  { value: 'immediate', text: 'Immediately', hint: 'An email for each new opportunity, as soon as it is published' },
  { value: 'daily', text: 'Once a day', hint: 'One email a day listing the new opportunities' },
  { value: 'off', text: 'Never', hint: 'No opportunity alerts' },
];

/**
 * The supplier organisation's opportunity alerts: how often everyone in it is
 * emailed about new requirements (immediately, a daily digest, or not at all)
 * and the requirement lots it follows, besides those matching its published
 * offerings. Supplier admins change them; supplier users see them.
 */
@Roles('supplier_admin', 'supplier_user')
@Controller('supplier/alerts')
export class SupplierAlertsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly frameworks: FrameworksService,
  ) {}

  async model(user: AuthUser, typed?: Record<string, unknown>) {
    const [pref, tree] = await Promise.all([this.notifications.preference(user), this.frameworks.tree()]);
    const lots = requirementLots(tree);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
    const frequency = typed ? String(typed.frequency ?? '') : pref.frequency;
    const chosen = typed ? list(typed.lotIds) : pref.lotIds;
    const lotName = (l: (typeof lots)[number]) => `${l.frameworkName}: ${l.name}${l.frameworkStatus === 'live' ? '' : ' (framework closed)'}`;
    return {
      pageTitle: 'Opportunity alerts',
      canChange: hasRole(user, 'supplier_admin'),
      frequencyItems: FREQUENCIES.map((f) => ({ value: f.value, text: f.text, hint: { text: f.hint }, checked: f.value === frequency })),
      lotItems: lots.map((l) => ({ value: l.id, text: lotName(l), checked: chosen.includes(l.id) })),
      frequencyText: FREQUENCIES.find((f) => f.value === pref.frequency)?.text ?? pref.frequency,
      followed: lots.filter((l) => pref.lotIds.includes(l.id)).map(lotName),
      updatedText: pref.updatedAt ? formatDate(pref.updatedAt, true) : null,
    };
  }

  @Get()
  @Render('supplier/alerts')
  page(@CurrentUser() user: AuthUser) {
    return this.model(user);
  }

  @Roles('supplier_admin')
  @Post()
  @Redirect('/supplier/alerts', 303)
  @FormPage<SupplierAlertsController>({ view: 'supplier/alerts', model: (c, req) => c.model(req.user as AuthUser, req.body as Record<string, unknown>), fallbackField: 'frequency' })
  async save(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: AlertPreferenceForm, @ReqMeta() meta: RequestMeta) {
    const pref = await this.notifications.setPreference(user, { frequency: form.frequency, lotIds: form.lotIds }, meta);
    const how = { immediate: 'as soon as they are published', daily: 'in one email a day', off: 'no longer' }[pref.frequency];
    setFlash(req, {
      heading: 'Your opportunity alerts have been saved',
      text: pref.frequency === 'off' ? 'Your organisation will not be emailed about new opportunities.' : `Your organisation will hear about new opportunities ${how}.`,
    });
    return { url: '/supplier/alerts' };
  }
}
