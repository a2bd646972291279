/**
 * The audit trail does not hand editors' e-mail subjects to the public, and personal data can be
 * taken back out of it. Attacked as the finding did: an anonymous read of auditEvents, a filter or
 * an aggregate on the actor, and a cleared value still readable in an earlier event's `before`.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_VALUE } from '../../src/schema/audit-trail.js';
import { auditEventCount, graphFingerprint, LANCASHIRE, postGraphql, token, type Answer } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const { api, scope } = useSignedInApi();

const ID = 'lancashire-csa-2014-2016/activity/971';
const PERSONAL = 'Ring Jane Example on 07700 900123 after 6pm';

const editorOf = (subject: string) => token({ roles: ['editor'], partnership: LANCASHIRE }, { subject });
const admin = () => token({ roles: ['admin'] }, { subject: 'admin@example.org' });
const graphql = (query: string, variables: Record<string, unknown> = {}, bearer?: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);

const EVENTS = `query Events($id: ID!) { auditEvents(where: { entityId: { eq: $id } }, sort: [{ at: ASC }]) { action actor before after changedProperties } }`;
type Event = { action: string; actor: string; before: string | null; after: string | null; changedProperties: string[] };
const events = async (bearer?: string): Promise<Event[]> => {
  const answer = await graphql(EVENTS, { id: ID }, bearer);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.auditEvents as Event[];
};

/** An editor with a subject of the test's own creates the entity with a personal note, then clears it. */
async function editedByEditor(): Promise<string> {
  const subject = `leaver-${randomUUID()}@lancashire.gov.uk`;
  await scope().creates(ID);
  const bearer = await editorOf(subject);
  const created = await graphql(
    `
      mutation Create($id: ID!, $partnership: String!, $notes: String!) {
        createActivities(input: [{ id: $id, name: "Audit privacy test", partnership: $partnership, notes: $notes }]) {
          activities {
            id
          }
        }
      }
    `,
    { id: ID, partnership: LANCASHIRE, notes: PERSONAL },
    bearer,
  );
  expect(created.body.errors).toBeUndefined();
  const cleared = await graphql(
    `
      mutation Clear($id: ID!) {
        updateActivities(where: { id: { eq: $id } }, update: { notes: { set: null } }) {
          activities {
            id
          }
        }
      }
    `,
    { id: ID },
    bearer,
  );
  expect(cleared.body.errors).toBeUndefined();
  return subject;
}

describe('who reads the actor', () => {
  it('an anonymous reader sees one stable pseudonym and no e-mail; an admin and the editor themselves see the subject', async () => {
    const subject = await editedByEditor();
    const anonymous = await graphql(EVENTS, { id: ID });
    expect(JSON.stringify(anonymous.body)).not.toContain('@');
    const seen = anonymous.body.data?.auditEvents as Event[];
    expect(seen).toHaveLength(2);
    expect(seen[0]?.actor).toMatch(/^actor-[0-9a-f]{16}$/);
    expect(seen[1]?.actor).toBe(seen[0]?.actor);
    // Another partnership's editor is not the admin: a pseudonym too.
    expect((await events(await editorOf('someone-else@example.org'))).map((event) => event.actor)).toEqual([seen[0]?.actor, seen[0]?.actor]);
    expect((await events(await admin())).map((event) => event.actor)).toEqual([subject, subject]);
    expect((await events(await editorOf(subject))).map((event) => event.actor)).toEqual([subject, subject]);
  });

  it.each([
    ['filter on', `{ auditEvents(where: { actor: { eq: "editor@lancashire.gov.uk" } }) { id } }`],
    ['sort by', `{ auditEvents(sort: [{ actor: ASC }]) { id } }`],
    ['aggregate', `{ auditEventsConnection { aggregate { node { actor { longest } } } } }`],
  ])('no one can %s the actor, so a guessed address cannot be confirmed', async (_name, query) => {
    const answer = await graphql(query);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('the UPDATE that cleared a note records only that property', async () => {
    await editedByEditor();
    const [, cleared] = await events(await admin());
    expect(cleared?.changedProperties).toEqual(['notes']);
    expect(JSON.parse(cleared?.before ?? 'null')).toEqual({ notes: PERSONAL });
    expect(JSON.parse(cleared?.after ?? 'null')).toEqual({ notes: null });
  });
});

const REDACT = `mutation Redact($actor: String, $entityId: ID, $reason: String!) { redactAuditEvents(actor: $actor, entityId: $entityId, reason: $reason) { redactedEvents entityIds } }`;

describe('redactAuditEvents', () => {
  it("blanks an entity's recorded values, keeping their names, and records its own REDACT event", async () => {
    await editedByEditor();
    const answer = await graphql(REDACT, { entityId: ID, reason: 'Subject access request 2026-17' }, await admin());
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.redactAuditEvents).toEqual({ redactedEvents: 2, entityIds: [ID] });
    const after = await events(await admin());
    expect(JSON.stringify(after)).not.toContain('Jane Example');
    expect(JSON.parse(after[0]?.after ?? '{}')).toMatchObject({ notes: REDACTED_VALUE, name: REDACTED_VALUE });
    expect(JSON.parse(after[1]?.before ?? '{}')).toEqual({ notes: REDACTED_VALUE });
    expect(after[2]).toMatchObject({ action: 'REDACT', actor: 'admin@example.org' });
    expect(JSON.parse(after[2]?.after ?? '{}')).toEqual({ reason: 'Subject access request 2026-17', redactedEvents: 2 });
  });

  it("replaces an actor's subject with `redacted` wherever it appears", async () => {
    const subject = await editedByEditor();
    const answer = await graphql(REDACT, { actor: subject, reason: 'The editor left and asked to be forgotten' }, await admin());
    expect(answer.body.data?.redactAuditEvents).toEqual({ redactedEvents: 2, entityIds: [ID] });
    const [row] = await api.db.run<{ n: number }>('MATCH (a:AuditEvent {actor: $subject}) RETURN count(a) AS n', { subject });
    expect(row?.n).toBe(0);
    expect((await events(await admin())).map((event) => event.actor)).toEqual([REDACTED, REDACTED, 'admin@example.org']);
    expect((await events()).map((event) => event.actor).slice(0, 2)).toEqual([REDACTED, REDACTED]);
  });

  it.each([
    ['an editor', 'FORBIDDEN', () => editorOf('editor@lancashire.gov.uk')],
    ['an anonymous client', 'UNAUTHENTICATED', async () => undefined],
  ])('is refused to %s, changing nothing', async (_name, code, bearer) => {
    await editedByEditor();
    const before = JSON.stringify([await events(await admin()), await graphFingerprint(api.db), await auditEventCount(api.db)]);
    const answer = await graphql(REDACT, { entityId: ID, reason: 'Not allowed' }, await bearer());
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify([await events(await admin()), await graphFingerprint(api.db), await auditEventCount(api.db)])).toBe(before);
  });

  it('needs an actor or an entity id, and a reason the text rule accepts', async () => {
    await editedByEditor();
    const bearer = await admin();
    expect((await graphql(REDACT, { reason: 'Everything' }, bearer)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graphql(REDACT, { entityId: ID, reason: '' }, bearer)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
