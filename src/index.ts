import { loadConfig } from './config.js';
import { startApplication } from './app.js';
import { isGoldenThreadError } from './errors.js';
import { tracingFromConfig } from './http/tracing.js';
import { createLogger, routeConsoleToLogger } from './logger.js';

/** `npm start`: the embedded (or configured) Neo4j, seeded, behind the GraphQL API. */
async function main(): Promise<void> {
  let logger = createLogger({ logLevel: 'info' });
  try {
    const config = loadConfig();
    logger = createLogger(config);
    routeConsoleToLogger(logger);
    // Before anything runs, so every span has a provider to go to; none without OTEL_EXPORTER_OTLP_ENDPOINT.
    const tracing = tracingFromConfig(config);
    const app = await startApplication(config, logger);
    let signalled = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      logger.info({ signal }, 'stopping: draining requests, then closing the database');
      app
        .stop()
        .then(() => tracing?.shutdown())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'error while stopping');
            process.exit(1);
          },
        );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (error) {
    if (isGoldenThreadError(error)) {
      // One sentence a person can act on; the code lets scripts tell the cases apart.
      process.stderr.write(`golden-thread: ${error.message} [${error.code}]\n`);
      for (const detail of error.details.slice(0, 50)) process.stderr.write(`  ${detail}\n`);
    } else {
      logger.fatal({ err: error }, 'failed to start');
    }
    process.exit(1);
  }
}

await main();
