import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, GoldenThreadError } from './errors.js';

/** Where the project lives, so paths work from any working directory. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type SeedMode = 'missing' | 'always' | 'never';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** A Neo4j server the project does not run itself (Aura, Docker, a cluster). */
export interface ExternalDatabaseConfig {
  readonly kind: 'external';
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
}

/** The project's own Neo4j, started by launcher/Launcher.java. */
export interface EmbeddedDatabaseConfig {
  readonly kind: 'embedded';
  readonly boltPort: number;
  readonly dataDir: string;
  readonly cacheDir: string;
  readonly heap: string;
  readonly pageCache: string;
  /** The most memory all open transactions may hold: a large import is one transaction. */
  readonly txMemory: string;
  readonly startTimeoutMs: number;
  /** How the embedded Neo4j is restarted after an unexpected exit (src/database/embedded/restarts.ts). */
  readonly restart: RestartPolicy;
}

export interface RestartPolicy {
  /** Wait before the first restart; each further restart in the window waits twice as long. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Restarts allowed within windowMs; one more exit and the database is given up (/healthz 503). */
  readonly maxRestarts: number;
  readonly windowMs: number;
}

export type DatabaseConfig = ExternalDatabaseConfig | EmbeddedDatabaseConfig;

/**
 * How bearer tokens are checked. With neither a secret nor a JWKS address the API is read-only:
 * every mutation is refused as unauthenticated.
 */
export interface AuthConfig {
  /** Shared secret for HS256/384/512 tokens. */
  readonly jwtSecret: string | undefined;
  /** Address of a JSON Web Key Set for RS/ES/EdDSA tokens (an identity provider's jwks_uri). */
  readonly jwksUrl: string | undefined;
  /** Required `iss`, when set. */
  readonly issuer: string | undefined;
  /** Required `aud`, when set. */
  readonly audience: string | undefined;
  /** Longest a token may be valid for, from `iat` (or from now, without one) to `exp`, in hours. */
  readonly maxLifetimeHours: number;
}

export interface Config {
  readonly env: 'production' | 'development' | 'test';
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Whether clients may introspect the schema (`__schema`, `__type`). */
  readonly introspection: boolean;
  /** Highest estimated cost of one query (about the nodes it can read); see src/http/limits/cost.ts. */
  readonly maxQueryCost: number;
  /** Deepest nesting of fields in one query, the root field counting as 1. */
  readonly maxQueryDepth: number;
  /** Requests per minute per client (verified token subject, else address) on /graphql; 0 means no limit. */
  readonly rateLimitPerMinute: number;
  /** Estimated cost (src/http/limits/cost.ts) per minute per client on /graphql; 0 means no limit. */
  readonly rateLimitCostPerMinute: number;
  /** Express's `trust proxy`: false, the number of proxy hops, or the proxies' addresses and ranges. */
  readonly trustProxy: false | number | readonly string[];
  /** Lets a development server listen beyond loopback (logged loudly at start). */
  readonly allowPublicDevelopment: boolean;
  /** Bytes of answers kept in memory for repeated reads (src/http/response-cache.ts); 0 turns the cache off. */
  readonly responseCacheMaxBytes: number;
  /** Largest request body accepted on /graphql, in bytes. */
  readonly maxBodyBytes: number;
  /** Root query fields of one request that run at once, each holding a pooled connection. */
  readonly maxDatabaseCallsPerRequest: number;
  /** Node's server.requestTimeout: the longest a client may take to send a whole request. */
  readonly httpRequestTimeoutMs: number;
  /** Node's server.headersTimeout: the longest a client may take to send the headers. */
  readonly httpHeadersTimeoutMs: number;
  /** Node's server.keepAliveTimeout: how long an idle kept-alive connection stays open. */
  readonly httpKeepAliveTimeoutMs: number;
  /** Browser origins (`https://tool.example.org`) allowed to call the API across sites (src/http/cors.ts); empty: none. */
  readonly corsOrigins: readonly string[];
  readonly database: DatabaseConfig;
  readonly seedMode: SeedMode;
  readonly seedDir: string;
  readonly queryTimeoutMs: number;
  readonly auth: AuthConfig;
  /** The bearer token /metrics asks for; unset, only this machine may read it (src/http/metrics.ts). */
  readonly metricsToken: string | undefined;
  /** Where OpenTelemetry traces are sent (the standard OTEL_ variables); undefined: none are made. */
  readonly tracing: { readonly url: string; readonly serviceName: string } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const SEED_MODES: readonly SeedMode[] = ['missing', 'always', 'never'];
/** Chosen in the terms of src/http/limits/; README "Limits" says what they allow. */
const DEFAULT_MAX_QUERY_COST = 100_000;
const DEFAULT_MAX_QUERY_DEPTH = 12;
/** Twenty queries at the cost limit a minute; the explorer's trace costs about 150. */
const DEFAULT_RATE_LIMIT_COST_PER_MINUTE = 20 * DEFAULT_MAX_QUERY_COST;
/** Whether a server listening on `host` can be reached from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|::1|127(\.\d{1,3}){3})$/i.test(host);
}
/** Express's named ranges, an IPv4 or IPv6 address, or either with a /prefix. */
const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[\d.]+(\/\d{1,2})?|[\da-f:.]*:[\da-f:.]*(\/\d{1,3})?)$/i;

