/**
 * The attacks of the security issue (issue 12), sent at a steady rate while the soak's legitimate
 * load runs (`npm run soak -- --attacks`). Run as a child process like the load generator, so
 * the attackers share no event loop with the API: input is one JSON argument {url, duration,
 * perSecond, editorToken, requestBudget}; output one JSON line, per attack the answers it got
 * counted by "status code" ("200 ok" for a clean answer, "error …" when no HTTP answer came).
 *
 * Each attacker has its own address, given as a trusted proxy would (GT_TRUST_PROXY=loopback):
 * whatever X-Forwarded-For the attacker sent, then the address the proxy saw, so the API keys
 * the rate limit on the latter and never on the made-up one.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AttackInput {
  readonly url: string;
  readonly duration: number;
  /** Requests a second from each attacker (each waits for its previous answer). */
  readonly perSecond: number;
  /** A Lancashire editor's token, for the attacks that need to get past sign-in. */
  readonly editorToken: string;
  /** GT_RATE_LIMIT_PER_MINUTE: what the rate-limit attacker may have accepted in each window. */
  readonly requestBudget: number;
}

export interface AttackCounts {
  readonly sent: number;
  readonly answers: Record<string, number>;
}

interface Attack {
  readonly name: string;
  /** The answers ("status code") that are a correct refusal (or, for the bounded ones, a clean answer). */
  readonly expected: readonly string[];
  readonly request: () => { headers: Record<string, string>; body: string };
  /** Sent again at once after a clean answer: the attacker spends its budget as fast as it can. */
  readonly floods?: boolean;
}

const AGREEMENT = 'lancashire-csa-2014-2016';
const ACTIVITY = 'lancashire-csa-2014-2016/activity/11';
const times = (n: number, each: (i: number) => string) => Array.from({ length: n }, (_, i) => each(i)).join(' ');
const nest = (levels: number, inner: string) => `${'contributesTo { '.repeat(levels)}${inner}${' }'.repeat(levels)}`;
const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const randomAddress = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

// One field inside, as in the issue (cost 101 each, 99,990 for 990): with more, 990 aliases pass
// the parser's 12,000-token limit and it refuses them (GRAPHQL_PARSE_FAILED) before the alias rule.
const wideCoverage = (n: number, inside: string) => json(`{ ${times(n, (i) => `c${i}: coverage(agreementId: "${AGREEMENT}") { ${inside} }`)} }`);

