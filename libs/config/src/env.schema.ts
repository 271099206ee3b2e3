import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toFloat = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : value;

/**
 * Every setting the processes read, with its default. One schema; the
 * typed namespaces in `app-config.ts` are built from it. A value that fails
 * here stops the process at boot with the variable named.
 */
export class EnvSchema {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString() @MinLength(1) @MaxLength(80)
  SERVICE_NAME = 'Open Procurement Marketplace';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  API_PORT = 3000;

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  WEB_PORT = 3001;

  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_WEB_URL = 'http://localhost:3001';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marketplace';

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key (queues, sessions, rate limits). Hash-tagged for Redis Cluster. */
  @Matches(/^[A-Za-z0-9:{}_-]{1,64}$/, { message: 'REDIS_PREFIX may hold letters, digits and : { } _ -' })
  REDIS_PREFIX = '{opm}';

  @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsString() @MinLength(1)
  JWT_ISSUER = 'open-procurement-marketplace';

  @IsString() @MinLength(1)
  JWT_AUDIENCE = 'opm-api';

  @Transform(toInt) @IsInt() @Min(30) @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 300;

  @Transform(toInt) @IsInt() @Min(300) @Max(60 * 60 * 24 * 90)
  REFRESH_TOKEN_TTL_SECONDS = 60 * 60 * 24 * 14;

  /** argon2id memory cost in KiB: OWASP floor is 19 MiB. */
  @Transform(toInt) @IsInt() @Min(19 * 1024) @Max(1024 * 1024)
  ARGON2_MEMORY_KIB = 19 * 1024;

  @Transform(toInt) @IsInt() @Min(2) @Max(20)
  ARGON2_ITERATIONS = 2;

  /** Consecutive failed sign-ins on one account before it is locked out for LOGIN_LOCK_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  LOGIN_LOCK_SECONDS = 900;

  /** Failed sign-ins from one IP address (any account) per LOGIN_LOCK_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  LOGIN_MAX_FAILURES_PER_IP = 50;

  /** Requests per minute per client on public API routes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Requests per minute per API key (X-API-Key), counted per key across every route; the bucket is kept in Redis. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 30)
  INVITATION_TTL_HOURS = 72;

  @IsString() @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET!: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(60 * 60 * 24 * 30)
  SESSION_TTL_SECONDS = 60 * 60 * 8;

  /** Secure cookies; defaults to true when NODE_ENV=production. */
  @IsOptional() @Transform(toBool) @IsBoolean()
  WEB_COOKIE_SECURE?: boolean;

