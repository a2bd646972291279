/**
 * ONS GSS codes (issue 14 item 3): the format can carry a partnership's or an area's code, its
 * boundary year and the source that confirms it, and a seeded code never comes without the other two.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ENTITIES } from '../../src/model/index.js';
import { checkFiles } from '../../src/seed/check.js';

const IDENTITY = ['gssCode', 'gssBoundaryYear', 'gssSource'];

describe('official identity', () => {
  it('is a property of a Board and of an Area, and of nothing else', () => {
    const carriers = Object.entries(ENTITIES)
      .filter(([, spec]) => IDENTITY.every((name) => name in spec.properties))
      .map(([type]) => type);
    expect(carriers.sort()).toEqual(['Area', 'Board']);
  });

  it('comes whole in the seed: a code with its boundary year and its source, or nothing', () => {
    const { run, problems } = checkFiles([path.join(PROJECT_ROOT, 'seed')]);
    expect(problems).toEqual([]);
    for (const { value } of run.entities) {
      const given = IDENTITY.filter((name) => (value as Record<string, unknown>)[name] !== undefined);
      expect(given.length === 0 || given.length === IDENTITY.length, `${value.id} gives ${given.join(', ')}`).toBe(true);
      if (given.length > 0) expect(String((value as Record<string, unknown>).gssSource)).toMatch(/^https?:\/\//);
    }
  });
});
