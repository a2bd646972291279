import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { checkTargets } from '../seed/check.js';
import { formatProblem } from '../seed/read.js';

const USAGE = `usage: npm run validate -- [--against FOLDER]… FILE_OR_FOLDER…
  Checks every file (YAML, or a workbook: .xlsx), every rule and every reference in one pass, with no database.
  References resolve against these files and the other datasets' files under --against
  (default: the seed folder, GT_SEED_DIR). Each problem is printed as file:line:column
  (file.xlsx:Sheet!B12 in a workbook).
`;

/** `npm run validate -- PATH…`: the import's checks, with no database and no Java. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { against: { type: 'string', multiple: true }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const started = Date.now();
  // Only the seed folder is read from the environment (as src/config.ts reads GT_SEED_DIR): the
  // database settings are none of this command's business, so a half-set NEO4J_URI cannot stop it.
  const seedDir = path.resolve(PROJECT_ROOT, process.env.GT_SEED_DIR || 'seed');
  const targets = positionals.length > 0 ? positionals : [seedDir];
  const against = (values.against ?? [seedDir]).map((folder) => path.resolve(folder));
  const checked = await checkTargets(targets, { against });
  // Paths under the working folder are printed relative to it, as editors and terminals link them.
  const shown = (file: string) => (file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), file) : file);
  for (const problem of checked.problems) process.stdout.write(`${formatProblem({ ...problem, file: shown(problem.file) })}\n`);
  const { run } = checked;
  const scope = `${checked.files.length} files, ${run.entities.length} entities, ${run.relationships.length} relationships, in ${Date.now() - started} ms`;
  if (checked.problems.length > 0) {
    process.stdout.write(`${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'} found (${scope})\n`);
    return 1;
  }
  process.stdout.write(`no problems (${scope})\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`golden-thread: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
  },
);
