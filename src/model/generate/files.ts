/**
 * Every file generated from the domain model, with where it goes. `npm run generate` writes them;
 * test/unit/generated.test.ts fails when a committed copy differs from what the model gives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config.js';
import { renderConstraints, renderOwnedRelationships } from './constraints.js';
import { renderFormatTables } from './format-tables.js';
import { datasetJsonSchema } from './json-schema.js';
import { renderPalette } from './palette.js';
import { renderSdl } from './sdl.js';

export interface GeneratedFile {
  /** Path from the project root. */
  readonly path: string;
  readonly render: () => string;
}

export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: 'schema/model.graphql', render: renderSdl },
  { path: 'seed/schema/dataset.schema.json', render: () => `${JSON.stringify(datasetJsonSchema(), null, 2)}\n` },
  { path: 'cypher/schema/constraints.cypher', render: renderConstraints },
  { path: 'cypher/seed/owned-relationships.cypher', render: renderOwnedRelationships },
  { path: 'web/palette.js', render: renderPalette },
  // Hand-written prose around generated tables: the committed text is the template.
  { path: 'seed/FORMAT.md', render: () => renderFormatTables(fs.readFileSync(path.join(PROJECT_ROOT, 'seed', 'FORMAT.md'), 'utf8')) },
];
