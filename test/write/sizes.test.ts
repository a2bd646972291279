/**
 * Stored values keep the size limits and the text rule of src/model/limits.ts and ids.ts through
 * the API, as they do in seed files; the audit records the change, not two whole snapshots; and
 * the user mistakes that used to answer with Java text answer BAD_USER_INPUT. Each test attacks
 * the way the security finding did (a 50 MB description, a list grown 95 kB a request), at the
 * limit and one past it, and checks a refusal wrote nothing.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/index.js';
import { recordedBytes } from '../../src/schema/audit-trail.js';
import { auditEventCount, graphFingerprint, lancashireEditor, LANCASHIRE, postGraphql, type Answer } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const { api, scope } = useSignedInApi();

const ID = 'lancashire-csa-2014-2016/activity/961';
const EXISTING = 'lancashire-csa-2014-2016/activity/7';

const graphql = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> =>
  postGraphql(api.url, query, variables, await lancashireEditor());

const CREATE = `mutation Create($id: ID!, $name: String!, $partnership: String!, $description: String, $aliases: [String!]) {
  createActivities(input: [{ id: $id, name: $name, partnership: $partnership, description: $description, aliases: $aliases }]) { activities { id } }
}`;
const UPDATE = `mutation Update($id: ID!, $update: ActivityUpdateInput!) {
  updateActivities(where: { id: { eq: $id } }, update: $update) { activities { id } }
}`;

async function create(extra: Record<string, unknown> = {}): Promise<void> {
  await scope().creates(ID);
  const answer = await graphql(CREATE, { id: ID, name: 'Size limits test activity', partnership: LANCASHIRE, ...extra });
  expect(answer.body.errors).toBeUndefined();
}

const update = (update: Record<string, unknown>, id = ID) => graphql(UPDATE, { id, update });

/** Everything a refusal must leave as it was: the graph, the audit trail, and the entity's own properties. */
async function state(id = ID): Promise<string> {
  const [row] = await api.db.run<{ properties: unknown }>('MATCH (n:Entity {id: $id}) RETURN properties(n) AS properties', { id });
  return JSON.stringify([await graphFingerprint(api.db), await auditEventCount(api.db), row?.properties ?? null]);
}

async function expectRefused(answer: Answer, ...phrases: string[]): Promise<void> {
  expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe('BAD_USER_INPUT');
  const message = answer.body.errors?.[0]?.message ?? '';
  for (const phrase of phrases) expect(message).toContain(phrase);
  expect(message).not.toMatch(/java|apoc|neo4j/i);
}

const alias = (index: number, length: number = LIMITS.listItemLength): string => `${index} `.padEnd(length, 'x');
const aliases = (count: number, length?: number): string[] => Array.from({ length: count }, (_, index) => alias(index, length));

