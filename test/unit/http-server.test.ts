/** The HTTP server's own limits, with a one-field schema: nothing here needs a database. */
import net from 'node:net';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../support/ports.js';

const HEADERS_TIMEOUT_MS = 1_000;
let server: RunningServer;

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(await freePort()),
    GT_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    GT_HTTP_REQUEST_TIMEOUT_MS: '2000',
  });
  server = await startHttpServer({
    config,
    logger: createLogger({ logLevel: 'silent' }),
    schema: buildSchema('type Query { hello: String }'),
    isDatabaseReady: async () => true,
    context: async () => ({}),
    operationCosts: {},
  });
});

afterAll(async () => {
  await server?.stop();
});

/** Sends `raw` on a fresh connection and resolves with everything the server answers before closing. */
function exchange(raw: string, { end = false } = {}): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write(raw);
      if (end) socket.end();
    });
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
  });
}

function parseAnswer(text: string): { status: number; contentType: string | undefined; body: { errors: { extensions: Record<string, unknown> }[] } } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1],
    body: JSON.parse(body) as { errors: { extensions: Record<string, unknown> }[] },
  };
}

describe('HTTP server limits', () => {
  it('answers headers just under Node’s 16 kB limit, and 431 REQUEST_HEADERS_TOO_LARGE as JSON past it', async () => {
    const request = (padding: number) =>
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\nX-Pad: ${'a'.repeat(padding)}\r\n\r\n{"query":"{hello}"}`;
    const fits = await exchange(request(15_000));
    expect(fits.text).toMatch(/^HTTP\/1.1 200/);
    const over = parseAnswer((await exchange(request(17_000))).text);
    expect(over.status).toBe(431);
    expect(over.contentType).toContain('application/json');
    expect(over.body.errors[0]?.extensions).toEqual({ code: 'REQUEST_HEADERS_TOO_LARGE', limitBytes: 16_384 });
  });

  it('answers 408 REQUEST_TIMEOUT as JSON to a client that does not finish its headers in time', async () => {
    const { text, ms } = await exchange('POST /graphql HTTP/1.1\r\nHost: x\r\n');
    const answer = parseAnswer(text);
    expect(answer.status).toBe(408);
    expect(answer.body.errors[0]?.extensions).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    // Enforced at a 1 s interval, so up to about twice the limit; Node's default was 60 s.
    expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS * 5);
  });

  it('answers a request that is not HTTP with 400 BAD_REQUEST as JSON', async () => {
    const answer = parseAnswer((await exchange('NOT HTTP AT ALL\r\n\r\n')).text);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
  });
});
