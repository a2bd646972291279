import { describe, expect, it } from 'vitest';
import type { EntityChange, EntityState, RelationshipState } from '../../src/schema/audit-trail.js';
import type { Claims } from '../../src/schema/credentials.js';
import { createdIds, MAX_ENTITIES_PER_MUTATION, refuseDeepNesting, requireWhere } from '../../src/schema/mutation-input.js';
import { refuseBeforeChange, refuseForeignChanges, requireEditor } from '../../src/schema/ownership.js';

const MINE = 'lancashire';
const editor: Claims = { sub: 'e', roles: ['editor'], partnership: MINE };
const admin: Claims = { sub: 'a', roles: ['admin'] };

const state = (id: string, partnership: string | undefined, relationships: RelationshipState[] = []): EntityState => ({
  id,
  type: 'Activity',
  properties: partnership === undefined ? { id } : { id, partnership },
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
});
