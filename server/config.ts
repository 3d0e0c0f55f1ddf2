import { z } from 'zod';

/** Where the database comes from: an external server (NEO4J_URI) or the embedded launcher. */
export type Neo4jTarget =
  | { kind: 'external'; uri: string; user: string; password: string; database: string | undefined }
  | { kind: 'embedded'; database: string | undefined };

export interface AppConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  neo4j: Neo4jTarget;
  embedded: { homeDir: string; boltPort: number; heap: string; pageCache: string };
  seedOnStart: boolean;
  adminToken: string | undefined;
  queryTimeoutMs: number;
  queryRowCap: number;
  corsOrigin: string | undefined;
  consoleRateLimit: number;
  auth: AuthSettings;
}

/**
 * Who may use the app. `off` serves everyone without sign-in (the default only while the
 * app listens on a loopback address); `local` keeps accounts in the graph.
 */
export interface AuthSettings {
  mode: 'off' | 'local';
  /** Set when auth is off on a non-loopback address: shown at start and in /api/health. */
  warning: string | undefined;
  /** ENTENTE_SECRET; unset = a generated secret kept in ENTENTE_HOME (one machine only). */
  secret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Express `trust proxy`: how many proxies (or which addresses) to believe. */
  trustProxy: boolean | number | string;
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
  ENTENTE_SEED_ON_START: flag.default(true),
  ENTENTE_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  ENTENTE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  ENTENTE_QUERY_ROW_CAP: z.coerce.number().int().min(1).max(100_000).default(1_000),
  ENTENTE_CORS_ORIGIN: z.string().url().optional(),
  ENTENTE_CONSOLE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  ENTENTE_AUTH: z
    .enum(['off', 'local', 'oidc'])
    .refine((mode) => mode !== 'oidc', 'oidc single sign-on is not available yet; use local')
    .optional(),
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
  ENTENTE_TRUST_PROXY: z.string().min(1).optional(),
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
  const loopback = isLoopback(e.HOST);
  if (!loopback && e.ENTENTE_AUTH === undefined) {
    throw new ConfigError([
      `ENTENTE_AUTH: required when HOST (${e.HOST}) is reachable from other machines: ` +
        'set ENTENTE_AUTH=local for accounts, or ENTENTE_AUTH=off to serve everyone without sign-in',
    ]);
  }
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
    },
    seedOnStart: e.ENTENTE_SEED_ON_START,
    adminToken: e.ENTENTE_ADMIN_TOKEN,
    queryTimeoutMs: e.ENTENTE_QUERY_TIMEOUT_MS,
    queryRowCap: e.ENTENTE_QUERY_ROW_CAP,
    corsOrigin: e.ENTENTE_CORS_ORIGIN,
    consoleRateLimit: e.ENTENTE_CONSOLE_RATE_LIMIT,
    auth: {
      mode: e.ENTENTE_AUTH === 'local' ? 'local' : 'off',
      warning:
        e.ENTENTE_AUTH === 'off' && !loopback
          ? `Sign-in is off (ENTENTE_AUTH=off) while listening on ${e.HOST}: anyone who reaches the port can read everything and run console queries.`
          : undefined,
      secret: e.ENTENTE_SECRET,
      sessionIdleMinutes: e.ENTENTE_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.ENTENTE_SESSION_MAX_HOURS,
      trustProxy: trustProxySetting(e.ENTENTE_TRUST_PROXY),
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    bare === '::ffff:127.0.0.1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  );
}

/** `true`/`false`, a hop count, or addresses/subnets as Express reads them. */
function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
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
