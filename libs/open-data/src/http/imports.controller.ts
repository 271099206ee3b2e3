/// <reference types="@fastify/multipart" />
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Body, CallHandler, Controller, ExecutionContext, Get, HttpCode, Injectable, NestInterceptor, Post, Query, UseInterceptors, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable, catchError } from 'rxjs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AppConfig } from '@app/config';
import { AuthUser, CurrentUser, PageQueryDto, ReqMeta, RequestMeta, Roles } from '@app/identity';
import { REQUEST_VALIDATION_FAILED, UuidParam } from '@app/platform';
import { DomainError } from '@app/shared';
import { ImportKind, ImportsService, UPLOAD_TMP_DIR } from '../application/imports.service';

export class ImportUploadDto {
  @ApiPropertyOptional({ enum: ['ocds', 'spend'], description: 'What the file is; by default from its name (.json OCDS, .csv spend)' })
  @IsOptional() @IsIn(['ocds', 'spend'], { message: 'kind must be ocds or spend' })
  kind?: ImportKind;

  @ApiPropertyOptional({ enum: ['latin1', 'macroman', 'utf8'], default: 'latin1', description: 'Text encoding of a spend CSV (ISO-8859-1 by default)' })
  @IsOptional() @IsIn(['latin1', 'macroman', 'utf8'], { message: 'encoding must be latin1, macroman or utf8' })
  encoding?: 'latin1' | 'macroman' | 'utf8';
}

const FILE_FIELD = 'file';

interface UploadedImportFile {
  path: string;
  originalname: string;
}
/** (`file` is @fastify/multipart's own method on the request.) */
type UploadRequest = FastifyRequest & { uploadedImport?: UploadedImportFile };

/**
 * Reads a multipart/form-data upload (@fastify/multipart): the one file of field `file` streamed to
 * a temporary file in UPLOAD_TMP_DIR (at most IMPORT_MAX_MB: 413 past it), the other fields as the
 * body the DTO validates. Whatever refuses the request — the upload itself, the body's validation,
 * the import — removes the temporary file before the answer goes (an import moves it away first).
 * Runs after the guards: nothing is written for a caller who may not upload.
 */
@Injectable()
class ReceiveUpload implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const removeUpload = async () => {
      const file = req.uploadedImport;
      req.uploadedImport = undefined;
      if (file) await unlink(file.path).catch(() => undefined);
    };
    if (!req.isMultipart()) return next.handle();
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts({ limits: { fileSize: this.config.reporting.importMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } })) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== FILE_FIELD) {
          part.file.resume();
          throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: part.fieldname, message: `${part.fieldname} is not an accepted field: send the file as ${FILE_FIELD}` }]);
        }
        await mkdir(UPLOAD_TMP_DIR, { recursive: true });
        req.uploadedImport = { path: join(UPLOAD_TMP_DIR, randomUUID()), originalname: part.filename };
        await pipeline(part.file, createWriteStream(req.uploadedImport.path));
      }
    } catch (e) {
      await removeUpload();
      // @fastify/multipart refuses a field named like a property of every object (__proto__, constructor), without saying which.
      if ((e as { code?: unknown }).code !== 'FST_PROTO_VIOLATION') throw e;
      throw DomainError.validation(REQUEST_VALIDATION_FAILED, [{ field: 'body', message: 'body has a field named __proto__, constructor or another name reserved by JavaScript' }]);
    }
    req.body = fields;
    return next.handle().pipe(
      catchError(async (e: unknown) => {
        await removeUpload();
        throw e;
      }),
    );
  }
}

/** The file ReceiveUpload stored, if any. */
const UploadedFile = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<UploadRequest>().uploadedImport);

/** Imports of published data (OCDS, spend CSV): upload, list, progress. Platform admins. */
@ApiTags('imports')
@ApiBearerAuth()
@Roles('platform_admin')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Uploads a file (multipart field `file`) and queues its import; answers with the run to poll. */
  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string', enum: ['ocds', 'spend'] }, encoding: { type: 'string', enum: ['latin1', 'macroman', 'utf8'] } }, required: ['file'] } })
  @UseInterceptors(ReceiveUpload)
  async upload(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedImportFile | undefined, @Body() body: ImportUploadDto, @ReqMeta() meta: RequestMeta) {
    if (!file) throw DomainError.validation('OPEN_DATA.INVALID_IMPORT', [{ field: 'file', message: 'Choose a file to import.' }]);
    return this.imports.enqueue(user, { path: file.path, fileName: file.originalname, kind: body.kind, encoding: body.encoding, move: true }, meta);
  }

  @Get()
  list(@Query() page: PageQueryDto) {
    return this.imports.list(page);
  }

  /** One import: status, progress (percent of the file read), counts and the problems found, each with its position. */
  @Get(':importId')
  get(@UuidParam('importId') id: string) {
    return this.imports.get(id);
  }
}
