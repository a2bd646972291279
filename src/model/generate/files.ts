/**
 * Every file generated from the domain model, with where it goes. `npm run generate` writes them;
 * test/unit/generated.test.ts fails when a committed copy differs from what the model gives.
 */
import { renderConstraints } from './constraints.js';
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
  { path: 'web/palette.js', render: renderPalette },
];
