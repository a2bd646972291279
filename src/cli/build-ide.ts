/**
 * `npm run build:ide`: bundles GraphiQL (ide/main.ts) and Monaco's three workers with esbuild
 * into dist/ide/, which src/http/ide.ts serves under /ide/ outside production. `npm start`
 * runs it first (prestart); the browser test runs it itself. A build whose inputs have not
 * changed is kept, so a start costs a hash of a few files, not a bundle.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pino } from 'pino';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../config.js';
import { IDE_BUILD_DIR, IDE_FILES } from '../http/ide.js';

const SOURCE_DIR = path.join(PROJECT_ROOT, 'ide');
const STAMP = path.join(IDE_BUILD_DIR, 'inputs.sha256');

/** What the bundle is made from: our source and the exact versions of what it bundles. */
function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(SOURCE_DIR).sort()) hash.update(file).update(fs.readFileSync(path.join(SOURCE_DIR, file)));
  hash.update(fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json')));
  hash.update(fs.readFileSync(new URL(import.meta.url)));
  return hash.digest('hex');
}

export interface IdeBuild {
  readonly built: boolean;
  readonly bytes: number;
  readonly ms: number;
}

/** Builds dist/ide/ unless it is complete and made from the same inputs (or `force`). */
export async function buildIde(options: { force?: boolean } = {}): Promise<IdeBuild> {
  const started = Date.now();
  const wanted = inputsHash();
  const complete = IDE_FILES.every((file) => fs.existsSync(path.join(IDE_BUILD_DIR, file)));
  if (!options.force && complete && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted) {
    return { built: false, bytes: sizeOfBuild(), ms: Date.now() - started };
  }
  // A development tool: a production install (npm ci --omit=dev) has no esbuild and serves no IDE.
  const esbuild = await import('esbuild');
  const require = createRequire(import.meta.url);
  fs.rmSync(IDE_BUILD_DIR, { recursive: true, force: true });
  const common = { bundle: true, minify: true, legalComments: 'linked', logLevel: 'warning', outdir: IDE_BUILD_DIR } as const;
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { graphiql: path.join(SOURCE_DIR, 'main.ts') },
      format: 'esm',
      target: 'es2022',
      // Monaco's codicon font and GraphiQL's images become files beside the CSS, not inlined data.
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl', '.png': 'file' },
      assetNames: '[name]-[hash]',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
    esbuild.build({
      ...common,
      entryPoints: {
        'editor.worker': require.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
        'json.worker': require.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
        'graphql.worker': require.resolve('monaco-graphql/esm/graphql.worker.js'),
      },
      // Classic workers: `new Worker(url)` without { type: 'module' } works in every browser GraphiQL supports.
      format: 'iife',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
  ]);
  fs.writeFileSync(STAMP, wanted);
  return { built: true, bytes: sizeOfBuild(), ms: Date.now() - started };
}

function sizeOfBuild(): number {
  return fs.readdirSync(IDE_BUILD_DIR).reduce((sum, file) => sum + fs.statSync(path.join(IDE_BUILD_DIR, file)).size, 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // npm start runs this first (prestart), so it writes the server's JSON log lines, not text.
  const log = pino({ base: { service: 'golden-thread' } });
  if (process.env.NODE_ENV === 'production') {
    log.debug('GraphQL IDE not built: NODE_ENV=production serves no IDE');
  } else {
    const result = await buildIde({ force: process.argv.includes('--force') });
    const dir = path.relative(PROJECT_ROOT, IDE_BUILD_DIR);
    if (result.built) log.info({ dir, bytes: result.bytes, ms: Math.round(result.ms) }, 'GraphQL IDE built');
    else log.debug({ dir }, 'GraphQL IDE up to date');
  }
}
