/**
 * The soak's load generator, in its own process so it does not share an event loop (or a heap
 * figure) with the server it measures. Input: one JSON argument {url, connections, duration,
 * operations: [{name, body}], addresses?, connectionRate?}; every connection sends the operations in turn. Output: one JSON
 * line: latency percentiles (ms), counts, and per operation the answers that were not a clean
 * 200 with data and no GraphQL errors, with the first such body.
 */
import autocannon from 'autocannon';

interface Input {
  url: string;
  connections: number;
  duration: number;
  operations: { name: string; body: string }[];
  /** Each connection its own client address (10.0.x.y), sent as X-Forwarded-For for a trusted proxy. */
  addresses?: boolean;
  /** Requests a second per connection, to keep each client under its rate-limit budgets. */
  connectionRate?: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(input.url)) throw new Error(`loopback only, not ${input.url}`);

const perOperation = new Map(input.operations.map((op) => [op.name, { ok: 0, failed: 0 }]));
let firstFailure: string | undefined;

/** A GraphQL error arrives with HTTP 200, so the status alone would count it as a success. */
function clean(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: unknown[] };
    return parsed.errors === undefined && parsed.data !== null && parsed.data !== undefined;
  } catch {
    return false;
  }
}

let clients = 0;
const nextAddress = () => {
  clients += 1;
  return `10.0.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
};

const latencies: number[] = [];
// Passed as a variable: bench/autocannon.d.ts types only what bench/load.ts uses, not `requests`.
const options = {
  url: input.url,
  connections: input.connections,
  duration: input.duration,
  // Longer than the server's own query timeout (GT_QUERY_TIMEOUT_MS, 10 s), so a slow request
  // shows as the server's answer, not as the client giving up first.
  timeout: 30,
  ...(input.connectionRate ? { connectionRate: input.connectionRate } : {}),
  requests: input.operations.map((op) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: op.body,
    setupRequest: (request: { headers: Record<string, string> }, context: { address?: string }) => {
      if (!input.addresses) return request;
      context.address ??= nextAddress();
      return { ...request, headers: { ...request.headers, 'x-forwarded-for': context.address } };
    },
    onResponse: (status: number, body: string) => {
      const counts = perOperation.get(op.name)!;
      if (clean(status, body)) counts.ok += 1;
      else {
        counts.failed += 1;
        firstFailure ??= `${op.name}: HTTP ${status} ${body.slice(0, 500)}`;
      }
    },
  })),
};
const instance = autocannon(options);
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
  latencies.push(responseTime);
});
const requestErrors = new Map<string, number>();
// An EventEmitter; bench/autocannon.d.ts declares only the events bench/load.ts listens to.
(instance as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
  requestErrors.set(error.message, (requestErrors.get(error.message) ?? 0) + 1);
});
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  instance.on('done', resolve);
  instance.on('error', reject);
});
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!);
process.stdout.write(
  `${JSON.stringify({
    requests: latencies.length,
    seconds: result.duration || input.duration,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: latencies.at(-1) ?? null,
    non2xx: result.non2xx,
    // autocannon counts a timeout as an error too.
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    operations: Object.fromEntries(perOperation),
    firstFailure: firstFailure ?? null,
    requestErrors: Object.fromEntries(requestErrors),
  })}\n`,
);
