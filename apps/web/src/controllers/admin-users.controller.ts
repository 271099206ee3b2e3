import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, OrganisationsService, RequestMeta, ReqMeta, Roles, UsersService } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DEFAULT_PAGE_SIZE } from '@app/shared';
import { ReturnQuery, UsersQuery } from '../forms/forms';
import { WebRequest, setFlash } from '../session/session-data';
import { pagination } from '../view/pagination';

/** Platform admins: find users across organisations and disable them. */
@Roles('platform_admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Get()
  @Render('admin/users')
  async search(@CurrentUser() user: AuthUser, @Query() query: UsersQuery) {
    const page = query.page ?? 1;
    const q = query.q || undefined;
    const result = await this.users.search(user, { q, limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE });
    const orgIds = [...new Set(result.items.map((u) => u.organisationId))];
    const orgs = await Promise.all(orgIds.map((id) => this.organisations.get(user, id)));
    const orgNames = Object.fromEntries(orgs.map((o) => [o.id, o.name]));
    const qs = q ? `q=${encodeURIComponent(q)}&` : '';
    return {
      pageTitle: 'Users',
      q: q ?? '',
      users: result.items.map((u) => ({ ...u, organisationName: orgNames[u.organisationId] ?? '' })),
      total: result.total,
      pagination: pagination(result, page, (p) => `/admin/users?${qs}page=${p}`),
    };
  }

  /** Disables the user: every session of theirs ends at once. */
  @Post(':userId/disable')
  @Redirect('/admin/users', 303)
  async disable(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('userId') id: string, @Body() form: ReturnQuery, @ReqMeta() meta: RequestMeta) {
    const disabled = await this.users.disable(user, id, meta);
    setFlash(req, { heading: `${disabled.fullName} has been disabled`, text: `${disabled.email} can no longer sign in, and any session of theirs has ended.` });
    return { url: form.q ? `/admin/users?q=${encodeURIComponent(form.q)}` : '/admin/users' };
  }
}
