import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, OrganisationsService, RequestMeta, ReqMeta, Roles, VerificationStatus } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { FormPage } from '../forms/form-page';
import { OrganisationsQuery, RejectForm, STATUS_FILTERS } from '../forms/forms';
import { WebRequest, setFlash } from '../session/session-data';
import { pagination } from '../view/pagination';

const TAB_NAMES: Record<(typeof STATUS_FILTERS)[number], string> = {
  pending: 'Waiting for verification',
  verified: 'Verified',
  rejected: 'Rejected',
  all: 'All',
};

/** Platform admins: the verification queue, with verify and reject. */
@Roles('platform_admin')
@Controller('admin/organisations')
export class AdminOrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Render('admin/organisations')
  async list(@Query() query: OrganisationsQuery) {
    const status = query.status ?? 'pending';
    const page = query.page ?? 1;
    const result = await this.organisations.listForAdmin({
      status: status === 'all' ? undefined : (status as VerificationStatus),
      limit: DEFAULT_PAGE_SIZE,
      offset: (page - 1) * DEFAULT_PAGE_SIZE,
    });
    return {
      pageTitle: 'Verify organisations',
      status,
      tabs: STATUS_FILTERS.map((s) => ({ text: TAB_NAMES[s], href: `/admin/organisations?status=${s}`, current: s === status })),
      tabName: TAB_NAMES[status],
      organisations: result.items,
      total: result.total,
      pagination: pagination(result, page, (p) => `/admin/organisations?status=${status}&page=${p}`),
    };
  }

  @Post(':organisationId/verify')
  @Redirect('/admin/organisations', 303)
  async verify(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @ReqMeta() meta: RequestMeta) {
    const org = await this.organisations.decide(user, id, 'verified', null, meta);
    setFlash(req, { heading: `${org.name} has been verified`, text: 'Its administrators will be told by email.' });
    return { url: '/admin/organisations?status=pending' };
  }

  async rejectModel(user: AuthUser, id: string) {
    const organisation = await this.organisations.get(user, id);
    return { pageTitle: `Reject ${organisation.name}`, organisation };
  }

  @Get(':organisationId/reject')
  @Render('admin/reject-organisation')
  rejectPage(@CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string) {
    return this.rejectModel(user, id);
  }

  @Post(':organisationId/reject')
  @Redirect('/admin/organisations', 303)
  @FormPage<AdminOrganisationsController>({
    view: 'admin/reject-organisation',
    model: (c, req) => c.rejectModel(req.user as AuthUser, String(req.params.organisationId)),
    fallbackField: 'reason',
  })
  async reject(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('organisationId') id: string, @Body() form: RejectForm, @ReqMeta() meta: RequestMeta) {
    const org = await this.organisations.decide(user, id, 'rejected', form.reason, meta);
    setFlash(req, { heading: `${org.name} has been rejected`, text: 'Its administrators will be told by email, with your reason.' });
    return { url: '/admin/organisations?status=pending' };
  }
}
