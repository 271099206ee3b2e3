import { createHash } from 'node:crypto';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiParam, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, ValidationOptions } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { Public, isCalendarDate, isInstant } from '@app/platform';
import { DomainError } from '@app/shared';
import { BulkFilesService } from '../application/bulk-files.service';
import { PublicationsService, RELEASES_PAGE_DEFAULT, RELEASES_PAGE_MAX } from '../application/publications.service';
import { recordPackage, releasePackage } from '../publish/ocds-release';

/**
 * A date (`2026-04-01`, midnight UTC) or a date and time with its zone (`2026-04-01T09:30:00Z`): only
 * forms JavaScript and PostgreSQL read alike — not ISO 8601's week, ordinal or basic forms.
 */
const IsDateOrInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateOrInstant',
      validator: { validate: (v: unknown) => isCalendarDate(v) || isInstant(v), defaultMessage: (a) => `${a?.property} must be a date like 2026-04-01 or a date and time like 2026-04-01T09:30:00Z` },
    },
    options,
  );

export class ReleasesQueryDto {
  @ApiPropertyOptional({ description: 'Releases dated at or after this instant (ISO 8601)', example: '2026-04-01T00:00:00Z' })
  @IsOptional() @IsDateOrInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Releases dated before this instant (ISO 8601)', example: '2027-04-01T00:00:00Z' })
  @IsOptional() @IsDateOrInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'Page size', default: RELEASES_PAGE_DEFAULT, minimum: 1, maximum: RELEASES_PAGE_MAX })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(RELEASES_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'Where the page starts: the cursor of the previous page\'s `links.next`' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

export class BulkFileDto {
  @ApiProperty({ example: '2026-11-26' }) day!: string;
  @ApiProperty({ example: 'ocds-releases-2026-11-26.json.gz' }) fileName!: string;
  @ApiProperty({ description: 'Where to download it' }) url!: string;
  @ApiProperty() releases!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty({ description: 'SHA-256 of the gzip file' }) sha256!: string;
  @ApiProperty({ description: 'Every release published before this instant is in the file' }) upTo!: string;
  @ApiProperty() generatedAt!: string;
}

export class BulkFilesDto {
  @ApiProperty({ type: [BulkFileDto] }) items!: BulkFileDto[];
}

const OCDS_PACKAGE = {
  type: 'object',
  description: 'An OCDS 1.1 package (https://standard.open-contracting.org/1.1/en/schema/), with the extensions it uses listed in `extensions`',
  additionalProperties: true,
} as const;

/** Sends JSON with a strong ETag of its bytes; answers 304 when the client already has them. */
function cacheable(req: FastifyRequest, res: FastifyReply, body: unknown, maxAgeSeconds = 60): void {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url')}"`;
  res.header('ETag', etag);
  res.header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  if (matches(req.headers['if-none-match'], etag)) {
    void res.status(304).send();
    return;
  }
  void res.type('application/json; charset=utf-8').send(text);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

/**
 * Open data in OCDS 1.1: release packages by date range (paged), one release, the compiled record
 * of a contracting process, and the daily bulk files. Public and cacheable (ETag, Cache-Control);
 * an API key (X-API-Key) gives the caller a rate limit of its own and attributes the use.
 */
@ApiTags('open data (OCDS)')
@ApiHeader({ name: 'X-API-Key', required: false, description: 'An API key of your organisation: its own rate limit, and use attributed to it' })
@ApiExtraModels(BulkFileDto)
@Public()
@Controller('ocds')
export class OcdsController {
  constructor(
    private readonly publications: PublicationsService,
    private readonly bulk: BulkFilesService,
    private readonly config: AppConfig,
  ) {}

  private url(path: string): string {
    return `${this.config.openData.publicApiUrl}/api/v1/ocds/${path}`;
  }

  /**
   * A release package of the releases dated in [from, to) — in date order when from or to is
   * given, else in the order they were published (a harvester keeps following `links.next`) —
   * a page at a time; `links.next` gives the next page.
   */
  @Get('releases')
  @ApiOkResponse({ description: 'OCDS release package', schema: OCDS_PACKAGE })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  async releases(@Query() q: ReleasesQueryDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && to <= from) throw DomainError.validation('OPEN_DATA.INVALID_QUERY', [{ field: 'to', message: 'to must be after from.' }]);
    const page = await this.publications.page({ from, to, cursor: q.cursor, limit: q.limit });
    const params = new URLSearchParams();
    if (q.from) params.set('from', q.from);
    if (q.to) params.set('to', q.to);
    if (q.limit) params.set('limit', String(q.limit));
    const selfParams = new URLSearchParams(params);
    if (q.cursor) selfParams.set('cursor', q.cursor);
    const self = this.url(`releases${selfParams.size ? `?${selfParams}` : ''}`);
    const pkg = releasePackage(self, this.publications.publisher, page.releases, page.newest ?? from ?? new Date(0));
    if (page.next) {
      params.set('cursor', page.next);
      pkg.links = { next: this.url(`releases?${params}`) };
    }
    cacheable(req, res, pkg);
  }

  /** One release, in a release package of its own. */
  @Get('releases/:releaseId')
  @ApiParam({ name: 'releaseId', description: 'The release id (`id` of a release)' })
  @ApiOkResponse({ description: 'OCDS release package with one release', schema: OCDS_PACKAGE })
  async release(@Param('releaseId') releaseId: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const { release, date } = await this.publications.release(releaseId);
    cacheable(req, res, releasePackage(this.url(`releases/${encodeURIComponent(releaseId)}`), this.publications.publisher, [release], date), 3600);
  }

  /** The record of one contracting process: its releases in date order and the compiled release (its current state). */
  @Get('records/:ocid')
  @ApiParam({ name: 'ocid', description: 'The open contracting id, e.g. ocds-opm0uk-<requirement id>' })
  @ApiOkResponse({ description: 'OCDS record package with one record', schema: OCDS_PACKAGE })
  async record(@Param('ocid') ocid: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const r = await this.publications.record(ocid);
    cacheable(req, res, recordPackage(this.url(`records/${encodeURIComponent(ocid)}`), this.publications.publisher, ocid, r.releases, r.compiledRelease, r.newest));
  }

  /** The daily bulk files (gzip-compressed release packages of every release), newest first. */
  @Get('bulk')
  @ApiOkResponse({ type: BulkFilesDto })
  async bulkFiles(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const items = (await this.bulk.list()).map((f) => ({ ...f, url: this.url(`bulk/${f.day}`) }));
    cacheable(req, res, { items });
  }

  /** One day's bulk file: a gzip-compressed OCDS release package (Content-Type application/gzip). */
  @Get('bulk/:day')
  @ApiParam({ name: 'day', description: 'YYYY-MM-DD', example: '2026-11-26' })
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'A gzip-compressed OCDS release package', schema: { type: 'string', format: 'binary' } })
  async bulkFile(@Param('day') day: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    // A real calendar day: Date.parse takes 2026-02-30 (as 2 March), which Postgres would then refuse (a 500).
    if (!isCalendarDate(day)) {
      throw DomainError.validation('OPEN_DATA.INVALID_QUERY', [{ field: 'day', message: 'day must be a date, YYYY-MM-DD.' }]);
    }
    const { view, stream } = await this.bulk.open(day);
    const etag = `"${view.sha256}"`;
    res.header('ETag', etag);
    res.header('Cache-Control', 'public, max-age=3600');
    if (matches(req.headers['if-none-match'], etag)) {
      stream.destroy();
      void res.status(304).send();
      return;
    }
    res.header('Content-Type', 'application/gzip');
    res.header('Content-Length', String(view.bytes));
    res.header('Content-Disposition', `attachment; filename="${view.fileName}"`);
    // Fastify pipes the file and closes it when the client goes away mid-download.
    void res.send(stream);
  }
}
