import { describe, expect, it } from 'vitest';
import type { EntityChange, EntityState, RelationshipState } from '../../src/schema/audit-trail.js';
import type { Claims } from '../../src/schema/credentials.js';
import { legalLayerReason, linkRefusal } from '../../src/model/index.js';
import {
  createdIds,
  limitRelationships,
  MAX_ENTITIES_PER_MUTATION,
  refuseDeepNesting,
  requireLinkWhere,
  requireWhere,
} from '../../src/schema/mutation-input.js';
import { refuseBeforeChange, refuseForeignChanges, requireEditor } from '../../src/schema/ownership.js';

const MINE = 'lancashire';
const editor: Claims = { sub: 'e', roles: ['editor'], partnership: MINE };
const admin: Claims = { sub: 'a', roles: ['admin'] };

const state = (
  id: string,
  partnership: string | undefined,
  relationships: RelationshipState[] = [],
  type = 'ACTIVITY',
  extra: Record<string, unknown> = {},
): EntityState => ({
  id,
  type,
  properties: partnership === undefined ? { id, ...extra } : { id, partnership, ...extra },
  relationships,
});
const link = (other: string, otherPartnership: string | null): RelationshipState => ({
  direction: 'OUT',
  type: 'DISCHARGES',
  other,
  otherPartnership,
  evidence: {},
});
const update = (before: EntityState, changes: Partial<EntityChange>): EntityChange => ({
  id: before.id,
  type: before.type,
  action: 'UPDATE',
  before,
  after: before,
  changedProperties: [],
  added: [],
  removed: [],
  ...changes,
});

const codeOf = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return (error as { extensions?: { code?: unknown } }).extensions?.code;
  }
  return 'OK';
};

