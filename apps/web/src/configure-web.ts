import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { RedisStore } from 'connect-redis';
import { csrfSync } from 'csrf-sync';
import multer from 'multer';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { ocidOf } from '@app/open-data';
import { AppConfig } from '@app/config';
import { SessionsService } from '@app/identity';
import { UPLOAD_TMP_DIR } from '@app/open-data';
import { QueuesService } from '@app/queue';
import { QUEUES_PATH, bullBoardRouter, isQueuesApi, queuesGuard } from './bull-board';
import { SESSION_REDIS, SessionRedisClient } from './session/session-redis.provider';
import { WebRequest, takeFlash } from './session/session-data';
import { KIND_NAMES, STATUS_TAGS, roleName } from './view/navigation';
import { OFFERING_STATUS_TAGS, bandName, formatDate, formatMoney } from './view/labels';
import { buildStylesheet } from './view/stylesheet';

export const SESSION_COOKIE = 'opm.sid';
export const CSRF_FIELD = '_csrf';

/** Views live next to this file in src/ (ts-jest) and in dist/ (copied as assets by nest-cli.json). */
export const VIEWS_DIR = join(__dirname, 'views');
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/**
 * Everything main.ts does to the web app besides listening; tests call it too.
 * Order matters: nonce and security headers, static files (no session),
 * form bodies, session, CSRF (needs both), Bull Board (needs the session).
 * Nest's routes, guards and filters come after all of these.
 */
export function configureWebApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.enableShutdownHooks();

  // A fresh nonce per response for the template's one inline script and our module loader.
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    res.locals.csrfToken = () => (typeof req.csrfToken === 'function' ? req.csrfToken() : '');
    res.locals.takeFlash = () => takeFlash(req);
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.web.cookieSecure ? [] : null,
        },
      },
      strictTransportSecurity: config.web.cookieSecure ? undefined : false,
    }),
  );

  // Static files: the CSS hard-codes /assets; the JS module lives under /govuk.
  const stylesheet = buildStylesheet(GOVUK_DIST, config.app.brandColour);
  const stylesheetUrl = `/stylesheets/application.css?v=${stylesheet.etag.slice(1, 9)}`;
  app.use('/stylesheets/application.css', (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.setHeader('ETag', stylesheet.etag);
    if (req.headers['if-none-match'] === stylesheet.etag) return void res.status(304).end();
    res.type('text/css').send(stylesheet.css);
  });
  app.useStaticAssets(join(GOVUK_DIST, 'govuk', 'assets'), { prefix: '/assets', maxAge: '1d', index: false });
  app.useStaticAssets(join(GOVUK_DIST, 'govuk'), { prefix: '/govuk', maxAge: '1d', index: false });

  // Form bodies must be parsed before the CSRF check reads the token from them.
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb', parameterLimit: 200 });

  const redis = app.get<SessionRedisClient>(SESSION_REDIS);
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.web.sessionSecret,
      store: new RedisStore({ client: redis, prefix: `${config.redis.prefix}:sess:`, ttl: config.web.sessionTtlSeconds }),
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.web.cookieSecure,
        path: '/',
        maxAge: config.web.sessionTtlSeconds * 1000,
      },
    }),
  );

  // Admin import uploads: multipart bodies are streamed to disk (never held in memory) before the
  // CSRF check reads the token from them — only for a signed-in session; the route's guard then
  // checks the role, and the temporary file is removed when the response ends, whatever happened.
  const upload = multer({
    storage: multer.diskStorage({ destination: UPLOAD_TMP_DIR }),
    limits: { fileSize: config.reporting.importMaxBytes, files: 1, fields: 10 },
  }).single('file');
  mkdirSync(UPLOAD_TMP_DIR, { recursive: true });
  app.use('/admin/imports', (req: Request & { file?: { path: string }; uploadError?: string }, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data') || !req.session?.userId) return next();
    res.on('close', () => void (req.file && unlink(req.file.path).catch(() => undefined)));
    upload(req, res, (err: unknown) => {
      if (err) req.uploadError = (err as { code?: string }).code === 'LIMIT_FILE_SIZE' ? `The file must be smaller than ${config.reporting.importMaxBytes / 1024 / 1024} MB` : 'The upload did not complete: try again';
      next();
    });
  });

  const { csrfSynchronisedProtection } = csrfSync({
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
    },
    skipCsrfProtection: (req) => isQueuesApi(req as WebRequest),
  });
  app.use(csrfSynchronisedProtection);
  // The token has done its job; DTOs (whitelist, forbidNonWhitelisted) must not see it.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body && typeof req.body === 'object' && CSRF_FIELD in req.body) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    next();
  });

  app.use(QUEUES_PATH, queuesGuard(app.get(SessionsService)), bullBoardRouter(app.get(QueuesService), config.app.serviceName));

  const env = nunjucks.configure([VIEWS_DIR, GOVUK_DIST], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance(),
    throwOnUndefined: false,
    noCache: false,
  });
  env.addGlobal('serviceName', config.app.serviceName);
  env.addGlobal('brandColour', config.app.brandColour);
  env.addGlobal('stylesheetUrl', stylesheetUrl);
  env.addGlobal('statusTags', STATUS_TAGS);
  env.addGlobal('kindNames', KIND_NAMES);
  env.addGlobal('offeringStatusTags', OFFERING_STATUS_TAGS);
  // The OCDS record of a contracting process (a requirement, or a direct award's contract), on the public API.
  env.addGlobal('ocdsRecordUrl', (processId: string) => `${config.openData.publicApiUrl}/api/v1/ocds/records/${ocidOf(config.openData.ocidPrefix, processId)}`);
  env.addFilter('roleName', roleName);
  env.addFilter('bandName', bandName);
  env.addFilter('money', formatMoney);
  env.addFilter('date', formatDate);
  app.setViewEngine('njk');
}