describe('size limits through the API', () => {
  it(`accepts a description of ${LIMITS.longText} characters and refuses one more, naming the field, the size and the limit`, async () => {
    await create({ description: 'd'.repeat(LIMITS.longText) });
    const before = await state();
    await expectRefused(await update({ description: { set: 'e'.repeat(LIMITS.longText + 1) } }), 'description', '20,001', '20,000');
    expect(await state()).toBe(before);
  });

  it('refuses a value far past every limit from its input, before a write transaction is spent on it', async () => {
    await create();
    const before = await state();
    // The soak's attack: 50 kB of description. Twice the longest limit plus one is refused by the
    // input check (its own wording); twice the limit itself still goes on to the exact check.
    await expectRefused(
      await update({ description: { set: 'f'.repeat(2 * LIMITS.longText + 1) } }),
      'update.description.set',
      'the most any property may hold',
    );
    await expectRefused(await update({ description: { set: 'g'.repeat(2 * LIMITS.longText) } }), 'description has 40,000 characters', '20,000');
    expect(await state()).toBe(before);
  });

  it(`accepts a name of ${LIMITS.shortText} characters and refuses one more`, async () => {
    await create();
    expect((await update({ name: { set: 'n'.repeat(LIMITS.shortText) } })).body.errors).toBeUndefined();
    const before = await state();
    await expectRefused(await update({ name: { set: 'm'.repeat(LIMITS.shortText + 1) } }), 'name', '501', '500');
    expect(await state()).toBe(before);
  });

  it(`accepts a create with ${LIMITS.listItems} aliases and refuses ${LIMITS.listItems + 1}`, async () => {
    await scope().creates(ID);
    const before = await state();
    await expectRefused(
      await graphql(CREATE, { id: ID, name: 'Too many aliases', partnership: LANCASHIRE, aliases: aliases(LIMITS.listItems + 1) }),
      'aliases',
      '51 items',
      '50',
    );
    expect(await state()).toBe(before);
    const accepted = await graphql(CREATE, { id: ID, name: 'Many aliases', partnership: LANCASHIRE, aliases: aliases(LIMITS.listItems) });
    expect(accepted.body.errors).toBeUndefined();
  });

  it('judges a push by the list it makes: up to the limit accepted, one past refused', async () => {
    await create({ aliases: aliases(LIMITS.listItems - 1) });
    expect((await update({ aliases: { push: [alias(LIMITS.listItems - 1)] } })).body.errors).toBeUndefined();
    const before = await state();
    await expectRefused(await update({ aliases: { push: [alias(LIMITS.listItems)] } }), 'aliases', '51 items', '50');
    expect(await state()).toBe(before);
  });

  it(`refuses an alias of ${LIMITS.listItemLength + 1} characters, set or pushed`, async () => {
    await create({ aliases: [alias(0)] });
    const before = await state();
    await expectRefused(await update({ aliases: { set: [alias(0, LIMITS.listItemLength + 1)] } }), 'aliases', 'item 0', '501');
    await expectRefused(await update({ aliases: { push: [alias(1, LIMITS.listItemLength + 1)] } }), 'aliases', 'item 1', '501');
    expect(await state()).toBe(before);
  });
});

describe('input amplified by variables', () => {
  it('refuses one 20,000-character variable named 2,000 times in a list before the database sees it', async () => {
    await create();
    const before = await state();
    const references = Array.from({ length: 2000 }, () => '$x').join(', ');
    const answer = await graphql(
      `mutation Amplified($id: ID!, $x: String!) { updateActivities(where: { id: { eq: $id } }, update: { aliases: { set: [${references}] } }) { activities { id } } }`,
      { id: ID, x: 'x'.repeat(LIMITS.longText) },
    );
    await expectRefused(answer, '40,000,000 characters', 'once its variables are filled in', '1,048,576');
    expect(await state()).toBe(before);
  });
});

