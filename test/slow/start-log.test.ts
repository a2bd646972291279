/**
 * `npm start`, as an operator runs it, against the run's database: everything it writes to stdout
 * is JSON lines (after npm's own banner), nothing goes to stderr, and requests, refused ones
 * included, leave their lines with request id and status.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { freePort } from '../support/ports.js';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The node processes under `root` (tsx and the application), from ps. */
function nodeDescendants(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  const app = rows.filter((row) => row.pid !== root && below.has(row.pid) && /\bnode\b/.test(row.args) && row.args.includes('src/index.ts'));
  // Only the outermost (tsx), which relays the signal to the application: a second SIGTERM sent to
  // the application directly could land after its handler has run, and end it by the signal (143).
  const pids = new Set(app.map((row) => row.pid));
  return app.filter((row) => !pids.has(row.ppid)).map((row) => row.pid);
}

async function within(ms: number, probe: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('npm start', () => {
  it('writes only JSON lines, the library notice included, and a line for each request', async () => {
    const target = inject('neo4j');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
      GT_SEED: 'never',
      GT_MAX_BODY_BYTES: '1000',
      // debug: the downgraded library notice and the probes' lines are written too, and must be JSON.
      LOG_LEVEL: 'debug',
      // npm's own "new version available" notice goes to stderr; it is npm's, not the application's.
      npm_config_update_notifier: 'false',
    };
    const server = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(server);
    let stdout = '';
    let stderr = '';
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    expect(await within(180_000, async () => (await fetch(`${base}/readyz`)).status === 200), `not ready: ${stderr}`).toBe(true);

    const post = (body: string, id: string) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body });
    expect((await post('{"query":"query Hello { __typename }"}', 'ok-1')).status).toBe(200);
    expect((await post(JSON.stringify({ query: `{ __typename }`, variables: { pad: 'p'.repeat(1000) } }), 'too-large-1')).status).toBe(413);
    expect((await post('{"query":', 'bad-json-1')).status).toBe(400);

    // SIGTERM to the application (and tsx, which relays it), not to npm or its shell, which would
    // report the signal on stderr; and only to this npm's descendants: other servers may run here.
    for (const pid of nodeDescendants(server.pid!)) process.kill(pid, 'SIGTERM');
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000))])).toBe(0);

    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    // npm's banner: "> golden-thread@0.1.0 start" and "> tsx src/index.ts".
    const banner = lines.filter((line) => line.startsWith('> '));
    // Two for prestart (the GraphQL IDE's build, skipped when up to date) and two for start.
    expect(banner.length).toBeLessThanOrEqual(4);
    const logged = lines
      .filter((line) => !line.startsWith('> '))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON line on stdout: ${line}`);
        }
      });
    expect(stderr).toBe('');
    expect(logged.find((line) => line.source === 'console' && typeof line.why === 'string')).toMatchObject({ level: 20 });
    for (const [id, status] of [
      ['ok-1', 200],
      ['too-large-1', 413],
      ['bad-json-1', 400],
    ] as const) {
      expect(
        logged.filter((line) => line.requestId === id && line.msg === 'graphql request'),
        id,
      ).toMatchObject([{ status }]);
    }
  });
});
