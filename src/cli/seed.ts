import { parseArgs } from 'node:util';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { applySchema } from '../database/migrate.js';
import { ENTITY_TYPE_OF_LABEL } from '../model/index.js';
import { createLogger } from '../logger.js';
import { checkTargets } from '../seed/check.js';
import { describeProgress, describeReport, importSeed, SeedInvalidError } from '../seed/import.js';
import { runCli } from './run.js';

const USAGE = `usage: npm run import -- [--dry-run] [--actor NAME] [--overwrite-api-edits] FILE_OR_FOLDER…
  A file is a YAML seed file or a workbook (.xlsx) of one dataset.
  A dataset's folder (seed/<dataset>/) replaces the dataset: what its files no longer say is removed.
  A file given on its own adds and updates, and removes nothing.
  --dry-run               print what would be added, changed and removed; write nothing
  --actor NAME            who the import's audit event names (default: the operating-system user)
  --overwrite-api-edits   overwrite entities changed through the API since the dataset's last whole import
`;

/**
 * `npm run seed` imports the seed folder; `npm run import -- FILE_OR_FOLDER…` imports those.
 * The files are checked completely before any database is opened, so a mistake costs no Java
 * start; then it uses the running server's embedded Neo4j when there is one, else starts it (or NEO4J_URI).
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, actor: { type: 'string' }, 'overwrite-api-edits': { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig();
  const targets = positionals.length > 0 ? positionals : [config.seedDir];
  const checked = await checkTargets(targets);
  if (checked.problems.length > 0) throw new SeedInvalidError(checked.problems);

  const logger = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { database, embedded } = await openDatabase(config, logger, { share: true });
  try {
    await applySchema(database, ENTITY_TYPE_OF_LABEL);
    let lastShown = 0;
    const tty = process.stderr.isTTY;
    const report = await importSeed(database, checked, {
      dryRun: values['dry-run'] ?? false,
      ...(values.actor ? { actor: values.actor } : {}),
      overwriteApiEdits: values['overwrite-api-edits'] ?? false,
      onProgress: (progress) => {
        // One line a second at most (a batch is 5,000 rows); on a terminal the line is rewritten in
        // place, in a log or a pipe each is a plain line of its own.
        const done = progress.written >= progress.total;
        if (!done && progress.elapsedMs - lastShown < 1_000) return;
        lastShown = progress.elapsedMs;
        process.stderr.write(`${tty ? '\r\x1b[K' : ''}${describeProgress(progress)}${tty && !done ? '' : '\n'}`);
      },
    })
      // Problems found against the graph get their workbook cell too.
      .catch((error: unknown) => {
        throw error instanceof SeedInvalidError && checked.locate ? new SeedInvalidError(checked.locate(error.problems)) : error;
      });
    for (const line of describeReport(report)) process.stdout.write(`${line}\n`);
    process.stdout.write(
      `${report.dryRun ? 'dry run of' : 'imported'} ${report.datasets.join(', ')}: ${report.files} file${report.files === 1 ? '' : 's'}; the datasets hold ${report.entities} entities and ${report.relationships} relationships${report.dryRun ? ' afterwards' : ' (read back)'}; ${report.deletedEntities} entities ${report.dryRun ? 'would be ' : ''}removed; ${report.ms} ms\n`,
    );
    return 0;
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

runCli(main, USAGE);