describe('the audit trail records the change', () => {
  it('40 list-growing edits of an entity with long texts record only the list, each event bounded', async () => {
    await create({ description: 'd'.repeat(LIMITS.longText), aliases: [alias(0, 400)] });
    const [created] = await api.db.run<{ bytes: number }>('MATCH (n:Entity {id: $id}) RETURN size(apoc.convert.toJson(properties(n))) AS bytes', { id: ID });
    for (let edit = 1; edit < 40; edit += 1) {
      const answer = await update({ aliases: { push: [alias(edit, 400)] } });
      expect(answer.body.errors).toBeUndefined();
    }
    const events = await api.db.run<{
      action: string;
      changed: string[];
      before: string | null;
      after: string | null;
      relationshipsAdded: string | null;
      relationshipsRemoved: string | null;
    }>(
      `MATCH (a:AuditEvent {entityId: $id}) RETURN a.action AS action, a.changedProperties AS changed, a.before AS before, a.after AS after,
         a.relationshipsAdded AS relationshipsAdded, a.relationshipsRemoved AS relationshipsRemoved ORDER BY a.at`,
      { id: ID },
    );
    const updates = events.filter((event) => event.action === 'UPDATE');
    expect(updates).toHaveLength(39);
    for (const event of updates) {
      expect(event.changed).toEqual(['aliases']);
      expect(Object.keys(JSON.parse(event.before ?? '{}') as object)).toEqual(['aliases']);
      expect(Object.keys(JSON.parse(event.after ?? '{}') as object)).toEqual(['aliases']);
      // Both lists of at most 40 aliases of 400 characters, and nothing of the 20,000-character description.
      expect(recordedBytes(event)).toBeLessThan(2 * 40 * 404 + 100);
    }
    const recorded = updates.reduce((sum, event) => sum + recordedBytes(event), 0);
    // What two whole snapshots per event would have stored: the description twice each time, and the lists.
    const snapshots = updates.reduce((sum, event) => sum + 2 * (created?.bytes ?? 0) + recordedBytes(event), 0);
    console.log(`audit of 39 list growths: ${recorded} bytes recorded; whole snapshots would have been about ${snapshots} bytes`);
    expect(recorded * 2).toBeLessThan(snapshots);
  });

  it(`refuses a change whose audit record would pass ${LIMITS.auditEventBytes} bytes, writing nothing`, async () => {
    // One variable used by many connects: a small request that would record 16 x 80 kB of evidence.
    const duties = (await api.db.run<{ id: string }>('MATCH (d:Duty) RETURN d.id AS id ORDER BY d.id LIMIT 16')).map((row) => row.id);
    expect(duties).toHaveLength(16);
    await scope().creates(ID);
    const before = await state();
    const connects = duties
      .map((duty) => `{ where: { node: { id: { eq: "${duty}" } } }, edge: { basis: INFERRED, source: "Partnership meeting", note: $note } }`)
      .join(', ');
    const answer = await graphql(
      `mutation Big($id: ID!, $partnership: String!, $note: String!) {
        createActivities(input: [{ id: $id, name: "Audit size test", partnership: $partnership, discharges: { connect: [${connects}] } }]) { activities { id } }
      }`,
      { id: ID, partnership: LANCASHIRE, note: '\u{1D538}'.repeat(LIMITS.longText) },
    );
    await expectRefused(answer, 'audit record', 'bytes', '1,048,576');
    expect(await state()).toBe(before);
  });
});

describe('user mistakes answer BAD_USER_INPUT with a sentence, and write nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['name: {set: null}', { name: { set: null } }, 'update.name cannot be cleared'],
    ['partnership: {set: null}', { partnership: { set: null } }, 'update.partnership cannot be cleared'],
    ['an empty name', { name: { set: '' } }, 'name must not be empty'],
    ['a name with a trailing space', { name: { set: 'Community safety ' } }, 'no space at either end'],
    ['an alias with a control character', { aliases: { set: ['Lancashire\u0000CSP'] } }, 'control characters'],
    ['an alias with a right-to-left override', { aliases: { set: ['\u202eLancashire'] } }, 'direction overrides'],
  ];
  it.each(cases)('%s', async (_name, change, phrase) => {
    await scope().changes(EXISTING);
    const before = await state(EXISTING);
    await expectRefused(await update(change, EXISTING), phrase);
    expect(await state(EXISTING)).toBe(before);
  });

  it('aliases: {push} on an entity with no aliases yet', async () => {
    await scope().changes(EXISTING);
    const [row] = await api.db.run<{ aliases: unknown }>('MATCH (n:Entity {id: $id}) RETURN n.aliases AS aliases', { id: EXISTING });
    expect(row?.aliases).toBeNull();
    const before = await state(EXISTING);
    await expectRefused(await update({ aliases: { push: ['Another wording'] } }, EXISTING), 'has no aliases yet', '{ set: [...] }');
    expect(await state(EXISTING)).toBe(before);
  });

  it('a create with an empty name', async () => {
    await scope().creates(ID);
    const before = await state();
    await expectRefused(await graphql(CREATE, { id: ID, name: '', partnership: LANCASHIRE }), 'name must not be empty');
    expect(await state()).toBe(before);
  });

  it.each([
    ['23 digits', '12345678901234567890123'],
    ['past a safe integer', '9007199254740993'],
    ['negative', '-1'],
  ])('a connection cursor with an offset %s', async (_name, offset) => {
    const after = Buffer.from(`arrayconnection:${offset}`).toString('base64');
    const answer = await postGraphql(api.url, `query Page($after: String) { activitiesConnection(first: 1, after: $after) { edges { node { id } } } }`, {
      after,
    });
    await expectRefused(answer, 'after is not a cursor this API gave out');
  });
});
