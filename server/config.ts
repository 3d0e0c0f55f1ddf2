import { z } from 'zod';
import { OIDC_ENV, oidcSettingsFrom, type OidcSettings } from './auth/oidc-settings.ts';
import { isLoopbackAddress, LOOPBACK_NAMES } from './loopback.ts';

export { isLoopbackAddress, LOOPBACK_NAMES } from './loopback.ts';

/** Where the database comes from: an external server (NEO4J_URI) or the embedded launcher. */
export type Neo4jTarget =
  | { kind: 'external'; uri: string; user: string; password: string; database: string | undefined }
  | { kind: 'embedded'; database: string | undefined };

export interface AppConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  neo4j: Neo4jTarget;
  embedded: {
    homeDir: string;
    boltPort: number;
    heap: string;
    pageCache: string;
    jit: 'quick' | 'full';
    classSharing: boolean;
  };
  seedOnStart: boolean;
  adminToken: string | undefined;
  queryTimeoutMs: number;
  queryRowCap: number;
  corsOrigin: string | undefined;
  consoleRateLimit: number;
  auth: AuthSettings;
  /** Requests a minute per client on search, expansion, paths, subgraph and schema. */
  dataRateLimit: number;
  /** The most bytes of rows one console answer holds. */
  queryMaxBytes: number;
  /** Express `trust proxy`: false, true, a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  /** Host names the app answers for; `*` means any. */
  allowedHosts: string[];
}

/**
 * Who may use the app. `off` serves everyone without sign-in (the default only while the
 * app listens on a loopback address); `local` keeps accounts in the graph; `oidc` signs
 * people in through the team's OpenID Connect provider.
 */
export interface AuthSettings {
  mode: 'off' | 'local' | 'oidc';
  /** Set exactly when the mode is `oidc`. */
  oidc: OidcSettings | undefined;
  /** Set when auth is off on a non-loopback address: shown at start and in /api/health. */
  warning: string | undefined;
  /** ENTENTE_SECRET; unset = a generated secret kept in ENTENTE_HOME (one machine only). */
  secret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || ['false', '0', 'no', 'off'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

const memorySize = z.string().regex(/^\d+[kmg]$/i, 'a size such as 512m or 1g');

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NEO4J_URI: z
    .string()
    .regex(
      /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/.+/,
      'a Bolt URI such as neo4j://host:7687',
    )
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().min(1).optional(),
  ENTENTE_HOME: z.string().min(1).default('.neo4j'),
  ENTENTE_NEO4J_BOLT_PORT: z.coerce.number().int().min(1).max(65535).default(7687),
  ENTENTE_NEO4J_HEAP: memorySize.default('512m'),
  ENTENTE_NEO4J_PAGECACHE: memorySize.default('512m'),
  ENTENTE_NEO4J_JIT: z.enum(['quick', 'full']).default('quick'),
  ENTENTE_NEO4J_CLASS_SHARING: flag.default(true),
  ENTENTE_SEED_ON_START: flag.default(true),
  ENTENTE_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  ENTENTE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  ENTENTE_QUERY_ROW_CAP: z.coerce.number().int().min(1).max(100_000).default(1_000),
  ENTENTE_CORS_ORIGIN: z.string().url().optional(),
  ENTENTE_CONSOLE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  ENTENTE_AUTH: z.enum(['off', 'local', 'oidc']).optional(),
  ...OIDC_ENV,
  ENTENTE_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  ENTENTE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  ENTENTE_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90 * 24)
    .default(12),
  ENTENTE_DATA_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(3_000),
  ENTENTE_QUERY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(1_073_741_824)
    .default(10 * 1024 * 1024),
  ENTENTE_TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|yes|no|on|off|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/i,
      'true, false, a number of proxies, or addresses/subnets such as loopback, 10.0.0.0/8',
    )
    .optional(),
  ENTENTE_ALLOWED_HOSTS: z
    .string()
    .regex(
      /^\s*(\*|[\w.\-[\]:]+)(\s*,\s*[\w.\-[\]:]+)*\s*$/,
      'host names separated by commas, or *',
    )
    .optional(),
});

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses and validates the environment once; every bad variable is named in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in EnvSchema.shape && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.NEO4J_URI && e.NEO4J_PASSWORD === undefined) {
    throw new ConfigError(['NEO4J_PASSWORD: required when NEO4J_URI is set']);
  }
  const loopback = isLoopbackAddress(e.HOST);
  if (!loopback && e.ENTENTE_AUTH === undefined) {
    throw new ConfigError([
      `ENTENTE_AUTH: required when HOST (${e.HOST}) is reachable from other machines: ` +
        'set ENTENTE_AUTH=local for accounts, ENTENTE_AUTH=oidc for single sign-on, ' +
        'or ENTENTE_AUTH=off to serve everyone without sign-in',
    ]);
  }
  const oidcProblems: string[] = [];
  const oidc = e.ENTENTE_AUTH === 'oidc' ? oidcSettingsFrom(e, oidcProblems) : undefined;
  if (oidcProblems.length > 0) throw new ConfigError(oidcProblems);
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    neo4j: e.NEO4J_URI
      ? {
          kind: 'external',
          uri: e.NEO4J_URI,
          user: e.NEO4J_USER,
          password: e.NEO4J_PASSWORD ?? '',
          database: e.NEO4J_DATABASE,
        }
      : { kind: 'embedded', database: e.NEO4J_DATABASE },
    embedded: {
      homeDir: e.ENTENTE_HOME,
      boltPort: e.ENTENTE_NEO4J_BOLT_PORT,
      heap: e.ENTENTE_NEO4J_HEAP,
      pageCache: e.ENTENTE_NEO4J_PAGECACHE,
      jit: e.ENTENTE_NEO4J_JIT,
      classSharing: e.ENTENTE_NEO4J_CLASS_SHARING,
    },
    seedOnStart: e.ENTENTE_SEED_ON_START,
    adminToken: e.ENTENTE_ADMIN_TOKEN,
    queryTimeoutMs: e.ENTENTE_QUERY_TIMEOUT_MS,
    queryRowCap: e.ENTENTE_QUERY_ROW_CAP,
    corsOrigin: e.ENTENTE_CORS_ORIGIN,
    consoleRateLimit: e.ENTENTE_CONSOLE_RATE_LIMIT,
    auth: {
      mode: e.ENTENTE_AUTH === 'local' || e.ENTENTE_AUTH === 'oidc' ? e.ENTENTE_AUTH : 'off',
      oidc,
      warning:
        e.ENTENTE_AUTH === 'off' && !loopback
          ? `Sign-in is off (ENTENTE_AUTH=off) while listening on ${e.HOST}: anyone who reaches the port can read everything and run console queries.`
          : undefined,
      secret: e.ENTENTE_SECRET,
      sessionIdleMinutes: e.ENTENTE_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.ENTENTE_SESSION_MAX_HOURS,
    },
    dataRateLimit: e.ENTENTE_DATA_RATE_LIMIT,
    queryMaxBytes: e.ENTENTE_QUERY_MAX_BYTES,
    trustProxy: parseTrustProxy(e.ENTENTE_TRUST_PROXY?.toLowerCase()),
    allowedHosts: e.ENTENTE_ALLOWED_HOSTS
      ? e.ENTENTE_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase())
      : isLoopbackAddress(e.HOST)
        ? LOOPBACK_NAMES
        : ['*'],
  };
}

/**
 * For command-line entry points: the configuration, or null after printing which
 * variables are wrong (the caller exits with status 2).
 */
export function loadConfigOrExplain(env: NodeJS.ProcessEnv = process.env): AppConfig | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return null;
  }
}
