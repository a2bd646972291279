import { describe, expect, it } from 'vitest';
import { loadConfig, type EmbeddedDatabaseConfig } from '../../src/config.js';
import { launcherArgs, launcherError, parseLauncherEvent } from '../../src/database/embedded/launcher.js';

const config = loadConfig({ GT_BOLT_PORT: '7999', GT_DATA_DIR: '/tmp/gt-data', GT_NEO4J_HEAP: '512m', GT_NEO4J_TX_MEMORY: '3g' })
  .database as EmbeddedDatabaseConfig;

describe('the launcher', () => {
  it('is run with the configured heap, store, port and plugins', () => {
    const args = launcherArgs(config, { lib: '/cache/lib', plugins: '/cache/plugins' }, '/cache/launcher-abc');
    expect(args.slice(0, 2)).toEqual(['-Xms512m', '-Xmx512m']);
    expect(args).toContain('Launcher');
    expect(args.slice(args.indexOf('--data'), args.indexOf('--data') + 2)).toEqual(['--data', '/tmp/gt-data/store']);
    expect(args.slice(args.indexOf('--bolt-port'), args.indexOf('--bolt-port') + 2)).toEqual(['--bolt-port', '7999']);
    expect(args.slice(args.indexOf('--plugins'), args.indexOf('--plugins') + 2)).toEqual(['--plugins', '/cache/plugins']);
    expect(args.slice(args.indexOf('--tx-memory'), args.indexOf('--tx-memory') + 2)).toEqual(['--tx-memory', '3g']);
  });

  it("reads its JSON events and ignores Neo4j's own output", () => {
    expect(parseLauncherEvent('{"event":"ready","bolt":"bolt://127.0.0.1:7999","ms":900,"pid":42}')).toEqual({
      event: 'ready',
      bolt: 'bolt://127.0.0.1:7999',
      ms: 900,
      pid: 42,
    });
    expect(parseLauncherEvent('2026-12-01 INFO Started.')).toBeUndefined();
    expect(parseLauncherEvent('42')).toBeUndefined();
  });

  it('takes a held port or store as already running', () => {
    expect(launcherError({ event: 'error', code: 'PORT_IN_USE', message: 'busy' }).code).toBe('ALREADY_RUNNING');
    expect(launcherError({ event: 'error', code: 'BOOM', message: 'no' }).code).toBe('DATABASE_UNAVAILABLE');
  });
});
