/**
 * The import at scale: generates agreements (bench/generate.ts) until they hold the given number
 * of entities, then validates and imports them with the shared legal layer into a fresh embedded
 * Neo4j, through the real importSeed (one transaction, UNWIND batches), and prints the time, the
 * rate and the peak memory of this Node process.
 *
 * Usage: npm run bench:import -- [entities=100000]
 *        npm run bench:import -- --agreements 1000 [--batch 100]
 * The second form loads as `npm run bench` does: the legal layer with Lancashire first, then the
 * generated agreements BATCH datasets per import (one transaction each), and prints each batch's
 * time, where it went (importSeed's phases) and the running total.
 * Knobs: GT_NEO4J_HEAP (4g), GT_NEO4J_TX_MEMORY (3g), GT_NEO4J_PAGECACHE (1g). Run it under Node's default heap (no
 * --max-old-space-size): the point is that the import fits in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { openDatabase } from '../src/app.js';
import { applySchema } from '../src/database/migrate.js';
import { createLogger } from '../src/logger.js';
import { ENTITY_TYPE_OF_LABEL } from '../src/model/index.js';
import { checkFiles } from '../src/seed/check.js';
import { describeProgress, importSeed } from '../src/seed/import.js';
import { benchAppConfig } from './app-config.js';
import { BENCH_DIR, datasetName, generate, ROOT } from './generate.js';

const PER_COPY = 156;
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { agreements: { type: 'string' }, batch: { type: 'string' } } });
  if (values.agreements !== undefined) return loadAgreements(Number(values.agreements), Number(values.batch ?? 100));
  const wanted = Number(positionals[0] ?? 100_000);
  const copies = Math.max(1, Math.ceil(wanted / PER_COPY));
  const outDir = path.join(BENCH_DIR, 'out', `import-${copies}`);
  const generated = generate(copies, outDir);
  console.log(`generated ${copies} agreements: ${generated.entities} entities, ${generated.relationships} relationships in ${outDir}`);

  // Peak heap by sampling: the import's largest moment is between two batches, not at the end.
  let peakHeap = 0;
  const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  const sampler = setInterval(sample, 100);

  const targets = [
    path.join(ROOT, 'seed', 'uk-legal-basis'),
    path.join(ROOT, 'seed', 'lancashire-shared-bodies'),
    ...generated.datasets.map((name) => path.join(outDir, name)),
  ];
  const validateStarted = Date.now();
  const checked = checkFiles(targets);
  const validateMs = Date.now() - validateStarted;
  if (checked.problems.length > 0) throw new Error(`the generated data has ${checked.problems.length} problems, the first: ${checked.problems[0]?.reason}`);
  console.log(
    `validated ${checked.files.length} files in ${(validateMs / 1000).toFixed(1)} s (${Math.round(checked.run.entities.length / (validateMs / 1000))} entities/s)`,
  );

  const { config, dataDir } = await benchAppConfig('golden-thread-bench-import-', {
    GT_SEED: 'never',
    // One transaction of 100,000 entities and half a million relationships holds more than 1 GiB.
    GT_NEO4J_HEAP: process.env.GT_NEO4J_HEAP ?? '4g',
    GT_NEO4J_TX_MEMORY: process.env.GT_NEO4J_TX_MEMORY ?? '3g',
    GT_NEO4J_PAGECACHE: process.env.GT_NEO4J_PAGECACHE ?? '1g',
  });
  const logger = createLogger(config);
  const { database, embedded } = await openDatabase(config, logger);
  try {
    await applySchema(database, ENTITY_TYPE_OF_LABEL);
    let lastShown = 0;
    const started = Date.now();
    const report = await importSeed(database, checked, {
      actor: 'bench',
      onProgress: (progress) => {
        if (progress.written < progress.total && progress.elapsedMs - lastShown < 5_000) return;
        lastShown = progress.elapsedMs;
        process.stderr.write(`${describeProgress(progress)}\n`);
      },
    });
    const importMs = Date.now() - started;
    clearInterval(sampler);
    sample();
    const rss = process.resourceUsage().maxRSS * 1024;
    console.log(
      [
        `imported ${report.datasets.length} datasets: ${report.entities} entities, ${report.relationships} relationships (read back) in ${(importMs / 1000).toFixed(1)} s`,
        `  ${Math.round(report.entities / (importMs / 1000))} entities/s, ${Math.round((report.entities + report.relationships) / (importMs / 1000))} entities and relationships/s`,
        `  validate + import: ${((validateMs + importMs) / 1000).toFixed(1)} s`,
        `  peak RSS ${Math.round(rss / MB)} MB, peak heap used ${Math.round(peakHeap / MB)} MB of a ${Math.round(v8.getHeapStatistics().heap_size_limit / MB)} MB heap limit (Node ${process.version})`,
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    await database.close();
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** Milliseconds per phase, summed over the imports given to `add`. */
class Phases {
  readonly ms = new Map<string, number>();
  add = (phase: string, ms: number) => this.ms.set(phase, (this.ms.get(phase) ?? 0) + ms);
  toString = () => [...this.ms].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ');
}

/** `npm run bench`'s load, alone: the legal layer and Lancashire, then generated agreements `batch` at a time. */
async function loadAgreements(agreements: number, batch: number): Promise<void> {
  const outDir = path.join(BENCH_DIR, 'out', 'generated');
  const generated = generate(agreements - 1, outDir);
  console.log(`generated ${agreements - 1} agreements: ${generated.entities} entities, ${generated.relationships} relationships in ${outDir}`);
  // The sizes `npm run bench` runs with.
  const { config, dataDir } = await benchAppConfig('golden-thread-bench-import-', {
    GT_SEED: 'never',
    GT_NEO4J_HEAP: process.env.GT_NEO4J_HEAP ?? '2g',
    GT_NEO4J_PAGECACHE: process.env.GT_NEO4J_PAGECACHE ?? '1g',
  });
  const logger = createLogger(config);
  const { database, embedded } = await openDatabase(config, logger);
  try {
    await applySchema(database, ENTITY_TYPE_OF_LABEL);
    const started = Date.now();
    const total = new Phases();
    const batchMs: number[] = [];
    let loaded = 0;
    while (loaded < agreements) {
      const first = loaded === 0;
      const count = first ? 1 : Math.min(batch, agreements - loaded);
      const folders = first
        ? ['uk-legal-basis', 'lancashire-shared-bodies', 'lancashire-csa-2014-2016'].map((name) => path.join(ROOT, 'seed', name))
        : Array.from({ length: count }, (_, i) => path.join(outDir, datasetName(loaded + i)));
      const phases = new Phases();
      const report = await importSeed(database, folders, { actor: 'bench', onPhase: (phase, ms) => (phases.add(phase, ms), total.add(phase, ms)) });
      batchMs.push(report.ms);
      loaded += count;
      console.log(
        `${loaded} agreements: ${report.datasets.length} datasets (${report.entities} entities, ${report.relationships} relationships) in ${(report.ms / 1000).toFixed(1)} s [${phases}]; ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
      );
    }
    const allMs = Date.now() - started;
    console.log(`loaded ${agreements} agreements in ${(allMs / 1000).toFixed(1)} s (${batchMs.length} imports, batch ${batch}); by phase: ${total}`);
    console.log(`per import, s: ${batchMs.map((ms) => (ms / 1000).toFixed(1)).join(' ')}`);
  } finally {
    await database.close();
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
