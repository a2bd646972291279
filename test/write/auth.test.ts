import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApplication, type Application } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../support/graph.js';
import { auditEventCount, graphFingerprint, lancashireEditor, LANCASHIRE, postGraphql, token, type Answer } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const ACTIVITY = 'lancashire-csa-2014-2016/activity/7';
const NATIONAL_DUTY = 'duty-cda-1998-s17-due-regard';

const editor = lancashireEditor;
const otherEditor = () => token({ roles: ['editor'], partnership: 'cumbria-community-safety-partnership' }, { subject: 'editor@cumbria.gov.uk' });
const admin = () => token({ roles: ['admin'] }, { subject: 'admin@golden-thread.org' });

const graphql = (query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);
const fingerprint = () => graphFingerprint(api.db);
const auditCount = () => auditEventCount(api.db);

const UPDATE_NOTES = `mutation Notes($id: ID!, $notes: String!) {
  updateActivities(where: { id: { eq: $id } }, update: { notes: { set: $notes } }) { activities { id notes } }
}`;

const UPDATE_DUTY = `mutation DutyNotes($id: ID!) {
  updateDuties(where: { id: { eq: $id } }, update: { notes: { set: "changed" } }) { duties { id } }
}`;

/** An activity of the editor's partnership, new to the graph, linked to a national duty. */
const NEW_ACTIVITY = 'lancashire-csa-2014-2016/activity/18';
const CREATE_LINKED = `mutation Create($id: ID!, $partnership: String!, $duty: ID!) {
  createActivities(input: [{ id: $id, name: "Reduce reoffending by women", partnership: $partnership, number: 18,
    discharges: { connect: [{ where: { node: { id: { eq: $duty } } }, edge: { basis: INFERRED, source: "Partnership meeting, 3 March 2015", note: "Added by the editor" } }] } }]) {
    activities { id partnership discharges { id } dischargesConnection { edges { properties { basis source note dataset } } } }
  }
}`;

const { api, scope } = useSignedInApi();

