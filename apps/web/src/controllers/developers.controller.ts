import { Controller, Get, Render } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { BulkFilesService, OCDS_EXTENSIONS } from '@app/open-data';
import { Public } from '@app/platform';

const KIB = 1024;
const size = (bytes: number) => (bytes >= KIB * KIB ? `${(bytes / KIB / KIB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / KIB))} KB`);

/**
 * The developer page (issue 6): what the public API offers, how to get an API key, the limits,
 * links to the OpenAPI document and to the daily bulk files. Public.
 */
@Public()
@Controller('developers')
export class DevelopersController {
  constructor(
    private readonly config: AppConfig,
    private readonly bulk: BulkFilesService,
  ) {}

  @Get()
  @Render('developers/index')
  async index() {
    const api = this.config.openData.publicApiUrl;
    const files = await this.bulk.list();
    return {
      pageTitle: 'Open data and the API',
      api,
      docsUrl: `${api}/api/docs`,
      openApiUrl: `${api}/api/docs/openapi.json`,
      ocidPrefix: this.config.openData.ocidPrefix,
      extensions: OCDS_EXTENSIONS,
      anonymousLimit: this.config.api.rateLimitPerMinute,
      keyLimit: this.config.api.apiKeyRateLimitPerMinute,
      bulkRows: files.map((f) => [
        { html: `<a class="govuk-link" href="${api}/api/v1/ocds/bulk/${f.day}" download>${f.fileName}</a>` },
        { text: f.releases.toLocaleString('en-GB'), format: 'numeric' },
        { text: size(f.bytes), format: 'numeric' },
        { html: `<code class="app-code--wrap">${f.sha256}</code>` },
      ]),
    };
  }
}