describe('who may change the graph', () => {
  it('needs a token, then the editor or admin role, and an editor needs a partnership', () => {
    expect(codeOf(() => requireEditor(undefined, 'updateActivities'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireEditor({ sub: 'r', roles: ['reader'] }, 'updateActivities'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireEditor({ sub: 'e', roles: ['editor'] }, 'updateActivities'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireEditor(editor, 'updateActivities'))).toBe('OK');
    expect(codeOf(() => requireEditor(admin, 'updateActivities'))).toBe('OK');
  });
});

describe('before the change', () => {
  const before = new Map([
    ['mine', state('mine', MINE)],
    ['national', state('national', undefined)],
  ]);

  it('lets an editor create only in their partnership, and names an id that exists', () => {
    expect(codeOf(() => refuseBeforeChange('create', { input: [{ id: 'new', partnership: MINE }] }, new Set(), new Map(), editor))).toBe('OK');
    expect(codeOf(() => refuseBeforeChange('create', { input: [{ id: 'new', partnership: 'cumbria' }] }, new Set(), new Map(), editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseBeforeChange('create', { input: [{ id: 'new' }] }, new Set(), new Map(), editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseBeforeChange('create', { input: [{ id: 'mine', partnership: MINE }] }, new Set(), before, editor))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => refuseBeforeChange('create', { input: [{ id: 'new' }] }, new Set(), new Map(), admin))).toBe('OK');
  });

  it("refuses an editor's property change or delete of another's entity, but not a link from it", () => {
    expect(codeOf(() => refuseBeforeChange('update', { update: { notes: {} } }, new Set(['discharges']), before, editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseBeforeChange('delete', {}, new Set(), before, editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseBeforeChange('update', { update: { discharges: [] } }, new Set(['discharges']), before, editor))).toBe('OK');
    expect(codeOf(() => refuseBeforeChange('delete', {}, new Set(), before, admin))).toBe('OK');
  });
});

describe('after the change', () => {
  it('lets an editor link where one end is theirs, never two foreign ends', () => {
    const mine = state('mine', MINE);
    const national = state('national', undefined);
    expect(codeOf(() => refuseForeignChanges([update(mine, { added: [link('duty', null)] })], editor))).toBe('OK');
    expect(codeOf(() => refuseForeignChanges([update(national, { added: [link('mine', MINE)] })], editor))).toBe('OK');
    expect(codeOf(() => refuseForeignChanges([update(national, { added: [link('other-duty', null)] })], editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseForeignChanges([update(national, { added: [link('other-duty', null)] })], admin))).toBe('OK');
  });

  it("refuses a link or unlink that touches another partnership's entity, from either end", () => {
    const mine = state('mine', MINE);
    const theirs = state('theirs', 'cumbria');
    const message = (work: () => unknown): string => {
      try {
        work();
      } catch (error) {
        return (error as Error).message;
      }
      return 'OK';
    };
    expect(codeOf(() => refuseForeignChanges([update(mine, { added: [link('their-agreement', 'cumbria')] })], editor))).toBe('FORBIDDEN');
    expect(message(() => refuseForeignChanges([update(mine, { added: [link('their-agreement', 'cumbria')] })], editor))).toContain('partnership "cumbria"');
    expect(codeOf(() => refuseForeignChanges([update(mine, { removed: [link('their-agreement', 'cumbria')] })], editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseForeignChanges([update(theirs, { added: [link('mine', MINE)] })], editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseForeignChanges([update(mine, { added: [link('mine-too', MINE)] })], editor))).toBe('OK');
    expect(codeOf(() => refuseForeignChanges([update(mine, { added: [link('their-agreement', 'cumbria')] })], admin))).toBe('OK');
  });

  it('states the linking rule once: both ends mine, or mine and shared; never another partnership, never only shared', () => {
    expect(linkRefusal(MINE, MINE, MINE)).toBeUndefined();
    expect(linkRefusal(MINE, MINE, null)).toBeUndefined();
    expect(linkRefusal(MINE, null, MINE)).toBeUndefined();
    expect(linkRefusal(MINE, MINE, 'cumbria')).toEqual({ touches: 'another partnership', partnership: 'cumbria' });
    expect(linkRefusal(MINE, 'cumbria', null)).toEqual({ touches: 'another partnership', partnership: 'cumbria' });
    expect(linkRefusal(MINE, null, null)).toEqual({ touches: 'only shared data' });
  });

  it("refuses an editor's entity in the legal layer: its types, a national strategy, legislation.gov.uk's namespaces; an admin may", () => {
    const created = (entity: EntityState): EntityChange => ({ ...update(entity, {}), action: 'CREATE', before: undefined, changedProperties: ['id'] });
    for (const entity of [
      state('ukpga/2099/1', MINE, [], 'LEGISLATION'),
      state('fabricated-duty', MINE, [], 'DUTY'),
      state('fabricated-section', MINE, [], 'PROVISION'),
      state('our-national-plan', MINE, [], 'STRATEGY', { scope: 'NATIONAL' }),
      state('uksi/2099/5', MINE),
      state('asp/2099/1', MINE),
      state('nisi/2099/1', MINE),
    ]) {
      expect(codeOf(() => refuseForeignChanges([created(entity)], editor))).toBe('FORBIDDEN');
      expect(codeOf(() => refuseForeignChanges([created(entity)], admin))).toBe('OK');
    }
    expect(codeOf(() => refuseForeignChanges([created(state('our-local-plan', MINE, [], 'STRATEGY', { scope: 'LOCAL' }))], editor))).toBe('OK');
    expect(codeOf(() => refuseForeignChanges([created(state('ukpga-reading-group', MINE))], editor))).toBe('OK');
    const localMadeNational = update(state('our-plan', MINE, [], 'STRATEGY', { scope: 'LOCAL' }), {
      after: state('our-plan', MINE, [], 'STRATEGY', { scope: 'NATIONAL' }),
      changedProperties: ['scope'],
    });
    expect(codeOf(() => refuseForeignChanges([localMadeNational], editor))).toBe('FORBIDDEN');
    // Linking one's own work to a duty is the product: the duty's side of the link is not a change to the duty.
    expect(codeOf(() => refuseForeignChanges([update(state('duty', undefined, [], 'DUTY'), { added: [link('mine', MINE)] })], editor))).toBe('OK');
    expect(legalLayerReason({ type: 'Activity', id: 'ukpga' })).toBeDefined();
    expect(legalLayerReason({ type: 'Activity', id: 'lancashire-csa-2014-2016/activity/1' })).toBeUndefined();
  });

  it("refuses moving an entity to another partnership, or changing another's properties", () => {
    const mine = state('mine', MINE);
    expect(codeOf(() => refuseForeignChanges([update(mine, { after: state('mine', 'cumbria'), changedProperties: ['partnership'] })], editor))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => refuseForeignChanges([update(state('theirs', 'cumbria'), { changedProperties: ['notes'] })], editor))).toBe('FORBIDDEN');
    expect(codeOf(() => refuseForeignChanges([update(mine, { changedProperties: ['notes'] })], editor))).toBe('OK');
  });
});

describe('mutation input', () => {
  it('refuses a connect nested inside another, an empty where, and too many entities', () => {
    expect(codeOf(() => refuseDeepNesting({ discharges: [{ connect: [{ where: {} }] }] }))).toBe('OK');
    expect(codeOf(() => refuseDeepNesting({ discharges: [{ connect: [{ connect: { x: [] } }] }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireWhere('deleteActivities', 'delete', {}))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireWhere('createActivities', 'create', undefined))).toBe('OK');
    expect(createdIds({ input: [{ id: 'a' }, { id: 'b' }] })).toEqual(['a', 'b']);
    expect(codeOf(() => createdIds({ input: Array.from({ length: MAX_ENTITIES_PER_MUTATION + 1 }, (_, i) => ({ id: String(i) })) }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a connect or disconnect that names nothing, which would link every entity of the type', () => {
    const named = { where: { node: { id: { eq: 'duty' } } } };
    expect(codeOf(() => requireLinkWhere([{ id: 'a', discharges: { connect: [named] } }]))).toBe('OK');
    expect(codeOf(() => requireLinkWhere({ discharges: [{ connect: [named], disconnect: [named] }] }))).toBe('OK');
    expect(codeOf(() => requireLinkWhere([{ id: 'a', discharges: { connect: [{ edge: { basis: 'INFERRED' } }] } }]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireLinkWhere({ discharges: [{ connect: [{ where: { node: {} } }] }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireLinkWhere({ discharges: [{ disconnect: [{ where: { node: { id: {} } } }] }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireLinkWhere({ discharges: [{ disconnect: [{}] }] }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a mutation that creates or removes more relationships than the bound, counting both', () => {
    expect(codeOf(() => limitRelationships(MAX_ENTITIES_PER_MUTATION, 0))).toBe('OK');
    expect(codeOf(() => limitRelationships(MAX_ENTITIES_PER_MUTATION - 1, 1))).toBe('OK');
    expect(codeOf(() => limitRelationships(MAX_ENTITIES_PER_MUTATION + 1, 0))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => limitRelationships(MAX_ENTITIES_PER_MUTATION, 1))).toBe('BAD_USER_INPUT');
  });
});
