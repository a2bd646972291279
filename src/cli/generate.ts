/**
 * `npm run generate`: writes every file that comes from the domain model (src/model/), and the
 * explorer's persisted documents (web/api.js → web/persisted-documents.json) and the public schema
 * (schema/contract/public.graphql), and says which changed. `--check` writes nothing and exits 1 when a committed file differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { GENERATED_FILES } from '../model/generate/files.js';
import { PERSISTED_DOCUMENTS_FILE, renderPersistedDocuments } from '../http/persisted-documents.js';
import { PUBLIC_SCHEMA_FILE, renderPublicSchema } from '../http/public-schema.js';

const check = process.argv.includes('--check');
let stale = 0;
// The explorer's queries, by hash, for persisted-document requests (src/http/persisted-documents.ts).
const persisted = await renderPersistedDocuments();
// Last: the whole public schema, the contract clients build on (src/http/public-schema.ts), is
// built from schema/model.graphql as the loop has just written it.
const files = [...GENERATED_FILES, { path: PERSISTED_DOCUMENTS_FILE, render: () => persisted }, { path: PUBLIC_SCHEMA_FILE, render: renderPublicSchema }];
for (const file of files) {
  const target = path.join(PROJECT_ROOT, file.path);
  const text = await file.render();
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) {
    process.stdout.write(`${file.path} differs from the model\n`);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${file.path}\n`);
  }
}
if (stale === 0) process.stdout.write('generated files match the model\n');
process.exit(check && stale > 0 ? 1 : 0);