describe('who may change the graph', () => {
  it('reads need no credentials', async () => {
    const { status, body } = await graphql(`{ activities(where: { id: { eq: "${ACTIVITY}" } }) { id partnership } }`);
    expect(status).toBe(200);
    expect(body.data?.activities).toEqual([{ id: ACTIVITY, partnership: LANCASHIRE }]);
  });

  it('refuses a mutation without a token with UNAUTHENTICATED and writes nothing', async () => {
    const before = await fingerprint();
    const { status, body } = await graphql(UPDATE_NOTES, { id: ACTIVITY, notes: 'anonymous' });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(/bearer token/i);
    expect(status).toBe(401);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['a token signed with another key', () => token({ roles: ['admin'] }, { secret: 'another-secret-that-is-at-least-32-bytes' }), /signature/],
    ['an expired token', () => token({ roles: ['admin'] }, { expiresIn: '-1m' }), /expired/],
    ['a token without roles', () => token({}), /roles/],
    ['garbage', async () => 'not.a.jwt', /not a valid signed JWT/],
  ])('refuses %s with UNAUTHENTICATED, even for a read', async (_name, make, message) => {
    const { status, body } = await graphql('{ activities(limit: 1) { id } }', {}, await make());
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(message);
  });

  it("lets an editor change their own partnership's entity, and records who, what, before and after", async () => {
    await scope().changes(ACTIVITY);
    const { body } = await graphql(UPDATE_NOTES, { id: ACTIVITY, notes: 'Reviewed at the March meeting' }, await editor());
    expect(body.errors).toBeUndefined();
    expect(body.data?.updateActivities).toEqual({ activities: [{ id: ACTIVITY, notes: 'Reviewed at the March meeting' }] });
    const audit = await graphql(
      `{ auditEvents(where: { entityId: { eq: "${ACTIVITY}" } }, sort: [{ at: DESC }]) { actor roles actorPartnership operation action entityType changedProperties before after } }`,
      {},
      // An admin reads the subject; see test/write/audit-privacy.test.ts for everyone else.
      await admin(),
    );
    const [event] = audit.body.data?.auditEvents as Record<string, unknown>[];
    expect(event).toMatchObject({
      actor: 'editor@lancashire.gov.uk',
      roles: ['editor'],
      actorPartnership: LANCASHIRE,
      operation: 'updateActivities',
      action: 'UPDATE',
      entityType: 'ACTIVITY',
      changedProperties: ['notes'],
    });
    expect(JSON.parse(event?.before as string).notes ?? null).not.toBe('Reviewed at the March meeting');
    expect(JSON.parse(event?.after as string).notes).toBe('Reviewed at the March meeting');
  });

  it('refuses an editor of another partnership with FORBIDDEN and writes nothing, audit included', async () => {
    const before = await fingerprint();
    const events = await auditCount();
    const { body } = await graphql(UPDATE_NOTES, { id: ACTIVITY, notes: 'from Cumbria' }, await otherEditor());
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await fingerprint()).toBe(before);
    expect(await auditCount()).toBe(events);
  });

  it('refuses an editor changing shared national data, and lets an admin', async () => {
    await scope().changes(NATIONAL_DUTY);
    const before = await fingerprint();
    const refused = await graphql(UPDATE_DUTY, { id: NATIONAL_DUTY }, await editor());
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await fingerprint()).toBe(before);
    const allowed = await graphql(UPDATE_DUTY, { id: NATIONAL_DUTY }, await admin());
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data?.updateDuties).toEqual({ duties: [{ id: NATIONAL_DUTY }] });
  });

  it('refuses a token with no editing role', async () => {
    const { body } = await graphql(UPDATE_NOTES, { id: ACTIVITY, notes: 'reader' }, await token({ roles: ['reader'] }));
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets an editor create an activity in their partnership linked to a national duty, with evidence, audited', async () => {
    const id = NEW_ACTIVITY;
    await scope().creates(id);
    const { body } = await graphql(CREATE_LINKED, { id, partnership: LANCASHIRE, duty: NATIONAL_DUTY }, await editor());
    expect(body.errors).toBeUndefined();
    const [created] = (body.data?.createActivities as { activities: Record<string, unknown>[] }).activities;
    expect(created).toMatchObject({ id, partnership: LANCASHIRE, discharges: [{ id: NATIONAL_DUTY }] });
    expect(created?.dischargesConnection).toEqual({
      edges: [{ properties: { basis: 'INFERRED', source: 'Partnership meeting, 3 March 2015', note: 'Added by the editor', dataset: null } }],
    });
    const audit = await graphql(`{ auditEvents(where: { entityId: { eq: "${id}" } }) { action relationshipsAdded before } }`);
    const [event] = audit.body.data?.auditEvents as { action: string; relationshipsAdded: string; before: string | null }[];
    expect(event?.action).toBe('CREATE');
    expect(event?.before).toBeNull();
    expect(JSON.parse(event?.relationshipsAdded ?? '[]')).toEqual([
      {
        direction: 'OUT',
        type: 'DISCHARGES',
        other: NATIONAL_DUTY,
        evidence: { basis: 'INFERRED', note: 'Added by the editor', source: 'Partnership meeting, 3 March 2015' },
      },
    ]);
  });

  it('refuses an editor creating an entity for another partnership, or for none', async () => {
    const before = await fingerprint();
    for (const partnership of ['cumbria-community-safety-partnership', null]) {
      const { body } = await graphql(
        'mutation C($p: String) { createActivities(input: [{ id: "lancashire-csa-2014-2016/activity/99", name: "x", partnership: $p }]) { activities { id } } }',
        { p: partnership },
        await editor(),
      );
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    }
    expect(await fingerprint()).toBe(before);
  });

  it('refuses an editor linking two national entities, though each end alone is linkable', async () => {
    const before = await fingerprint();
    const { body } = await graphql(
      `
        mutation Link($duty: ID!) {
          updateDuties(
            where: { id: { eq: $duty } }
            update: {
              imposedBy: [{ connect: [{ where: { node: { id: { eq: "ukpga/1998/37/section/6" } } }, edge: { basis: INFERRED, source: "x", note: "y" } }] }]
            }
          ) {
            duties {
              id
            }
          }
        }
      `,
      { duty: NATIONAL_DUTY },
      await editor(),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toMatch(/outside partnership/);
    expect(await fingerprint()).toBe(before);
  });

  it('lets an editor link a national duty to their own activity from the duty side', async () => {
    await scope().links('lancashire-csa-2014-2016/activity/3', 'DISCHARGES', NATIONAL_DUTY);
    const { body } = await graphql(
      `
        mutation Link($duty: ID!, $activity: ID!) {
          updateDuties(
            where: { id: { eq: $duty } }
            update: { dischargedBy: [{ connect: [{ where: { node: { id: { eq: $activity } } }, edge: { basis: INFERRED, source: "x", note: "y" } }] }] }
          ) {
            duties {
              id
            }
          }
        }
      `,
      { duty: NATIONAL_DUTY, activity: 'lancashire-csa-2014-2016/activity/3' },
      await editor(),
    );
    expect(body.errors).toBeUndefined();
  });

  it('refuses an update or delete without a where, and a duplicate id, with BAD_USER_INPUT', async () => {
    const before = await fingerprint();
    const noWhere = await graphql('mutation { deleteActivities { nodesDeleted } }', {}, await admin());
    expect(noWhere.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const duplicate = await graphql(
      `mutation { createActivities(input: [{ id: "${ACTIVITY}", name: "again", partnership: "${LANCASHIRE}" }]) { activities { id } } }`,
      {},
      await editor(),
    );
    expect(duplicate.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(duplicate.body.errors?.[0]?.message).toContain('already exists');
    expect(await fingerprint()).toBe(before);
  });

  it("lets an editor delete their partnership's entity; the audit keeps its last state and relationships", async () => {
    const id = NEW_ACTIVITY;
    await scope().creates(id);
    // The activity this test deletes, made as the create test above makes it (one DISCHARGES link).
    const created = await graphql(CREATE_LINKED, { id, partnership: LANCASHIRE, duty: NATIONAL_DUTY }, await editor());
    expect(created.body.errors).toBeUndefined();
    const { body } = await graphql(`mutation { deleteActivities(where: { id: { eq: "${id}" } }) { nodesDeleted relationshipsDeleted } }`, {}, await editor());
    expect(body.errors).toBeUndefined();
    expect(body.data?.deleteActivities).toEqual({ nodesDeleted: 1, relationshipsDeleted: 1 });
    const audit = await graphql(`{ auditEvents(where: { entityId: { eq: "${id}" }, action: { eq: DELETE } }) { after before relationshipsRemoved } }`);
    const [event] = audit.body.data?.auditEvents as { after: string | null; before: string; relationshipsRemoved: string }[];
    expect(event?.after).toBeNull();
    expect(JSON.parse(event?.before ?? '{}').name).toBe('Reduce reoffending by women');
    expect(JSON.parse(event?.relationshipsRemoved ?? '[]')).toHaveLength(1);
  });

  it('offers no way to change the audit trail through the API', async () => {
    for (const mutation of ['createAuditEvents', 'updateAuditEvents', 'deleteAuditEvents']) {
      const { status, body } = await graphql(`mutation { ${mutation} { __typename } }`, {}, await admin());
      // A validation failure, answered as application/json (no Accept): 200, the error in the body.
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  let provider: http.Server;
  let jwksApp: Application;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    provider = http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    jwksApp = await startApplication(
      testConfig({ GT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, GT_JWT_ISSUER: 'https://id.example.org/', GT_JWT_AUDIENCE: 'golden-thread' }),
      createLogger({ logLevel: 'silent' }),
    );
  });

  afterAll(async () => {
    await jwksApp?.stop();
    await new Promise((resolve) => provider?.close(resolve));
  });

  const signed = (claims: Record<string, unknown>, audience = 'golden-thread') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject('sso-user')
      .setIssuer('https://id.example.org/')
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(privateKey);

  async function ask(bearer: string) {
    const response = await fetch(jwksApp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: UPDATE_NOTES, variables: { id: ACTIVITY, notes: 'via single sign-on' } }),
    });
    return (await response.json()) as Answer['body'];
  }

  it('accepts a token signed by a key from the key set, with the right issuer and audience', async () => {
    await scope().changes(ACTIVITY);
    const body = await ask(await signed({ roles: ['editor'], partnership: LANCASHIRE }));
    expect(body.errors).toBeUndefined();
    expect(body.data?.updateActivities).toEqual({ activities: [{ id: ACTIVITY, notes: 'via single sign-on' }] });
  });

  it('refuses a token for another audience, and an HMAC token, with UNAUTHENTICATED', async () => {
    const wrongAudience = await ask(await signed({ roles: ['admin'] }, 'another-service'));
    expect(wrongAudience.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(wrongAudience.errors?.[0]?.message).toMatch(/"aud"/);
    const hmac = await ask(await token({ roles: ['admin'] }));
    expect(hmac.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
