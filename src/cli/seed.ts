import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../database/migrate.js';
import { ENTITY_TYPE_OF_LABEL } from '../model/index.js';
import { isGoldenThreadError } from '../errors.js';
import { createLogger } from '../logger.js';
import { importSeed } from '../seed/import.js';

/**
 * `npm run seed` imports the seed folder; `npm run import -- FILE_OR_FOLDER…` imports those.
 * Uses the running server's embedded Neo4j when there is one, else starts it (or NEO4J_URI).
 */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const targets = argv.length > 0 ? argv : [config.seedDir];
  const { database, embedded } = await openDatabase(config, logger, { share: true });
  try {
    await applySchema(database, ENTITY_TYPE_OF_LABEL);
    const report = await importSeed(database, targets);
    process.stdout.write(
      `imported ${report.datasets.join(', ')}: ${report.files} files, ${report.entities} entities, ${report.relationships} relationships, ${report.deletedEntities} removed, in ${report.ms} ms\n`,
    );
    return 0;
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isGoldenThreadError(error)) {
      process.stderr.write(`golden-thread: ${error.message} [${error.code}]\n`);
      for (const detail of error.details) process.stderr.write(`  ${detail}\n`);
    } else {
      process.stderr.write(`golden-thread: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    process.exit(1);
  },
);
