import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Body, CallHandler, Controller, ExecutionContext, Get, HttpCode, Injectable, NestInterceptor, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { diskStorage } from 'multer';
import { AuthUser, CurrentUser, PageQueryDto, ReqMeta, RequestMeta, Roles } from '@app/identity';
import { UuidParam } from '@app/platform';
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

/**
 * Removes the uploaded temporary file once the response is sent, whatever happened — also when the
 * body's validation refused the request before the handler ran (an import moves the file away first).
 */
@Injectable()
class RemoveUploadAfterResponse implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<{ file?: { path: string } }>();
    http.getResponse<{ on(event: 'close', fn: () => void): void }>().on('close', () => {
      if (req.file) void unlink(req.file.path).catch(() => undefined);
    });
    return next.handle();
  }
}

/** Max upload size: IMPORT_MAX_MB, read when the module loads (multer options are static). */
const MAX_BYTES = Number(process.env.IMPORT_MAX_MB ?? 1024) * 1024 * 1024;

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
  @UseInterceptors(
    FileInterceptor('file', {
      storage: diskStorage({
        destination: (_req, _file, cb) => {
          mkdirSync(UPLOAD_TMP_DIR, { recursive: true });
          cb(null, UPLOAD_TMP_DIR);
        },
      }),
      limits: { fileSize: MAX_BYTES, files: 1 },
    }),
    RemoveUploadAfterResponse,
  )
  async upload(@CurrentUser() user: AuthUser, @UploadedFile() file: { path: string; originalname: string } | undefined, @Body() body: ImportUploadDto, @ReqMeta() meta: RequestMeta) {
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
