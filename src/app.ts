import type { Config, EmbeddedDatabaseConfig } from './config.js';
import { connectDatabase, type Database } from './database/driver.js';
import { embeddedHolder, startEmbeddedNeo4j, type EmbeddedNeo4j } from './database/embedded.js';
import { GenerationReader } from './database/generation.js';
import { applySchema } from './database/migrate.js';
import { ENTITY_TYPE_OF_LABEL } from './model/index.js';
import { ErrorCode, GoldenThreadError } from './errors.js';
import type { Logger } from './logger.js';
import { refuseAnonymousMutations } from './schema/anonymous-mutations.js';
import { generatedReadsAutoCommit } from './schema/neo4j-graphql/execution-context.js';
import { buildSchema } from './schema/build.js';
import { createContext, type RequestContext } from './schema/context.js';
import { credentialCheck } from './schema/credentials.js';
import { operationCosts, operationResolvers } from './schema/resolvers.js';
import { seedOnStart } from './seed/on-start.js';
import { readPersistedDocuments } from './http/persisted-documents.js';
import { ResponseCache } from './http/response-cache.js';
import { startHttpServer, type RunningServer } from './http/server.js';

export interface Application {
  readonly url: string;
  readonly server: RunningServer<RequestContext>;
  readonly database: Database;
  readonly embedded: EmbeddedNeo4j | undefined;
  stop(): Promise<void>;
}

/**
 * Opens the database the configuration names: the external server, or the embedded one,
 * started here unless `share` is set and another process of ours already runs it.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { share?: boolean } = {},
): Promise<{ database: Database; embedded: EmbeddedNeo4j | undefined }> {
  if (config.database.kind === 'external') {
    const database = await connectDatabase(config.database, config.queryTimeoutMs);
    logger.info({ uri: config.database.uri }, 'connected to Neo4j');
    return { database, embedded: undefined };
  }
  const held = options.share ? embeddedHolder(config.database) : undefined;
  if (held) {
    logger.info({ holder: held.holder }, 'using the embedded Neo4j of the running server');
    return { database: await connectShared(config.database, config.queryTimeoutMs, logger), embedded: undefined };
  }
  const embedded = await startEmbeddedNeo4j(config.database, logger);
  try {
    const database = await connectDatabase({ uri: embedded.uri, user: embedded.user, password: embedded.password, database: undefined }, config.queryTimeoutMs);
    return { database, embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/**
 * Connects to the embedded Neo4j another process of ours runs (and supervises) on this data
 * folder. While that process restarts its database this waits, up to the start timeout, instead
 * of starting a second JVM on the same store: the holder publishes the connection file only
 * while its database is ready, so it is read again at each try.
 */
async function connectShared(config: EmbeddedDatabaseConfig, queryTimeoutMs: number, logger: Logger): Promise<Database> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const held = embeddedHolder(config);
    if (held === undefined) {
      throw new GoldenThreadError(
        ErrorCode.ALREADY_RUNNING,
        `The Golden Thread process that ran the database on ${config.dataDir} stopped while this one waited for it; run this again.`,
      );
    }
    let problem: unknown;
    if (held.connection !== undefined) {
      try {
        return await connectDatabase({ ...held.connection, database: undefined }, queryTimeoutMs);
      } catch (error) {
        if (!(error instanceof GoldenThreadError && error.code === ErrorCode.DATABASE_UNAVAILABLE)) throw error;
        problem = error;
      }
    }
    if (Date.now() - started > config.startTimeoutMs) {
      throw new GoldenThreadError(
        ErrorCode.ALREADY_RUNNING,
        `Golden Thread (process ${held.holder}) runs the database on ${config.dataDir}, but it has not been up for ${config.startTimeoutMs} ms (see that process's log: it may have given the database up); stop that process first, or set GT_DATA_DIR to another folder.`,
        { cause: problem },
      );
    }
    if (attempt % 10 === 0) logger.warn({ holder: held.holder }, 'the embedded Neo4j of the running server is restarting; waiting for it');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The graph's generation as requests read it: one read per round of requests, shared (see GenerationReader). */
function generationOf(database: Database): { generation: () => Promise<number>; generationReads: () => number } {
  const reader = GenerationReader.of(database);
  return { generation: () => reader.current(), generationReads: () => reader.count };
}

/** config → database → schema → server: everything `npm start` runs, and what tests start. */
export async function startApplication(config: Config, logger: Logger): Promise<Application> {
  const { database, embedded } = await openDatabase(config, logger);
  const closeDatabase = async () => {
    await database.close();
    logger.info('driver closed');
    await embedded?.stop();
  };
  try {
    await applySchema(database, ENTITY_TYPE_OF_LABEL);
    await seedOnStart(database, config, logger);
    const schema = await buildSchema({ database, resolvers: operationResolvers, jwtSecret: config.auth.jwtSecret });
    const checkCredentials = credentialCheck(config.auth);
    const server = await startHttpServer({
      config,
      logger,
      schema,
      isDatabaseReady: () => database.ping(),
      ...(embedded ? { databaseState: () => embedded.state() } : {}),
      context: async (request) => createContext(database, request, checkCredentials, config.maxDatabaseCallsPerRequest),
      operationCosts,
      plugins: [refuseAnonymousMutations(), generatedReadsAutoCommit()],
      persistedDocuments: readPersistedDocuments(),
      ...(config.responseCacheMaxBytes > 0 ? { responseCache: { cache: new ResponseCache(config.responseCacheMaxBytes), ...generationOf(database) } } : {}),
      upload: { database, checkCredentials, logger },
      database,
    }).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
        throw new GoldenThreadError(
          ErrorCode.ALREADY_RUNNING,
          `Port ${config.port} on ${config.host} is already in use (is Golden Thread already running?); stop it or set PORT to a free port.`,
        );
      }
      throw error;
    });
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      server,
      database,
      embedded,
      stop() {
        stopping ??= (async () => {
          await server.stop();
          logger.info('HTTP server stopped');
          await closeDatabase();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
