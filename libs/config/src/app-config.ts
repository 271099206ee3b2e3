import { existsSync, readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvSchema } from './env.schema';

/** Typed, namespaced view of the validated environment. */
export class AppConfig {
  readonly env: EnvSchema['NODE_ENV'];
  readonly app: { serviceName: string; logLevel: string; publicWebUrl: string; brandColour: string };
  readonly api: { port: number; rateLimitPerMinute: number; apiKeyRateLimitPerMinute: number };
  readonly web: { port: number; sessionSecret: string; sessionTtlSeconds: number; cookieSecure: boolean };
  readonly database: { url: string; poolSize: number };
  readonly redis: { url: string; prefix: string };
  readonly auth: {
    jwtSecret: string;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    argon2MemoryKib: number;
    argon2Iterations: number;
    loginMaxFailures: number;
    loginLockSeconds: number;
    loginMaxFailuresPerIp: number;
    invitationTtlHours: number;
    publicSectorDomains: string[];
  };
  readonly mail: { transport: 'log' | 'smtp'; smtpUrl?: string; from: string; digestHourUtc: number; retryAfterMinutes: number };
  readonly outbox: { pollMs: number };
  readonly queue: { jobLockMs: number };
  readonly reporting: { smeTarget: number; importDir: string; importMaxBytes: number; cacheSeconds: number };
  readonly openData: { ocidPrefix: string; publisherName: string; publicApiUrl: string; dir: string; bulkKeep: number };
  readonly suppliers: { sizeDefinition: 'eu-2003-361' | 'uk-pa-2023'; ratesToEur: string };
  readonly tendering: {
    requireBudget: boolean;
    requireProblemStatement: boolean;
    maxEssentialCriteria: number;
    minDaysToClose: number;
    minDaysForQuestions: number;
    scoreScaleMax: number;
  };

  constructor(e: EnvSchema) {
    this.env = e.NODE_ENV;
    this.app = {
      serviceName: e.SERVICE_NAME,
      logLevel: e.LOG_LEVEL,
      publicWebUrl: e.PUBLIC_WEB_URL.replace(/\/$/, ''),
      brandColour: e.BRAND_COLOUR,
    };
    this.api = { port: e.API_PORT, rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE, apiKeyRateLimitPerMinute: e.API_KEY_RATE_LIMIT_PER_MINUTE };
    this.web = {
      port: e.WEB_PORT,
      sessionSecret: e.SESSION_SECRET,
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      cookieSecure: e.WEB_COOKIE_SECURE ?? e.NODE_ENV === 'production',
    };
    this.database = { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE };
    this.redis = { url: e.REDIS_URL, prefix: e.REDIS_PREFIX };
    this.auth = {
      jwtSecret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      argon2MemoryKib: e.ARGON2_MEMORY_KIB,
      argon2Iterations: e.ARGON2_ITERATIONS,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockSeconds: e.LOGIN_LOCK_SECONDS,
      loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      invitationTtlHours: e.INVITATION_TTL_HOURS,
      publicSectorDomains: e.PUBLIC_SECTOR_DOMAINS ?? [],
    };
    this.mail = {
      transport: e.MAIL_TRANSPORT,
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      digestHourUtc: e.DIGEST_HOUR_UTC,
      retryAfterMinutes: e.MAIL_RETRY_AFTER_MINUTES,
    };
    this.outbox = { pollMs: e.OUTBOX_POLL_MS };
    this.queue = { jobLockMs: e.JOB_LOCK_MS };
    this.reporting = { smeTarget: e.SME_TARGET, importDir: e.IMPORT_DIR, importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024, cacheSeconds: e.REPORT_CACHE_SECONDS };
    this.openData = {
      ocidPrefix: e.OCDS_OCID_PREFIX,
      publisherName: e.OCDS_PUBLISHER_NAME,
      publicApiUrl: e.PUBLIC_API_URL.replace(/\/$/, ''),
      dir: e.OPEN_DATA_DIR,
      bulkKeep: e.OPEN_DATA_BULK_KEEP,
    };
    this.suppliers = { sizeDefinition: e.SIZE_DEFINITION, ratesToEur: e.SIZE_RATES_TO_EUR };
    this.tendering = {
      requireBudget: e.TENDER_REQUIRE_BUDGET,
      requireProblemStatement: e.TENDER_REQUIRE_PROBLEM_STATEMENT,
      maxEssentialCriteria: e.TENDER_MAX_ESSENTIAL_CRITERIA,
      minDaysToClose: e.TENDER_MIN_DAYS_TO_CLOSE,
      minDaysForQuestions: e.TENDER_MIN_DAYS_FOR_QUESTIONS,
      scoreScaleMax: e.TENDER_SCORE_SCALE_MAX,
    };
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Configuration is not valid:\n' + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

const KNOWN_KEYS = new Set(Object.keys(new EnvSchema()).concat(['JWT_SECRET', 'SESSION_SECRET', 'WEB_COOKIE_SECURE', 'SMTP_URL', 'PUBLIC_SECTOR_DOMAINS']));

/** Reads `KEY=value` lines of a .env file (no expansion); the real environment wins. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * Validates the environment. Throws ConfigValidationError naming every bad
 * or missing variable; callers at boot print it and exit non-zero.
 */
export function loadConfig(env: Record<string, string | undefined> = { ...readEnvFile('.env'), ...process.env }): AppConfig {
  const relevant: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (KNOWN_KEYS.has(k) && v !== undefined && v !== '') relevant[k] = v;
  }
  const parsed = plainToInstance(EnvSchema, relevant, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: true });
  if (errors.length) throw new ConfigValidationError(errors.flatMap(flatten));
  return new AppConfig(parsed);
}

function flatten(e: ValidationError): { variable: string; message: string }[] {
  const own = Object.values(e.constraints ?? {}).map((message) => ({
    variable: e.property,
    message: e.value === undefined ? `is missing (${message})` : message,
  }));
  return own.concat((e.children ?? []).flatMap(flatten));
}

/** For process entry points: the validated config, or a printed list of problems and exit code 78. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
}