const DEEP_CHAIN = (() => {
  const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Activity { ${nest(120, i + 1 < 30 ? `...F${i + 1}` : 'id')} }`);
  return json(`{ activities(limit: 1) { ...F0 } } ${fragments.join(' ')}`);
})();

const UPDATE =
  'mutation Update($id: ID!, $update: ActivityUpdateInput!) { updateActivities(where: { id: { eq: $id } }, update: $update) { activities { id } } }';

export function attacks(input: Pick<AttackInput, 'editorToken'>): Attack[] {
  const editor = { authorization: `Bearer ${input.editorToken}` };
  const plain =
    (body: string, headers: Record<string, string> = {}) =>
    () => ({ headers, body });
  return [
    { name: 'one field repeated 11,900 times', expected: ['400 QUERY_TOO_COMPLEX'], request: plain(json(`{ activities { ${'id '.repeat(11_900)}} }`)) },
    { name: '990 aliases of coverage', expected: ['400 QUERY_TOO_COMPLEX'], request: plain(wideCoverage(990, '__typename')) },
    // At the alias limit: accepted and run a few root fields at a time, so it takes seconds and the
    // last of its fields may pass the query timeout; its cost budget may run out.
    {
      name: '100 aliases of coverage',
      expected: ['200 ok', '200 DATABASE_TIMEOUT', '429 RATE_LIMITED'],
      request: plain(wideCoverage(100, 'agreement { id }')),
    },
    {
      name: 'random x-api-key and X-Forwarded-For',
      expected: ['200 ok', '429 RATE_LIMITED'],
      floods: true,
      request: () => ({ headers: { 'x-api-key': randomBytes(16).toString('hex'), 'x-forwarded-for': randomAddress() }, body: json('{ __typename }') }),
    },
    { name: 'fragment chain 30 x 120 deep', expected: ['400 QUERY_TOO_DEEP'], request: plain(DEEP_CHAIN) },
    {
      name: 'editor: 50 kB description',
      expected: ['200 BAD_USER_INPUT'],
      request: plain(json(UPDATE, { id: ACTIVITY, update: { description: { set: 'x'.repeat(50_001) } } }), editor),
    },
    {
      name: 'editor: connect with no where',
      expected: ['200 BAD_USER_INPUT'],
      request: plain(json(UPDATE, { id: ACTIVITY, update: { discharges: [{ connect: [{ edge: { basis: 'INFERRED', source: 'x', note: 'x' } }] }] } }), editor),
    },
    {
      name: 'editor: two mutation fields',
      expected: ['400 BAD_REQUEST'],
      request: plain(
        json(
          `mutation Two($a: ID!, $b: ID!) {
            first: updateActivities(where: { id: { eq: $a } }, update: { name: { set: "Soak: first of two" } }) { activities { id } }
            second: updateActivities(where: { id: { eq: $b } }, update: { name: { set: "Soak: second of two" } }) { activities { id } }
          }`,
          { a: `${AGREEMENT}/activity/soak-none-1`, b: `${AGREEMENT}/activity/soak-none-2` },
        ),
        editor,
      ),
    },
  ];
}

/** The answers an attack got that are not a correct refusal; for the flood, clean answers past its budget too. */
export function unexpectedAnswers(input: Pick<AttackInput, 'editorToken' | 'requestBudget' | 'duration'>, counts: Record<string, AttackCounts>): string[] {
  const problems: string[] = [];
  for (const attack of attacks(input)) {
    const got = counts[attack.name];
    if (!got || got.sent === 0) {
      problems.push(`${attack.name}: nothing sent`);
      continue;
    }
    for (const [answer, n] of Object.entries(got.answers)) if (!attack.expected.includes(answer)) problems.push(`${attack.name}: ${n} x ${answer}`);
    // The budget is per minute from the client's first request; a run spans at most this many windows.
    const allowed = input.requestBudget * (1 + Math.floor(input.duration / 60));
    if (attack.floods && (got.answers['200 ok'] ?? 0) > allowed) problems.push(`${attack.name}: ${got.answers['200 ok']} accepted, budget ${allowed}`);
    if (attack.floods && !got.answers['429 RATE_LIMITED']) problems.push(`${attack.name}: never rate limited`);
  }
  return problems;
}

/** Starts the attackers in a child process; resolves with what each got. */
export function runAttackers(input: AttackInput): Promise<Record<string, AttackCounts>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(input)],
      { cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), timeout: (input.duration + 60) * 1000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`the attackers failed: ${error.message} ${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, AttackCounts>);
      },
    );
  });
}

async function answerOf(url: string, request: { headers: Record<string, string>; body: string }): Promise<string> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let code = 'ok';
    try {
      const body = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      if (body.errors) code = [...new Set(body.errors.map((e) => e.extensions?.code ?? 'no code'))].sort().join('+');
      else if (body.data === null || body.data === undefined) code = 'no data';
    } catch {
      code = `not JSON: ${text.slice(0, 80)}`;
    }
    return `${response.status} ${code}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

async function attackers(input: AttackInput): Promise<Record<string, AttackCounts>> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(input.url)) throw new Error(`loopback only, not ${input.url}`);
  const end = performance.now() + input.duration * 1000;
  const interval = 1000 / input.perSecond;
  const runs = attacks(input).map(async (attack, index) => {
    // What the trusted proxy appends: the address it received the request from.
    const address = `10.66.0.${index + 1}`;
    const answers: Record<string, number> = {};
    let sent = 0;
    const send = async () => {
      const request = attack.request();
      const forwarded = request.headers['x-forwarded-for'];
      const answer = await answerOf(input.url, {
        ...request,
        headers: { ...request.headers, 'x-forwarded-for': forwarded ? `${forwarded}, ${address}` : address },
      });
      sent += 1;
      answers[answer] = (answers[answer] ?? 0) + 1;
      return answer;
    };
    // The flood starts past its limit: its budget spent 20 at a time, as fast as the API answers.
    if (attack.floods) while ((await Promise.all(Array.from({ length: 20 }, send))).includes('200 ok') && performance.now() < end);
    for (let next = performance.now(); performance.now() < end;) {
      const answer = await send();
      // Behind schedule (slow answers) it goes on at once, without a burst to catch up.
      next = attack.floods && answer === '200 ok' ? performance.now() : Math.max(next + interval, performance.now());
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
    return [attack.name, { sent, answers }] as const;
  });
  return Object.fromEntries(await Promise.all(runs));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await attackers(JSON.parse(process.argv[2] ?? '{}') as AttackInput))}\n`);
}
