/**
 * Entities created through the API are whole entities: typed as their label says (so search,
 * impact and the audit trail see them), with ids the seed format accepts; and one request changes
 * the graph in at most one transaction. Each test attacks the way the security finding did.
 */
import { describe, expect, it } from 'vitest';
import { applySchema } from '../../src/database/migrate.js';
import { ENTITY_TYPE_OF_LABEL } from '../../src/model/index.js';
import { auditEventCount, graphFingerprint, lancashireEditor, LANCASHIRE, postGraphql, type Answer } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const NATIONAL_DUTY = 'duty-cda-1998-s17-due-regard';
const ACTIVITY = 'lancashire-csa-2014-2016/activity/7';

const editor = lancashireEditor;

const graphql = (query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);
const fingerprint = () => graphFingerprint(api.db);
const auditCount = () => auditEventCount(api.db);

const CREATE_LINKED = `mutation Create($id: ID!, $name: String!, $partnership: String!, $duty: ID!) {
  createActivities(input: [{ id: $id, name: $name, partnership: $partnership,
    discharges: { connect: [{ where: { node: { id: { eq: $duty } } }, edge: { basis: INFERRED, source: "Partnership meeting, 3 March 2015", note: "Added by the editor" } }] } }]) {
    activities { id type }
  }
}`;

const IMPACT = `query Impact($id: ID!) { impact(id: $id, first: 500) { activityCount activities { id type } } }`;

const { api, scope } = useSignedInApi();

describe('an entity created through the API', () => {
  it('has its type everywhere: the list query, search, the audit trail and impact', async () => {
    const id = 'lancashire-csa-2014-2016/activity/901';
    await scope().creates(id);
    const impactBefore = await graphql(IMPACT, { id: NATIONAL_DUTY });
    const activitiesBefore = (impactBefore.body.data?.impact as { activityCount: number }).activityCount;

    const created = await graphql(
      CREATE_LINKED,
      { id, name: 'Zanzibarish outreach to night-time venues', partnership: LANCASHIRE, duty: NATIONAL_DUTY },
      await editor(),
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createActivities).toEqual({ activities: [{ id, type: 'ACTIVITY' }] });

    const [stored] = await api.db.run<{ type: string | null }>('MATCH (n:Entity {id: $id}) RETURN n.type AS type', { id });
    expect(stored?.type).toBe('ACTIVITY');
    const listed = await graphql(`{ activities(where: { id: { eq: "${id}" } }) { id type } }`);
    expect(listed.body.data).toEqual({ activities: [{ id, type: 'ACTIVITY' }] });
    const search = await graphql('{ search(text: "Zanzibarish") { id type entity { type } } }');
    expect(search.body.errors).toBeUndefined();
    expect(search.body.data?.search).toEqual([expect.objectContaining({ id, type: 'ACTIVITY', entity: { type: 'ACTIVITY' } })]);
    const audit = await graphql(`{ auditEvents(where: { entityId: { eq: "${id}" } }) { action entityType } }`);
    expect(audit.body.data?.auditEvents).toEqual([{ action: 'CREATE', entityType: 'ACTIVITY' }]);
    const impact = await graphql(IMPACT, { id: NATIONAL_DUTY });
    expect(impact.body.errors).toBeUndefined();
    const after = impact.body.data?.impact as { activityCount: number; activities: { id: string; type: string }[] };
    expect(after.activityCount).toBe(activitiesBefore + 1);
    expect(after.activities).toContainEqual({ id, type: 'ACTIVITY' });
  });

  it('an entity stored without a type (an older store) gets it from its label when the schema is applied at start', async () => {
    const id = 'test-untyped-activity';
    await scope().creates(id);
    await api.db.run("CREATE (:Entity:Activity {id: $id, name: 'Made before the fix', partnership: $partnership})", { id, partnership: LANCASHIRE }, 'WRITE');
    await applySchema(api.db, ENTITY_TYPE_OF_LABEL);
    await applySchema(api.db, ENTITY_TYPE_OF_LABEL);
    const [stored] = await api.db.run<{ type: string | null }>('MATCH (n:Entity {id: $id}) RETURN n.type AS type', { id });
    expect(stored?.type).toBe('ACTIVITY');
    const listed = await graphql(`{ activities(where: { id: { eq: "${id}" } }) { type } }`);
    expect(listed.body.data).toEqual({ activities: [{ type: 'ACTIVITY' }] });
  });

  it.each([
    ['an empty id', '', /empty/],
    ['a NUL', 'lancashire-csa-2014-2016/activity/9\u0000', /slug|legislation\.gov\.uk/],
    ['a control character', 'lancashire-csa-2014-2016/activity/\u001b[31m9', /slug|legislation\.gov\.uk/],
    ['a right-to-left override', 'lancashire-csa-2014-2016/activity/\u202e9', /slug|legislation\.gov\.uk/],
    ['a trailing space', 'lancashire-csa-2014-2016/activity/9 ', /slug|legislation\.gov\.uk/],
    ['upper case in a slug', 'Lancashire-CSA/activity/9', /slug|legislation\.gov\.uk/],
    ['201 characters', `lancashire-csa-2014-2016/${'a'.repeat(176)}`, /200 characters/],
  ])('refuses %s as an id with BAD_USER_INPUT naming the rule, and writes nothing', async (_name, id, rule) => {
    const before = await fingerprint();
    const events = await auditCount();
    const { body } = await graphql(
      'mutation C($id: ID!, $p: String!) { createActivities(input: [{ id: "lancashire-csa-2014-2016/activity/902", name: "fine" , partnership: $p }, { id: $id, name: "x", partnership: $p }]) { activities { id } } }',
      { id, p: LANCASHIRE },
      await editor(),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/input\[1\]\.id/);
    expect(body.errors?.[0]?.message).toMatch(rule);
    expect(await fingerprint()).toBe(before);
    expect(await auditCount()).toBe(events);
  });
});

