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
