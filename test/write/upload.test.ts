/**
 * `POST /datasets/:dataset/upload` against the real test graph: who may upload, the dry run and
 * its plan, confirmation, a plan gone stale, a write that fails inside the transaction, and the
 * size limits. Each upload is of a dataset of the test's own (upload-test-plan), whose entities,
 * Dataset node and audit events the scope takes away afterwards.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES } from '../../src/http/upload.js';
import { importSeed, SeedInvalidError } from '../../src/seed/import.js';
import { auditEventCount, graphFingerprint, LANCASHIRE, lancashireEditor, token } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const DATASET = 'upload-test-plan';
const ONE = `${DATASET}/activity/1`;
const TWO = `${DATASET}/activity/2`;
const AGREEMENT = 'lancashire-csa-2014-2016';
const LANCASHIRE_ACTIVITY = 'lancashire-csa-2014-2016/activity/7';
const NATIONAL_DUTY = 'duty-cda-1998-s17-due-regard';
const CUMBRIA = 'cumbria-community-safety-partnership';

const otherEditor = () => token({ roles: ['editor'], partnership: CUMBRIA }, { subject: 'editor@cumbria.gov.uk' });
const admin = () => token({ roles: ['admin'] }, { subject: 'admin@golden-thread.org' });

/** A small plan of the test's own: two activities, one linked to a national duty, one to Lancashire's agreement. */
function planFile(options: { partnership?: string | null; name?: string; extraEntities?: string; extraRelationships?: string } = {}): string {
  const partnership = options.partnership === undefined ? LANCASHIRE : options.partnership;
  return [
    `dataset: ${DATASET}`,
    ...(partnership === null ? [] : [`partnership: ${partnership}`]),
    'entities:',
    `  - {id: ${ONE}, type: Activity, number: 1, name: "${options.name ?? 'Upload test activity one'}"}`,
    `  - {id: ${TWO}, type: Activity, number: 2, name: "Upload test activity two"}`,
    ...(options.extraEntities ? [options.extraEntities] : []),
    'relationships:',
    `  - {from: ${ONE}, type: DISCHARGES, to: ${NATIONAL_DUTY}, basis: INFERRED, source: "Upload test", note: "Test data for the upload endpoint"}`,
    `  - {from: ${AGREEMENT}, type: HAS_ACTIVITY, to: ${TWO}, basis: INFERRED, source: "Upload test", note: "Test data for the upload endpoint"}`,
    ...(options.extraRelationships ? [options.extraRelationships] : []),
    '',
  ].join('\n');
}

interface UploadAnswer {
  status: number;
  body: {
    dataset?: string;
    dryRun?: boolean;
    applied?: boolean;
    plan?: string;
    uploadSha256?: string;
    diff?: {
      sha256: string;
      entities: { added: string[]; changed: string[]; removed: string[] };
      relationships: { added: unknown[]; changed: unknown[]; removed: unknown[] };
    };
    lines?: string[];
    errors?: {
      message: string;
      extensions: { code: string; ids?: string[]; plan?: string; problems?: { file: string; line: number | null; column: number | null; text: string }[] };
    }[];
  };
}

const { api, scope } = useSignedInApi();

