import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetJsonSchema } from '../../src/seed/json-schema.js';
import { SEED_DIR } from '../support/seed-graph.js';

describe('the seed files\' JSON Schema', () => {
  it('publishes a JSON Schema equal to the one the loader uses', () => {
    const published = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'schema', 'dataset.schema.json'), 'utf8')) as unknown;
    expect(published).toEqual(datasetJsonSchema());
  });
});
