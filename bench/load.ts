/**
 * One autocannon run against the GraphQL endpoint, in its own process so the load generator does
 * not share an event loop with the server it measures. Input: one JSON argument
 * {url, body, headers?, connections, duration}; output: one JSON line of latency percentiles (ms, from every
 * response's own time) and throughput.
 */
import autocannon from 'autocannon';

interface Input {
  url: string;
  body: string;
  /** Extra request headers, e.g. `cache-control: no-cache` to measure the uncached path. */
  headers?: Record<string, string>;
  connections: number;
  duration: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(input.url)) throw new Error(`loopback only, not ${input.url}`);

const latencies: number[] = [];
const instance = autocannon({
  url: input.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...input.headers },
  body: input.body,
  connections: input.connections,
  duration: input.duration,
  timeout: 30,
});
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
  latencies.push(responseTime);
});
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  instance.on('done', resolve);
  instance.on('error', reject);
});
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!);
process.stdout.write(
  `${JSON.stringify({
    count: latencies.length,
    rps: latencies.length / (result.duration || input.duration),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
