import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { FrameworkView, FrameworksService } from '@app/catalogue';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
import { DomainError } from '@app/shared';
import { CategoryForm, FrameworkForm, LotForm } from '../forms/catalogue-forms';
import { FormPage } from '../forms/form-page';
import { WebRequest, setFlash } from '../session/session-data';

const LOT_KINDS: Record<string, string> = { offerings: 'Catalogue offerings', requirements: 'Requirements (tenders)' };

/** Platform admins: frameworks → lots → categories, and forms to add each. */
@Roles('platform_admin')
@Controller('admin')
export class AdminFrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  async treeModel() {
    const tree = await this.frameworks.tree();
    return {
      pageTitle: 'Frameworks',
      frameworks: tree.map((f) => ({ ...f, lots: f.lots.map((l) => ({ ...l, kindName: LOT_KINDS[l.kind] ?? l.kind })) })),
    };
  }

  @Get('frameworks')
  @Render('admin/frameworks')
  list() {
    return this.treeModel();
  }

  @Post('frameworks')
  @Redirect('/admin/frameworks', 303)
  @FormPage<AdminFrameworksController>({ view: 'admin/frameworks', model: (c) => c.treeModel(), fallbackField: 'name' })
  async createFramework(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: FrameworkForm, @ReqMeta() meta: RequestMeta) {
    const f = await this.frameworks.createFramework(user, { slug: form.slug, name: form.name, description: form.description ?? null }, meta);
    setFlash(req, { heading: `Framework ${f.name} added`, text: 'Add its lots next.' });
    return { url: `/admin/frameworks#framework-${f.slug}` };
  }

  private async framework(id: string): Promise<FrameworkView> {
    const f = (await this.frameworks.tree()).find((x) => x.id === id);
    if (!f) throw DomainError.notFound('CATALOGUE.FRAMEWORK_NOT_FOUND', 'No such framework.');
    return f;
  }

  async lotModel(frameworkId: string) {
    const framework = await this.framework(frameworkId);
    return { pageTitle: `Add a lot to ${framework.name}`, framework, values: { kind: 'offerings' } };
  }

  @Get('frameworks/:frameworkId/lots/new')
  @Render('admin/new-lot')
  newLot(@UuidParam('frameworkId') id: string) {
    return this.lotModel(id);
  }

  @Post('frameworks/:frameworkId/lots')
  @Redirect('/admin/frameworks', 303)
  @FormPage<AdminFrameworksController>({ view: 'admin/new-lot', model: (c, req) => c.lotModel(String(req.params.frameworkId)), fallbackField: 'name' })
  async createLot(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('frameworkId') id: string, @Body() form: LotForm, @ReqMeta() meta: RequestMeta) {
    const framework = await this.framework(id);
    const lot = await this.frameworks.createLot(user, id, { slug: form.slug, name: form.name, description: form.description ?? null, kind: form.kind }, meta);
    setFlash(req, { heading: `Lot ${lot.name} added to ${framework.name}` });
    return { url: '/admin/frameworks' };
  }

  async categoryModel(lotId: string) {
    const lot = await this.frameworks.lot(lotId);
    if (!lot) throw DomainError.notFound('CATALOGUE.LOT_NOT_FOUND', 'No such lot.');
    return { pageTitle: `Add a category to ${lot.name}`, lot };
  }

  @Get('lots/:lotId/categories/new')
  @Render('admin/new-category')
  newCategory(@UuidParam('lotId') id: string) {
    return this.categoryModel(id);
  }

  @Post('lots/:lotId/categories')
  @Redirect('/admin/frameworks', 303)
  @FormPage<AdminFrameworksController>({ view: 'admin/new-category', model: (c, req) => c.categoryModel(String(req.params.lotId)), fallbackField: 'name' })
  async createCategory(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @UuidParam('lotId') id: string, @Body() form: CategoryForm, @ReqMeta() meta: RequestMeta) {
    const category = await this.frameworks.createCategory(user, id, { slug: form.slug, name: form.name }, meta);
    setFlash(req, { heading: `Category ${category.name} added` });
    return { url: '/admin/frameworks' };
  }
}
