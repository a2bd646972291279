import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { datasetYamlFiles, exportDataset } from '../seed/export.js';
import { writeWorkbook } from '../seed/workbook.js';
import { runCli, UsageError } from './run.js';

const USAGE = `usage: npm run export -- DATASET --xlsx|--yaml [--out PATH]
       npm run export -- --template --xlsx [--out PATH]
  Writes a dataset out of the graph (with every change made through the API), so that
  importing what it writes changes nothing.
  --xlsx       one workbook (default PATH: ./DATASET.xlsx, or ./golden-thread-template.xlsx)
  --yaml       seed files in the folder PATH (default: ./DATASET/), which must hold no other .yaml files
  --template   an empty workbook to fill in: every sheet, column and drop-down list, no data
`;

/** Writes one exported file, saying where and how large. */
function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const shown = file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), file) : file;
  process.stdout.write(`wrote ${shown} (${Buffer.byteLength(content)} bytes)\n`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { xlsx: { type: 'boolean' }, yaml: { type: 'boolean' }, template: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.xlsx === values.yaml) throw new UsageError('say --xlsx or --yaml (one of them)');
  if (values.template) {
    if (!values.xlsx) throw new UsageError('a template is a workbook: use --template --xlsx');
    if (positionals.length > 0) throw new UsageError('a template has no dataset: leave out the dataset name');
    write(path.resolve(values.out ?? 'golden-thread-template.xlsx'), await writeWorkbook([]));
    return 0;
  }
  const [dataset, ...extra] = positionals;
  if (dataset === undefined || extra.length > 0) throw new UsageError('name one dataset to export');

  const config = loadConfig();
  const logger = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const { database, embedded } = await openDatabase(config, logger, { share: true });
  try {
    const data = await exportDataset(database, dataset);
    if (!data) {
      process.stderr.write(`golden-thread: no dataset "${dataset}" in the graph (the names are the seed folders' names, such as lancashire-csa-2014-2016)\n`);
      return 1;
    }
    if (values.xlsx) {
      write(path.resolve(values.out ?? `${dataset}.xlsx`), await writeWorkbook([data]));
    } else {
      const folder = path.resolve(values.out ?? dataset);
      const files = datasetYamlFiles(data);
      const names = new Set(files.map((file) => file.name));
      // Another .yaml file left in the folder would be imported with these and could undo them.
      const others = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name) && !names.has(name)) : [];
      if (others.length > 0) {
        process.stderr.write(`golden-thread: ${folder} already holds other seed files (${others.join(', ')}); export to an empty folder, or move them first\n`);
        return 1;
      }
      for (const file of files) write(path.join(folder, file.name), file.text);
    }
    process.stdout.write(`exported ${dataset}: ${data.entities?.length ?? 0} entities, ${data.relationships?.length ?? 0} relationships\n`);
    return 0;
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

runCli(main, USAGE);
