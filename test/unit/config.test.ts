import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/database/driver.js';
import { ErrorCode, GoldenThreadError } from '../../src/errors.js';
import { freePort } from '../support/ports.js';

function configError(env: Record<string, string>): GoldenThreadError {
  try {
    loadConfig(env);
  } catch (error) {
    return error as GoldenThreadError;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('defaults to the embedded database on loopback when NEO4J_URI is not set', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('embedded');
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
  });

  it('uses the external server, and starts nothing, when NEO4J_URI is set', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j+s://example.databases.neo4j.io', NEO4J_USER: 'reader', NEO4J_PASSWORD: 'pw', NEO4J_DATABASE: 'graph' });
    expect(config.database).toEqual({ kind: 'external', uri: 'neo4j+s://example.databases.neo4j.io', user: 'reader', password: 'pw', database: 'graph' });
  });

  it('bounds slow clients and per-request database work by default, and refuses headers that may outlast the request', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ httpRequestTimeoutMs: 30_000, httpHeadersTimeoutMs: 10_000, httpKeepAliveTimeoutMs: 5_000, maxDatabaseCallsPerRequest: 4 });
    expect(configError({ GT_HTTP_HEADERS_TIMEOUT_MS: '40000' }).details).toEqual([
      'GT_HTTP_HEADERS_TIMEOUT_MS (40000) must not be above GT_HTTP_REQUEST_TIMEOUT_MS (30000).',
    ]);
    expect(configError({ GT_MAX_DATABASE_CALLS_PER_REQUEST: '0' }).details).toEqual([
      'GT_MAX_DATABASE_CALLS_PER_REQUEST must be a whole number above 0, not "0".',
    ]);
  });

  it('reports every bad variable at once, one sentence each', () => {
    const error = configError({ PORT: 'eighty', GT_BOLT_PORT: '70000', LOG_LEVEL: 'loud' });
    expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(error.details).toEqual([
      'GT_BOLT_PORT must be a port number from 0 to 65535, not "70000".',
      'PORT must be a port number from 0 to 65535, not "eighty".',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud".',
    ]);
  });

  it('asks for a password with NEO4J_URI and a real scheme', () => {
    expect(configError({ NEO4J_URI: 'http://localhost:7474' }).details).toEqual([
      'NEO4J_URI must start with neo4j://, neo4j+s://, bolt:// or bolt+s://, not "http://localhost:7474".',
      'NEO4J_PASSWORD must be set when NEO4J_URI is set.',
    ]);
  });
});

describe('listening beyond this machine', () => {
  it('refuses a development or test server on a public address, and names the ways out', () => {
    for (const env of [{}, { NODE_ENV: 'test' }, { NODE_ENV: 'development' }] as Record<string, string>[]) {
      for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
        const error = configError({ ...env, HOST: host });
        expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
        expect(error.details).toHaveLength(1);
        expect(error.details[0]).toMatch(
          new RegExp(`^HOST ${host} would expose a (development|test) server .*NODE_ENV=production.*GT_ALLOW_PUBLIC_DEVELOPMENT=true`),
        );
      }
    }
  });

  it('listens on loopback in any mode, beyond it in production, or when told to', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(loadConfig({ HOST: host }).host).toBe(host);
    expect(loadConfig({ NODE_ENV: 'production', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0', GT_ALLOW_PUBLIC_DEVELOPMENT: 'true' })).toMatchObject({ host: '0.0.0.0', allowPublicDevelopment: true });
  });
});

describe('rate limits and proxies', () => {
  it('budgets twenty queries at the cost limit a minute by default; GT_RATE_LIMIT_PER_MINUTE=0 turns both limits off', () => {
    expect(loadConfig({})).toMatchObject({ rateLimitPerMinute: 600, rateLimitCostPerMinute: 2_000_000, trustProxy: false });
    expect(loadConfig({ GT_RATE_LIMIT_PER_MINUTE: '0' })).toMatchObject({ rateLimitPerMinute: 0, rateLimitCostPerMinute: 0 });
    expect(loadConfig({ GT_RATE_LIMIT_COST_PER_MINUTE: '0' })).toMatchObject({ rateLimitPerMinute: 600, rateLimitCostPerMinute: 0 });
  });

  it('refuses a cost budget below one query at the cost limit, and accepts one equal to it', () => {
    expect(loadConfig({ GT_MAX_QUERY_COST: '5000', GT_RATE_LIMIT_COST_PER_MINUTE: '5000' }).rateLimitCostPerMinute).toBe(5000);
    expect(configError({ GT_MAX_QUERY_COST: '5000', GT_RATE_LIMIT_COST_PER_MINUTE: '4999' }).details).toEqual([
      'GT_RATE_LIMIT_COST_PER_MINUTE (4999) must be 0 (no limit) or at least GT_MAX_QUERY_COST (5000).',
    ]);
  });

  it('trusts a proxy by hop count or by its addresses, and never every X-Forwarded-For', () => {
    expect(loadConfig({ GT_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ GT_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({ GT_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(configError({ GT_TRUST_PROXY: 'true' }).details).toEqual([
      'GT_TRUST_PROXY must be the number of proxies in front of the API or their addresses (e.g. 10.0.0.0/8,loopback), not "true".',
    ]);
    expect(configError({ GT_TRUST_PROXY: 'loopback,proxy.example.org' }).details[0]).toMatch(/not "proxy\.example\.org"/);
  });
});

describe('introspection', () => {
  it('turns introspection off by default in production only, and GT_INTROSPECTION overrides it', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GT_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig({ GT_INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(() => loadConfig({ GT_INTROSPECTION: 'maybe' })).toThrow(/GT_INTROSPECTION must be true or false/);
  });
});

describe('connecting to a server that is not there, or is not Neo4j', () => {
  it('says plainly when nothing listens at the address', async () => {
    const uri = `bolt://127.0.0.1:${await freePort()}`;
    const error = (await connectDatabase({ uri, user: 'neo4j', password: 'x', database: undefined }, 1000).catch((e: unknown) => e)) as GoldenThreadError;
    expect(error.code).toBe(ErrorCode.DATABASE_UNAVAILABLE);
    expect(error.message).toBe(`Neo4j at ${uri} cannot be reached; check that it is running and that NEO4J_URI is right.`);
  });

  it('says plainly when the server never answers Bolt', async () => {
    // A socket that accepts and then says nothing, like a wrong service on the port.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const error = (await connectDatabase({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: 'x', database: undefined }, 1000).catch(
        (e: unknown) => e,
      )) as GoldenThreadError;
      expect(error).toBeInstanceOf(GoldenThreadError);
      expect([ErrorCode.DATABASE_UNAVAILABLE]).toContain(error.code);
    } finally {
      silent.close();
    }
  });
});
