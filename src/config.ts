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
  readonly startTimeoutMs: number;
}

export type DatabaseConfig = ExternalDatabaseConfig | EmbeddedDatabaseConfig;

export interface Config {
  readonly env: 'production' | 'development' | 'test';
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly seedMode: SeedMode;
  readonly seedDir: string;
  readonly queryTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const SEED_MODES: readonly SeedMode[] = ['missing', 'always', 'never'];

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
      startTimeoutMs: positive('GT_NEO4J_START_TIMEOUT_MS', 120_000),
    };
  }

  const config: Config = {
    env: runtimeEnv,
    host: text('HOST', '127.0.0.1'),
    port: port('PORT', 4000),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, runtimeEnv === 'test' ? 'silent' : 'info'),
    database,
    seedMode: oneOf('GT_SEED', SEED_MODES, 'missing'),
    seedDir: path.resolve(PROJECT_ROOT, text('GT_SEED_DIR', 'seed')),
    queryTimeoutMs: positive('GT_QUERY_TIMEOUT_MS', 10_000),
  };

  if (problems.length > 0) {
    throw new GoldenThreadError(ErrorCode.CONFIG_INVALID, problems.join(' '), { details: problems });
  }
  return Object.freeze({ ...config, database: Object.freeze(config.database) });
}