  /** Brand colour of the header (the deploying organisation's). */
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'BRAND_COLOUR must be a #rrggbb colour' })
  BRAND_COLOUR = '#1d70b8';

  @IsIn(['log', 'smtp'])
  MAIL_TRANSPORT: 'log' | 'smtp' = 'log';

  @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsEmail()
  MAIL_FROM = 'no-reply@marketplace.example';

  /** E-mail domains whose buyers are verified at once (added to the list kept in the database). */
  @IsOptional() @Transform(toList) @IsString({ each: true }) @Matches(/^[a-z0-9.-]+\.[a-z]{2,}$/, { each: true })
  PUBLIC_SECTOR_DOMAINS?: string[];

  /** How supplier size bands are derived: EU Recommendation 2003/361 (default) or the UK Procurement Act 2023. */
  @IsIn(['eu-2003-361', 'uk-pa-2023'])
  SIZE_DEFINITION: 'eu-2003-361' | 'uk-pa-2023' = 'eu-2003-361';

  /**
   * Reference rates for size declarations in another currency than the size
   * definition's: how many euros one unit is worth (`GBP=1.17,USD=0.92`; EUR=1
   * is implied). A declaration in a currency not listed here is refused.
   */
  @Matches(/^\s*[A-Z]{3}\s*=\s*\d+(\.\d+)?\s*(,\s*[A-Z]{3}\s*=\s*\d+(\.\d+)?\s*)*$/, {
    message: 'SIZE_RATES_TO_EUR must look like GBP=1.17,USD=0.92',
  })
  SIZE_RATES_TO_EUR = 'GBP=1.17,USD=0.92';

  /** Publish checks: refuse to publish a requirement without a budget (true/false). */
  @Transform(toBool) @IsBoolean()
  TENDER_REQUIRE_BUDGET = true;

  /** Publish checks: refuse to publish a requirement without a problem statement (true/false). */
  @Transform(toBool) @IsBoolean()
  TENDER_REQUIRE_PROBLEM_STATEMENT = true;

  /** Publish checks: the most essential criteria a requirement may have. */
  @Transform(toInt) @IsInt() @Min(1) @Max(50)
  TENDER_MAX_ESSENTIAL_CRITERIA = 10;

  /** Publish checks: the closing time must be at least this many days after publication. */
  @Transform(toInt) @IsInt() @Min(0) @Max(365)
  TENDER_MIN_DAYS_TO_CLOSE = 7;

  /** Publish checks: the question deadline must be at least this many days after publication. */
  @Transform(toInt) @IsInt() @Min(0) @Max(365)
  TENDER_MIN_DAYS_FOR_QUESTIONS = 2;

  /** Evaluators score each criterion from 0 to this number. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  TENDER_SCORE_SCALE_MAX = 100;

  /** The hour (UTC, 0–23) from which each day's opportunity-alert digests are sent. */
  @Transform(toInt) @IsInt() @Min(0) @Max(23)
  DIGEST_HOUR_UTC = 7;

  /** An e-mail still unsent after this many minutes (the mail server was down) is queued again. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1440)
  MAIL_RETRY_AFTER_MINUTES = 10;

  /** SME reporting: the target share of contract value going to SMEs (0–1), for the headline and buyer scorecards. */
  @Transform(toFloat) @IsNumber() @Min(0.01) @Max(1)
  SME_TARGET = 0.33;

  /**
   * SME reports are cached in Redis for at most this many seconds (0: never). Every change to
   * the rollups bumps the cache's version after it commits, so a cached report is never older
   * than the last committed change; a stored snapshot's figures keep an hour.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  REPORT_CACHE_SECONDS = 60;

  /** Where uploaded import files are kept until the worker has read them (shared by web and worker). */
  @IsString() @IsNotEmpty()
  IMPORT_DIR = 'var/imports';

  /** Largest import file accepted by an upload (web app and API), in megabytes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  IMPORT_MAX_MB = 1024;

  /**
   * How long a worker holds a job before others may take it as stalled (BullMQ lockDuration and
   * stalledInterval), in milliseconds: after a worker dies, its jobs run again within about this.
   */
  @Transform(toInt) @IsInt() @Min(1000) @Max(600000)
  JOB_LOCK_MS = 30000;

  /**
   * Open data: the prefix of every OCDS ocid the platform publishes (`ocds-` and six characters,
   * registered with the Open Contracting Partnership for production use).
   */
  @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'OCDS_OCID_PREFIX must be "ocds-" followed by six lowercase letters or digits' })
  OCDS_OCID_PREFIX = 'ocds-opm0uk';

  /** The publisher named in every OCDS package. */
  @IsString() @IsNotEmpty()
  OCDS_PUBLISHER_NAME = 'Open Procurement Marketplace';

  /** The public base URL of the API (OCDS package `uri`s and paging links are made from it). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_API_URL = 'http://localhost:3000';

  /** Where the worker writes the daily bulk OCDS files and the api reads them (shared by both). */
  @IsString() @IsNotEmpty()
  OPEN_DATA_DIR = 'var/open-data';

  /** How many daily bulk files are kept (the newest first). */
  @Transform(toInt) @IsInt() @Min(1) @Max(366)
  OPEN_DATA_BULK_KEEP = 7;

  /** How often the worker polls the outbox, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(10) @Max(60000)
  OUTBOX_POLL_MS = 250;
}
