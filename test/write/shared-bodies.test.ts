/**
 * Shared bodies (issue 14 item 2): a police force, a commissioner or a county-wide board that
 * serves several partnerships belongs to none of them, so no partnership's editor may change it,
 * not even Lancashire's, whose agreement names it; an admin may. Before, they belonged to the first
 * dataset that loaded them and that partnership's editors could rename the county's police force.
 */
import { describe, expect, it } from 'vitest';
import { auditEventCount, graphFingerprint, lancashireEditor, postGraphql, token, type Answer } from '../support/auth.js';
import { useSignedInApi } from '../support/signed-in-api.js';

const { api, scope } = useSignedInApi();
const admin = () => token({ roles: ['admin'] }, { subject: 'admin@golden-thread.org' });
const graphql = (query: string, variables: Record<string, unknown>, bearer: string): Promise<Answer> => postGraphql(api.url, query, variables, bearer);

const UPDATE_ORGANISATION = `mutation Notes($id: ID!) {
  updateOrganisations(where: { id: { eq: $id } }, update: { notes: { set: "changed by a test" } }) { organisations { id notes } }
}`;
const UPDATE_BOARD = `mutation Notes($id: ID!) {
  updateBoards(where: { id: { eq: $id } }, update: { notes: { set: "changed by a test" } }) { boards { id notes } }
}`;

describe('shared bodies', () => {
  it.each([
    ['the police force', UPDATE_ORGANISATION, 'lancashire-constabulary'],
    ['the commissioner', UPDATE_ORGANISATION, 'lancashire-police-and-crime-commissioner'],
    ['a county-wide board', UPDATE_BOARD, 'lancashire-safeguarding-children-board'],
  ])("refuses Lancashire's editor changing %s, and writes nothing", async (_, mutation, id) => {
    const before = await graphFingerprint(api.db);
    const events = await auditEventCount(api.db);
    const { body } = await graphql(mutation, { id }, await lancashireEditor());
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await graphFingerprint(api.db)).toBe(before);
    expect(await auditEventCount(api.db)).toBe(events);
  });

  it("still lets Lancashire's editor change the partnership's own council, and an admin the police force", async () => {
    await scope().changes('lancashire-county-council', 'lancashire-constabulary');
    const own = await graphql(UPDATE_ORGANISATION, { id: 'lancashire-county-council' }, await lancashireEditor());
    expect(own.body.errors).toBeUndefined();
    const shared = await graphql(UPDATE_ORGANISATION, { id: 'lancashire-constabulary' }, await admin());
    expect(shared.body.errors).toBeUndefined();
    expect(shared.body.data?.updateOrganisations).toEqual({ organisations: [{ id: 'lancashire-constabulary', notes: 'changed by a test' }] });
  });
});
