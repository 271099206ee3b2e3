import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { AuthUser, CurrentUser, RequestMeta, ReqMeta, Roles } from '@app/identity';
import { ImportRunView, ImportsService } from '@app/open-data';
import { UuidParam } from '@app/platform';
import { ReportingAdminService } from '@app/reporting';
import { DEFAULT_PAGE_SIZE, DomainError } from '@app/shared';
import { PageQuery } from '../forms/catalogue-forms';
import { FormPage } from '../forms/form-page';
import { FxRatesForm, ImportUploadForm } from '../forms/import-forms';
import { WebRequest, setFlash } from '../session/session-data';
import { pagination } from '../view/pagination';

const KIND_NAMES: Record<string, string> = { ocds: 'OCDS releases or records', spend: 'Spend CSV' };
const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  queued: { text: 'Queued', classes: 'govuk-tag--grey' },
  running: { text: 'Running', classes: 'govuk-tag--blue' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
};

/** An upload as multer leaves it on the request (configure-web parses admin import uploads to disk). */
type UploadRequest = WebRequest & { file?: { path: string; originalname: string; size: number }; uploadError?: string };

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${bytes} bytes`;

function runRow(r: ImportRunView) {
  return { ...r, kindName: KIND_NAMES[r.kind] ?? r.kind, statusTag: STATUS_TAGS[r.status], sizeText: sizeText(r.fileBytes) };
}

/**
 * Platform admins: imports of published data (OCDS, spend CSV) into SME reporting — upload,
 * then follow the job's progress — and the exchange rates the GBP figures use.
 */
@Roles('platform_admin')
@Controller('admin')
export class AdminImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly reporting: ReportingAdminService,
  ) {}

  async listModel(page = 1) {
    const [runs, rates] = await Promise.all([
      this.imports.list({ limit: DEFAULT_PAGE_SIZE, offset: (page - 1) * DEFAULT_PAGE_SIZE }),
      this.reporting.fxRates(),
    ]);
    return {
      pageTitle: 'Imports and exchange rates',
      runs: runs.items.map(runRow),
      total: runs.total,
      pagination: pagination(runs, page, (p) => `/admin/imports?page=${p}`),
      rates,
      values: { kind: 'auto', encoding: 'latin1' },
    };
  }

  @Get('imports')
  @Render('admin/imports')
  list(@Query() query: PageQuery) {
    return this.listModel(query.page ?? 1);
  }

  /** Takes the uploaded file into the import area and queues its import; shows its progress next. */
  @Post('imports')
  @Redirect('/admin/imports', 303)
  @FormPage<AdminImportsController>({ view: 'admin/imports', model: (c) => c.listModel(), fallbackField: 'file' })
  async upload(@Req() req: UploadRequest, @CurrentUser() user: AuthUser, @Body() form: ImportUploadForm, @ReqMeta() meta: RequestMeta) {
    if (req.uploadError) throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: 'file', message: req.uploadError }]);
    if (!req.file || !req.file.size) throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: 'file', message: 'Choose a file to import' }]);
    const kind = form.kind && form.kind !== 'auto' ? form.kind : undefined;
    const run = await this.imports.enqueue(user, { path: req.file.path, fileName: req.file.originalname, kind, encoding: form.encoding, move: true }, meta);
    setFlash(req, { heading: `${run.fileName} is queued for import`, text: 'The worker reads it in the background; this page shows how far it has got.' });
    return { url: `/admin/imports/${run.id}` };
  }

  @Get('imports/:importId')
  @Render('admin/import')
  async show(@UuidParam('importId') id: string) {
    const run = runRow(await this.imports.get(id));
    return { pageTitle: `Import of ${run.fileName}`, run, live: run.status === 'queued' || run.status === 'running' };
  }

  /** The progress as JSON, for the page's script to follow without reloading. */
  @Get('imports/:importId/progress')
  async progress(@UuidParam('importId') id: string) {
    const r = await this.imports.get(id);
    return { status: r.status, percent: r.percent, unitsRead: r.unitsRead, imported: r.imported, unchanged: r.unchanged, problemCount: r.problemCount };
  }

  /** Loads exchange rates pasted as CSV; lines in those currencies are valued again. */
  @Post('fx-rates')
  @Redirect('/admin/imports', 303)
  @FormPage<AdminImportsController>({ view: 'admin/imports', model: (c) => c.listModel(), fields: { file: 'csv' }, fallbackField: 'csv' })
  async loadRates(@Req() req: WebRequest, @CurrentUser() user: AuthUser, @Body() form: FxRatesForm, @ReqMeta() meta: RequestMeta) {
    const r = await this.reporting.loadFxCsv(user, form.csv, form.source?.trim() || 'web upload', meta).catch((e: unknown) => {
      // The service names rows (`row 3: currency`); on this page they are all in the one text area.
      if (!(e instanceof DomainError) || !e.fieldErrors?.length) throw e;
      const list = e.fieldErrors.slice(0, 5).map((x) => `${x.field.replace(/^row/, 'Row')} — ${x.message}`);
      throw DomainError.validation(e.code, [{ field: 'csv', message: list.join('; ') + (e.fieldErrors.length > 5 ? `; and ${e.fieldErrors.length - 5} more` : '') }]);
    });
    setFlash(req, { heading: `${r.rows} exchange rate${r.rows === 1 ? '' : 's'} loaded`, text: `${r.currencies.join(', ')}: ${r.revaluedContracts} contracts and ${r.revaluedSpendLines} spend lines valued again.` });
    return { url: '/admin/imports#rates' };
  }
}