async function upload(
  files: readonly { name: string; text: string | Uint8Array<ArrayBuffer> }[],
  options: { bearer?: string; confirm?: string; replace?: boolean; preflight?: boolean; dataset?: string } = {},
): Promise<UploadAnswer> {
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([file.text]), file.name);
  if (options.confirm) form.append('confirm', options.confirm);
  if (options.replace) form.append('replace', 'true');
  const headers: Record<string, string> = {};
  if (options.preflight !== false) headers['apollo-require-preflight'] = 'true';
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const response = await fetch(`${api.url.replace(/\/graphql$/, '')}/datasets/${options.dataset ?? DATASET}/upload`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

/** What the test will add: the two activities (their relationships go with them), the Dataset node and the upload's audit events. */
async function recordsTheUpload(): Promise<void> {
  await scope().creates(ONE, TWO);
  await scope().marks('Dataset', 'id', DATASET);
  await scope().marks('AuditEvent', 'entityId', DATASET);
}

const fingerprint = () => graphFingerprint(api.db);

describe('uploading a dataset', () => {
  it("answers an editor's upload with a dry run that writes nothing, then applies it on confirmation with one audit event", async () => {
    await recordsTheUpload();
    const text = planFile();
    const before = await fingerprint();
    const audits = await auditEventCount(api.db);
    const dry = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor() });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.plan).toMatch(/^[0-9a-f]{64}$/);
    expect(dry.body.diff?.entities.added).toEqual([ONE, TWO]);
    expect(dry.body.diff?.relationships.added).toHaveLength(2);
    expect(dry.body.lines?.join('\n')).toContain(`would add entity ${ONE}`);
    expect(await fingerprint()).toBe(before);
    expect(await auditEventCount(api.db)).toBe(audits);

    const sha256 = createHash('sha256').update(text).digest('hex');
    expect(dry.body.uploadSha256).toBe(sha256);
    const done = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor(), confirm: dry.body.plan! });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.applied).toBe(true);
    expect(done.body.diff?.entities.added).toEqual([ONE, TWO]);
    const stored = await api.db.run<{ id: string; partnership: string; dataset: string }>(
      'MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.partnership AS partnership, n.dataset AS dataset ORDER BY id',
      { ids: [ONE, TWO] },
    );
    expect(stored).toEqual([
      { id: ONE, partnership: LANCASHIRE, dataset: DATASET },
      { id: TWO, partnership: LANCASHIRE, dataset: DATASET },
    ]);
    const events = await api.db.run<{ actor: string; action: string; operation: string; roles: string[]; actorPartnership: string; after: string }>(
      'MATCH (a:AuditEvent {entityId: $dataset}) RETURN a.actor AS actor, a.action AS action, a.operation AS operation, a.roles AS roles, a.actorPartnership AS actorPartnership, a.after AS after',
      { dataset: DATASET },
    );
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ actor: 'editor@lancashire.gov.uk', action: 'IMPORT', operation: 'upload', roles: ['editor'], actorPartnership: LANCASHIRE });
    const after = JSON.parse(event!.after) as Record<string, unknown>;
    expect(after).toMatchObject({
      uploadSha256: sha256,
      entityChanges: { added: 2, changed: 0, removed: 0 },
      relationshipChanges: { added: 2, changed: 0, removed: 0 },
    });
    // Anonymous readers of the trail see a pseudonym, as for every other change.
    const read = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ auditEvents(where: { entityId: { eq: "${DATASET}" } }) { actor } }` }),
    });
    const answer = (await read.json()) as { data: { auditEvents: { actor: string }[] } };
    expect(answer.data.auditEvents[0]?.actor).toMatch(/^actor-[0-9a-f]{16}$/);

    // Files imported from disk over the upload would put the old plan back: refused by name.
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'gt-upload-test-'));
    try {
      await fs.writeFile(path.join(folder, 'plan.yaml'), planFile({ name: 'An older name from the files' }));
      const beforeImport = await fingerprint();
      const refused = await importSeed(api.db, [path.join(folder, 'plan.yaml')]).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SeedInvalidError);
      expect((refused as SeedInvalidError).details.join('\n')).toMatch(/last loaded by an upload through the API/);
      expect(await fingerprint()).toBe(beforeImport);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses an editor of another partnership, naming each id that is not theirs, and writes nothing', async () => {
    const before = await fingerprint();
    const asLancashire = await upload([{ name: 'plan.yaml', text: planFile() }], { bearer: await otherEditor() });
    expect(asLancashire.status).toBe(403);
    expect(asLancashire.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(asLancashire.body.errors?.[0]?.message).toContain(`partnership "${LANCASHIRE}"`);

    // Their own partnership's files that reach for Lancashire's entities and the legal layer.
    const reaching = planFile({
      partnership: CUMBRIA,
      extraEntities: [
        `  - {id: ${LANCASHIRE_ACTIVITY}, type: Activity, number: 7, name: "Taken over"}`,
        `  - {id: ${NATIONAL_DUTY}, type: Duty, name: "Rewritten duty", text: "Rewritten"}`,
      ].join('\n'),
    });
    const refused = await upload([{ name: 'plan.yaml', text: reaching }], { bearer: await otherEditor() });
    expect(refused.status).toBe(403);
    const message = refused.body.errors?.[0]?.message ?? '';
    expect(message).toContain(`"${LANCASHIRE_ACTIVITY}" belongs to partnership "${LANCASHIRE}"`);
    expect(message).toContain(`"${NATIONAL_DUTY}" cannot be uploaded by an editor`);
    expect(message).toContain(`${AGREEMENT} -[HAS_ACTIVITY]-> ${TWO}`);
    expect(refused.body.errors?.[0]?.extensions.ids).toEqual(expect.arrayContaining([LANCASHIRE_ACTIVITY, NATIONAL_DUTY, AGREEMENT]));
    expect(await fingerprint()).toBe(before);
  });

  it('refuses an anonymous caller (401) and a request without the preflight header (400) before reading the files', async () => {
    const before = await fingerprint();
    const anonymous = await upload([{ name: 'plan.yaml', text: planFile() }]);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const crossSite = await upload([{ name: 'plan.yaml', text: planFile() }], { bearer: await lancashireEditor(), preflight: false });
    expect(crossSite.status).toBe(400);
    expect(crossSite.body.errors?.[0]?.message).toContain('Apollo-Require-Preflight');
    expect(await fingerprint()).toBe(before);
  });

  it('removes what a whole upload (replace=true) no longer states, and only then', async () => {
    await recordsTheUpload();
    const first = await upload([{ name: 'plan.yaml', text: planFile() }], { bearer: await lancashireEditor() });
    expect((await upload([{ name: 'plan.yaml', text: planFile() }], { bearer: await lancashireEditor(), confirm: first.body.plan! })).status).toBe(200);
    const onlyOne = planFile().replace(/^.*activity\/2.*\n/gm, '');
    const adding = await upload([{ name: 'plan.yaml', text: onlyOne }], { bearer: await lancashireEditor() });
    expect(adding.body.diff?.entities.removed).toEqual([]);
    const before = await fingerprint();
    const replacing = await upload([{ name: 'plan.yaml', text: onlyOne }], { bearer: await lancashireEditor(), replace: true });
    expect(replacing.status, JSON.stringify(replacing.body)).toBe(200);
    expect(replacing.body.diff?.entities.removed).toEqual([TWO]);
    expect(replacing.body.diff?.relationships.removed).toEqual([{ from: AGREEMENT, type: 'HAS_ACTIVITY', to: TWO }]);
    expect(await fingerprint()).toBe(before);
    const done = await upload([{ name: 'plan.yaml', text: onlyOne }], { bearer: await lancashireEditor(), replace: true, confirm: replacing.body.plan! });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await api.db.run('MATCH (n:Entity {id: $id}) RETURN n.id', { id: TWO })).toEqual([]);
  });

  it('answers a dry run of one new file of a seeded dataset (adds only), writing nothing', async () => {
    const before = await fingerprint();
    const file = [
      `dataset: ${AGREEMENT}`,
      `partnership: ${LANCASHIRE}`,
      'entities:',
      `  - {id: ${AGREEMENT}/activity/91, type: Activity, number: 91, name: "Upload test activity"}`,
      '',
    ].join('\n');
    const started = Date.now();
    const dry = await upload([{ name: 'new.yaml', text: file }], { bearer: await lancashireEditor(), dataset: AGREEMENT });
    console.log(`dry run of one file of ${AGREEMENT}: ${Date.now() - started} ms`);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.diff?.entities).toEqual({ added: [`${AGREEMENT}/activity/91`], changed: [], removed: [] });
    expect(await fingerprint()).toBe(before);
  }, 240_000);

  it('lets an admin load shared data no editor may', async () => {
    await recordsTheUpload();
    const text = planFile({ partnership: null });
    const dry = await upload([{ name: 'plan.yaml', text }], { bearer: await admin() });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const done = await upload([{ name: 'plan.yaml', text }], { bearer: await admin(), confirm: dry.body.plan! });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [row] = await api.db.run<{ partnership: string | null }>('MATCH (n:Entity {id: $id}) RETURN n.partnership AS partnership', { id: ONE });
    expect(row?.partnership).toBeNull();
  });

  it('reports every problem with its line, and writes nothing', async () => {
    const before = await fingerprint();
    const broken = planFile().replace(`to: ${NATIONAL_DUTY}`, 'to: no-such-duty') + 'oops: [unclosed\n';
    const syntax = await upload([{ name: 'broken.yaml', text: broken }], { bearer: await lancashireEditor() });
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.extensions.problems?.[0]?.text).toMatch(/^broken\.yaml:\d+:\d+: YAML syntax/);
    const reference = await upload([{ name: 'plan.yaml', text: planFile().replace(`to: ${NATIONAL_DUTY}`, 'to: no-such-duty') }], {
      bearer: await lancashireEditor(),
    });
    expect(reference.status).toBe(400);
    const problem = reference.body.errors?.[0]?.extensions.problems?.[0];
    expect(problem).toMatchObject({ file: 'plan.yaml', line: 7 });
    expect(problem?.text).toContain('no entity "no-such-duty"');
    expect(JSON.stringify(reference.body)).not.toContain(os.tmpdir());
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a confirmation whose plan the graph has outgrown (409), and writes nothing', async () => {
    await recordsTheUpload();
    const text = planFile();
    const dry = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor() });
    expect(dry.status).toBe(200);
    // Someone else makes one of the activities between the dry run and the confirmation.
    await api.db.run(
      'CREATE (n:Entity:Activity {id: $id, type: "ACTIVITY", name: "Made meanwhile", dataset: $dataset, partnership: $partnership})',
      { id: TWO, dataset: DATASET, partnership: LANCASHIRE },
      'WRITE',
    );
    const before = await fingerprint();
    const stale = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor(), confirm: dry.body.plan! });
    expect(stale.status).toBe(409);
    expect(stale.body.errors?.[0]?.extensions.code).toBe('PLAN_STALE');
    expect(stale.body.errors?.[0]?.message).toMatch(/changed since the dry run/);
    expect(stale.body.errors?.[0]?.extensions.plan).toMatch(/^[0-9a-f]{64}$/);
    expect(stale.body.errors?.[0]?.extensions.plan).not.toBe(dry.body.plan);
    expect(await fingerprint()).toBe(before);
    // A plan for another upload is stale too: the plan covers the bytes.
    const other = await upload([{ name: 'plan.yaml', text: planFile({ name: 'Another name' }) }], {
      bearer: await lancashireEditor(),
      confirm: stale.body.errors?.[0]?.extensions.plan,
    });
    expect(other.status).toBe(409);
    expect(await fingerprint()).toBe(before);
  });

  it('leaves the graph as it was when the write fails inside its transaction', async () => {
    await recordsTheUpload();
    await scope().marks('Dataset', 'id', 'upload-test-decoy');
    const text = planFile();
    const dry = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor() });
    expect(dry.status).toBe(200);
    // The Dataset node is written after the entities and relationships: a decoy with the same
    // SHA-256 under a uniqueness constraint makes that last write fail, half-way through.
    await api.db.run('CREATE CONSTRAINT upload_test_trap IF NOT EXISTS FOR (d:Dataset) REQUIRE d.sha256 IS UNIQUE', {}, 'WRITE');
    try {
      await api.db.run('CREATE (:Dataset {id: "upload-test-decoy", sha256: $sha256})', { sha256: dry.body.diff!.sha256 }, 'WRITE');
      const before = await fingerprint();
      const audits = await auditEventCount(api.db);
      const failed = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor(), confirm: dry.body.plan! });
      expect(failed.status).toBe(500);
      expect(failed.body.errors?.[0]?.message).toContain('nothing was written');
      expect(await fingerprint()).toBe(before);
      expect(await auditEventCount(api.db)).toBe(audits);
      const found = await api.db.run('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id', { ids: [ONE, TWO] });
      expect(found).toEqual([]);
    } finally {
      await api.db.run('DROP CONSTRAINT upload_test_trap IF EXISTS', {}, 'WRITE');
    }
    // Without the trap the same plan still holds: the failed attempt changed nothing it depends on.
    const retried = await upload([{ name: 'plan.yaml', text }], { bearer: await lancashireEditor(), confirm: dry.body.plan! });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
  });

  it(`takes a file of ${MAX_UPLOAD_FILE_BYTES} bytes and ${MAX_UPLOAD_FILES} files, and refuses one byte or one file more (413)`, async () => {
    const before = await fingerprint();
    const head = `dataset: ${DATASET}\npartnership: ${LANCASHIRE}\n# `;
    const sized = (bytes: number) => `${head}${'x'.repeat(bytes - head.length - 1)}\n`;
    const atLimit = await upload([{ name: 'big.yaml', text: sized(MAX_UPLOAD_FILE_BYTES) }], { bearer: await lancashireEditor() });
    expect(atLimit.status, JSON.stringify(atLimit.body)).toBe(200);
    const tooBig = await upload([{ name: 'big.yaml', text: sized(MAX_UPLOAD_FILE_BYTES + 1) }], { bearer: await lancashireEditor() });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.errors?.[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `part-${i}.yaml`, text: `dataset: ${DATASET}\npartnership: ${LANCASHIRE}\n` }));
    expect((await upload(many(MAX_UPLOAD_FILES), { bearer: await lancashireEditor() })).status).toBe(200);
    const tooMany = await upload(many(MAX_UPLOAD_FILES + 1), { bearer: await lancashireEditor() });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.errors?.[0]?.message).toContain(`at most ${MAX_UPLOAD_FILES} files`);
    expect(await fingerprint()).toBe(before);
  });

  // The export restates relationships between two shared bodies (a board SERVES an area) that an
  // editor could not make; unchanged, they are no change, so the editor's own plan goes back in.
  it('takes back the workbook the server exported, as a dry run with nothing to change', async () => {
    const base = api.url.replace(/\/graphql$/, '');
    const exported = await fetch(`${base}/datasets/${AGREEMENT}/export.xlsx`);
    expect(exported.status).toBe(200);
    const before = await fingerprint();
    const dry = await upload([{ name: 'plan.xlsx', text: new Uint8Array(await exported.arrayBuffer()) }], {
      bearer: await lancashireEditor(),
      dataset: AGREEMENT,
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.diff?.entities).toEqual({ added: [], changed: [], removed: [] });
    expect(await fingerprint()).toBe(before);
  });
});