describe('one request, one change', () => {
  it('refuses two mutation fields in one document before either runs, though the first alone is allowed', async () => {
    const id = 'lancashire-csa-2014-2016/activity/903';
    await scope().creates(id);
    const before = await fingerprint();
    const events = await auditCount();
    const { status, body } = await graphql(
      `
        mutation Both($id: ID!, $p: String!, $duty: ID!) {
          createActivities(input: [{ id: $id, name: "Allowed on its own", partnership: $p }]) {
            activities {
              id
            }
          }
          updateDuties(where: { id: { eq: $duty } }, update: { notes: { set: "not the editor's" } }) {
            duties {
              id
            }
          }
        }
      `,
      { id, p: LANCASHIRE, duty: NATIONAL_DUTY },
      await editor(),
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/one mutation field/);
    expect(body.data ?? null).toBeNull();
    expect(await fingerprint()).toBe(before);
    expect(await auditCount()).toBe(events);
    const alone = await graphql(
      'mutation One($id: ID!, $p: String!) { createActivities(input: [{ id: $id, name: "Allowed on its own", partnership: $p }]) { activities { id type } } }',
      { id, p: LANCASHIRE },
      await editor(),
    );
    expect(alone.body.errors).toBeUndefined();
    expect(alone.body.data?.createActivities).toEqual({ activities: [{ id, type: 'ACTIVITY' }] });
  });

  it('counts fields behind aliases and fragments too', async () => {
    const before = await fingerprint();
    const { status, body } = await graphql(
      `
        mutation Twice($id: ID!) {
          a: updateActivities(where: { id: { eq: $id } }, update: { notes: { set: "first" } }) {
            activities {
              id
            }
          }
          ...Again
        }
        fragment Again on Mutation {
          b: updateActivities(where: { id: { eq: $id } }, update: { notes: { set: "second" } }) {
            activities {
              id
            }
          }
        }
      `,
      { id: ACTIVITY },
      await editor(),
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(await fingerprint()).toBe(before);
  });
});
