/**
 * `npm run mcp`: the MCP server for agents over stdio (src/mcp/server.ts). Standard output is the
 * protocol, so every log line goes to standard error. The database is the one `npm start` uses:
 * NEO4J_URI when set, else the embedded Neo4j, shared with a running `npm start` on the same data
 * folder or started here (schema applied and the seed imported as `npm start` does); it is
 * stopped when the client closes the connection or on SIGINT/SIGTERM.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { pino } from 'pino';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../database/migrate.js';
import { createMcpServer } from '../mcp/server.js';
import { ENTITY_TYPE_OF_LABEL } from '../model/index.js';
import { seedOnStart } from '../seed/on-start.js';
import { runCli } from './run.js';

const USAGE = 'usage: npm run mcp   (stdio; configure with the same environment as npm start)\n';

async function main(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`golden-thread: npm run mcp takes no arguments\n${USAGE}`);
    return 1;
  }
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'golden-thread', process: 'mcp' } }, pino.destination(2));
  const { database, embedded } = await openDatabase(config, logger, { share: true });
  const shared = config.database.kind === 'embedded' && embedded === undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await database.close();
      await embedded?.stop();
      logger.info('MCP server stopped');
    })());
  try {
    // A running `npm start` has set its database up already.
    if (!shared) {
      await applySchema(database, ENTITY_TYPE_OF_LABEL);
      await seedOnStart(database, config, logger);
    }
    const server = createMcpServer(database, logger);
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.on('end', resolve);
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.connect(transport);
    logger.info({ database: config.database.kind === 'external' ? config.database.uri : shared ? 'shared embedded' : 'embedded' }, 'MCP server ready on stdio');
    await closed;
    await server.close();
  } finally {
    await stop();
  }
  return 0;
}

runCli(main, USAGE);