/**
 * The only reader of the environment. Every problem is collected and reported at once,
 * each as one sentence naming the variable and what would fix it.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  };
  const port = (name: string, fallback: number): number => {
    const raw = text(name, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      problems.push(`${name} must be a port number from 0 to 65535, not "${raw}".`);
      return fallback;
    }
    return value;
  };
  const positive = (name: string, fallback: number): number => {
    const raw = text(name, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      problems.push(`${name} must be a whole number above 0, not "${raw}".`);
      return fallback;
    }
    return value;
  };
  const whole = (name: string, fallback: number): number => {
    const raw = text(name, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      problems.push(`${name} must be a whole number, 0 or more, not "${raw}".`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = text(name, String(fallback)).toLowerCase();
    if (raw !== 'true' && raw !== 'false') {
      problems.push(`${name} must be true or false, not "${raw}".`);
      return fallback;
    }
    return raw === 'true';
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = text(name, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, not "${raw}".`);
      return fallback;
    }
    return raw as T;
  };
  const memory = (name: string, fallback: string): string => {
    const raw = text(name, fallback);
    if (!/^\d+[kmgKMG]$/.test(raw)) {
      problems.push(`${name} must be a size such as 512m or 2g, not "${raw}".`);
      return fallback;
    }
    return raw.toLowerCase();
  };

  const authConfig = (): AuthConfig => {
    const jwtSecret = env.GT_JWT_SECRET === undefined || env.GT_JWT_SECRET === '' ? undefined : env.GT_JWT_SECRET;
    // A short HMAC secret can be brute-forced offline from any token it signed.
    if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) problems.push('GT_JWT_SECRET must be at least 32 bytes long.');
    const jwksUrl = env.GT_JWKS_URL?.trim() || undefined;
    if (jwksUrl !== undefined && !/^https?:\/\/.+/.test(jwksUrl)) problems.push(`GT_JWKS_URL must be an http(s) address, not "${jwksUrl}".`);
    if (jwtSecret !== undefined && jwksUrl !== undefined) problems.push('Set only one of GT_JWT_SECRET and GT_JWKS_URL.');
    return {
      jwtSecret,
      jwksUrl,
      issuer: env.GT_JWT_ISSUER?.trim() || undefined,
      audience: env.GT_JWT_AUDIENCE?.trim() || undefined,
      maxLifetimeHours: positive('GT_JWT_MAX_LIFETIME_HOURS', 24),
    };
  };

  const trustProxy = (): Config['trustProxy'] => {
    const raw = text('GT_TRUST_PROXY', '');
    if (raw === '' || raw === '0' || raw.toLowerCase() === 'false') return false;
    if (/^\d+$/.test(raw)) return Number(raw);
    const entries = raw.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !PROXY_ADDRESS.test(entry));
    // `true` would believe any client's X-Forwarded-For, so a made-up address would reset its quota.
    if (bad.length > 0) {
      problems.push(`GT_TRUST_PROXY must be the number of proxies in front of the API or their addresses (e.g. 10.0.0.0/8,loopback), not "${bad.join(',')}".`);
      return false;
    }
    return entries;
  };

  const observability = (): Pick<Config, 'metricsToken' | 'tracing'> => {
    const metricsToken = env.GT_METRICS_TOKEN === undefined || env.GT_METRICS_TOKEN === '' ? undefined : env.GT_METRICS_TOKEN;
    if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
      problems.push('GT_METRICS_TOKEN must be at least 16 printable characters with no spaces.');
    }
    // The exporter's own rule: the general endpoint gets /v1/traces appended, the traces one is used as it is.
    const endpoint = text('OTEL_EXPORTER_OTLP_ENDPOINT', '');
    const url = text('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', endpoint === '' ? '' : `${endpoint.replace(/\/+$/, '')}/v1/traces`);
    if (url !== '' && !/^https?:\/\/.+/.test(url)) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) address, not "${url}".`);
    const off = url === '' || text('OTEL_SDK_DISABLED', 'false').toLowerCase() === 'true' || text('OTEL_TRACES_EXPORTER', 'otlp') === 'none';
    return { metricsToken, tracing: off ? undefined : { url, serviceName: text('OTEL_SERVICE_NAME', 'golden-thread') } };
  };

  const corsOrigins = (): readonly string[] => {
    const entries = text('GT_CORS_ORIGINS', '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    // Browsers send the origin exactly (scheme, host, port; no path): anything else would never match, and `*` would let any site in.
    const bad = entries.filter((entry) => !URL.canParse(entry) || new URL(entry).origin !== entry);
    if (bad.length > 0) problems.push(`GT_CORS_ORIGINS must list exact origins such as https://tool.example.org (no path, no *), not "${bad.join(',')}".`);
    return Object.freeze(entries.filter((entry) => !bad.includes(entry)));
  };

  const nodeEnv = text('NODE_ENV', 'development');
  const runtimeEnv: Config['env'] = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';

  let database: DatabaseConfig;
  const uri = env.NEO4J_URI?.trim();
  if (uri) {
    if (!/^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/.+/.test(uri)) {
      problems.push(`NEO4J_URI must start with neo4j://, neo4j+s://, bolt:// or bolt+s://, not "${uri}".`);
    }
    const password = env.NEO4J_PASSWORD;
    if (password === undefined || password === '') {
      problems.push('NEO4J_PASSWORD must be set when NEO4J_URI is set.');
    }
    database = {
      kind: 'external',
      uri,
      user: text('NEO4J_USER', text('NEO4J_USERNAME', 'neo4j')),
      password: password ?? '',
      database: env.NEO4J_DATABASE?.trim() || undefined,
    };
  } else {
    database = {
      kind: 'embedded',
      boltPort: port('GT_BOLT_PORT', 7687),
      dataDir: path.resolve(PROJECT_ROOT, text('GT_DATA_DIR', '.data/neo4j')),
      cacheDir: path.resolve(PROJECT_ROOT, text('GT_CACHE_DIR', '.cache')),
      heap: memory('GT_NEO4J_HEAP', '1g'),
      pageCache: memory('GT_NEO4J_PAGECACHE', '512m'),
      txMemory: memory('GT_NEO4J_TX_MEMORY', '1g'),
      startTimeoutMs: positive('GT_NEO4J_START_TIMEOUT_MS', 300_000),
      restart: {
        firstDelayMs: positive('GT_NEO4J_RESTART_DELAY_MS', 1_000),
        maxDelayMs: positive('GT_NEO4J_RESTART_MAX_DELAY_MS', 30_000),
        maxRestarts: whole('GT_NEO4J_MAX_RESTARTS', 5),
        windowMs: positive('GT_NEO4J_RESTART_WINDOW_MS', 600_000),
      },
    };
  }

  const config: Config = {
    env: runtimeEnv,
    host: text('HOST', '127.0.0.1'),
    port: port('PORT', 4000),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, runtimeEnv === 'test' ? 'silent' : 'info'),
    // A public server need not publish its schema; the SDL files are the documentation.
    introspection: flag('GT_INTROSPECTION', runtimeEnv !== 'production'),
    maxQueryCost: positive('GT_MAX_QUERY_COST', DEFAULT_MAX_QUERY_COST),
    maxQueryDepth: positive('GT_MAX_QUERY_DEPTH', DEFAULT_MAX_QUERY_DEPTH),
    rateLimitPerMinute: whole('GT_RATE_LIMIT_PER_MINUTE', 600),
    // GT_RATE_LIMIT_PER_MINUTE=0 (load tests, a proxy that limits) turns rate limiting off as a whole.
    rateLimitCostPerMinute: text('GT_RATE_LIMIT_PER_MINUTE', '') === '0' ? 0 : whole('GT_RATE_LIMIT_COST_PER_MINUTE', DEFAULT_RATE_LIMIT_COST_PER_MINUTE),
    trustProxy: trustProxy(),
    allowPublicDevelopment: flag('GT_ALLOW_PUBLIC_DEVELOPMENT', false),
    maxBodyBytes: positive('GT_MAX_BODY_BYTES', 100 * 1024),
    responseCacheMaxBytes: whole('GT_RESPONSE_CACHE_MAX_BYTES', 64 * 1024 * 1024),
    // The driver's pool holds 100 connections for every client together.
    maxDatabaseCallsPerRequest: positive('GT_MAX_DATABASE_CALLS_PER_REQUEST', 4),
    // Node's defaults (300 s, 60 s) let a client that sends a byte at a time hold a socket for
    // minutes; a real body of 100 kB arrives in well under a second.
    httpRequestTimeoutMs: positive('GT_HTTP_REQUEST_TIMEOUT_MS', 30_000),
    httpHeadersTimeoutMs: positive('GT_HTTP_HEADERS_TIMEOUT_MS', 10_000),
    httpKeepAliveTimeoutMs: positive('GT_HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000),
    corsOrigins: corsOrigins(),
    database,
    seedMode: oneOf('GT_SEED', SEED_MODES, 'missing'),
    seedDir: path.resolve(PROJECT_ROOT, text('GT_SEED_DIR', 'seed')),
    queryTimeoutMs: positive('GT_QUERY_TIMEOUT_MS', 10_000),
    auth: authConfig(),
    ...observability(),
  };

  // Node refuses to start a server whose headers may take longer than the whole request.
  if (config.httpHeadersTimeoutMs > config.httpRequestTimeoutMs) {
    problems.push(`GT_HTTP_HEADERS_TIMEOUT_MS (${config.httpHeadersTimeoutMs}) must not be above GT_HTTP_REQUEST_TIMEOUT_MS (${config.httpRequestTimeoutMs}).`);
  }
  // A budget below one query's limit would refuse queries the cost rule lets through.
  if (config.rateLimitCostPerMinute !== 0 && config.rateLimitCostPerMinute < config.maxQueryCost) {
    problems.push(
      `GT_RATE_LIMIT_COST_PER_MINUTE (${config.rateLimitCostPerMinute}) must be 0 (no limit) or at least GT_MAX_QUERY_COST (${config.maxQueryCost}).`,
    );
  }
  // A development server shows stack traces, the schema and a query page: not for a network.
  if (config.env !== 'production' && !isLoopbackHost(config.host) && !config.allowPublicDevelopment) {
    problems.push(
      `HOST ${config.host} would expose a ${config.env} server (stack traces, introspection, a query page) beyond this machine; set NODE_ENV=production, listen on 127.0.0.1, or set GT_ALLOW_PUBLIC_DEVELOPMENT=true if you mean it.`,
    );
  }
  if (problems.length > 0) {
    throw new GoldenThreadError(ErrorCode.CONFIG_INVALID, problems.join(' '), { details: problems });
  }
  return Object.freeze({ ...config, database: Object.freeze(config.database) });
}
