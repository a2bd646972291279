/** Neo4j's jars, fetched with Maven once into the cache at the version launcher/pom.xml pins. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import { ErrorCode, GoldenThreadError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { requireCommand } from './prerequisites.js';

export const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'launcher');
const POM = path.join(LAUNCHER_DIR, 'pom.xml');

/** The pinned Neo4j release, read from the one place it is written down. */
export function pinnedNeo4jVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!match?.[1]) {
    throw new GoldenThreadError(ErrorCode.CONFIG_INVALID, `${POM} does not pin <neo4j.version>.`);
  }
  return match[1];
}

export interface Neo4jJars {
  readonly lib: string;
  readonly plugins: string;
}

/** Fetches the pinned jars with Maven once; later calls only check the cache. */
export function ensureNeo4jJars(cacheDir: string, logger: Logger): Neo4jJars {
  const version = pinnedNeo4jVersion();
  const home = path.join(cacheDir, 'neo4j', version);
  const jars: Neo4jJars = { lib: path.join(home, 'lib'), plugins: path.join(home, 'plugins') };
  if (fs.existsSync(path.join(home, 'COMPLETE'))) return jars;

  requireCommand(
    'mvn',
    ['-v'],
    'Maven (mvn) is needed once to fetch Neo4j from Maven Central: install it (for example `apt-get install maven`) or set NEO4J_URI to use your own Neo4j.',
  );
  logger.info({ version, cache: home }, 'fetching Neo4j Community and APOC core with Maven (first start only)');
  const started = Date.now();
  const staging = `${home}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = spawnSync('mvn', ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'lib')}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join(' ');
    throw new GoldenThreadError(
      ErrorCode.PREREQUISITE_MISSING,
      `Maven could not fetch Neo4j ${version} from Maven Central; check the network or your Maven settings (${tail}).`,
    );
  }
  // Neo4j loads procedures only from its plugin folder; the jars stay on the class path too,
  // as in a Neo4j server installation, so APOC's extension factories are found.
  fs.mkdirSync(path.join(staging, 'plugins'), { recursive: true });
  for (const jar of fs.readdirSync(path.join(staging, 'lib'))) {
    if (jar.startsWith('apoc-')) fs.copyFileSync(path.join(staging, 'lib', jar), path.join(staging, 'plugins', jar));
  }
  fs.writeFileSync(path.join(staging, 'COMPLETE'), `${version}\n`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(home), { recursive: true });
  fs.renameSync(staging, home);
  logger.info({ version, ms: Date.now() - started }, 'Neo4j jars cached');
  return jars;
}
