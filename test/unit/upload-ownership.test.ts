import { describe, expect, it } from 'vitest';
import { relationshipKey, removalRefusal, uploadRefusal, type OwnedEntity } from '../../src/http/upload-ownership.js';
import type { SeedEntity, SeedRelationship } from '../../src/seed/model.js';
import type { CheckedRun } from '../../src/seed/validate.js';

const MINE = 'lancashire-community-safety-strategy-group';
const THEIRS = 'cumbria-community-safety-partnership';
const DATASET = 'our-plan';

function run(entities: Partial<SeedEntity>[], relationships: Partial<SeedRelationship>[] = [], partnership: string | null = MINE): CheckedRun {
  const at = (value: unknown, index: number) => ({ file: 'plan.yaml', path: `/x/${index}`, dataset: DATASET, value });
  return {
    entities: entities.map((entity, index) => at({ type: 'Activity', name: 'An activity', ...entity }, index)) as CheckedRun['entities'],
    relationships: relationships.map((relationship, index) => at({ basis: 'INFERRED', source: 'test', ...relationship }, index)) as CheckedRun['relationships'],
    datasets: new Map([[DATASET, ['plan.yaml']]]),
    partnerships: partnership === null ? new Map() : new Map([[DATASET, partnership]]),
  };
}

const graph = (entries: [string, OwnedEntity][]) => new Map(entries);

describe('what an editor may upload', () => {
  it('allows their own entities, linked to each other and to shared national data', () => {
    const files = run(
      [{ id: 'our-plan/activity/1' }, { id: 'our-plan/agreement', type: 'Agreement' }],
      [
        { from: 'our-plan/agreement', type: 'HAS_ACTIVITY', to: 'our-plan/activity/1' },
        { from: 'our-plan/activity/1', type: 'DISCHARGES', to: 'duty-x' },
      ],
    );
    expect(uploadRefusal(files, DATASET, MINE, graph([['duty-x', { partnership: null, dataset: 'uk-legal-basis' }]]), [MINE])).toBeUndefined();
  });

  it("names another partnership's entity, a shared one, and a legal-layer type", () => {
    const files = run([
      { id: 'their/activity/1' },
      { id: 'national-strategy', type: 'Strategy' },
      { id: 'our-plan/duty', type: 'Duty' },
      { id: 'ukpga/1998/37', type: 'Activity' },
    ]);
    const refusal = uploadRefusal(
      files,
      DATASET,
      MINE,
      graph([
        ['their/activity/1', { partnership: THEIRS, dataset: 'their-plan' }],
        ['national-strategy', { partnership: null, dataset: 'uk-legal-basis' }],
      ]),
      [],
    );
    expect(refusal?.ids).toEqual(['national-strategy', 'our-plan/duty', 'their/activity/1', 'ukpga/1998/37']);
    expect(refusal?.reasons.join('\n')).toMatch(/"their\/activity\/1" belongs to partnership "cumbria-community-safety-partnership"/);
    expect(refusal?.reasons.join('\n')).toMatch(/"national-strategy" belongs to shared national data/);
    expect(refusal?.reasons.join('\n')).toMatch(/"our-plan\/duty" cannot be uploaded by an editor: a Duty is part of the legal layer/);
  });

  it('refuses links that touch another partnership or join two shared entities', () => {
    const files = run(
      [{ id: 'our-plan/activity/1' }],
      [
        { from: 'their/agreement', type: 'HAS_ACTIVITY', to: 'our-plan/activity/1' },
        { from: 'strategy-a', type: 'SUPPORTS', to: 'strategy-b' },
      ],
    );
    const refusal = uploadRefusal(
      files,
      DATASET,
      MINE,
      graph([
        ['their/agreement', { partnership: THEIRS, dataset: 'their-plan' }],
        ['strategy-a', { partnership: null, dataset: 'uk-legal-basis' }],
        ['strategy-b', { partnership: null, dataset: 'uk-legal-basis' }],
      ]),
      [],
    );
    expect(refusal?.reasons).toHaveLength(2);
    expect(refusal?.reasons[0]).toContain(
      'their/agreement -[HAS_ACTIVITY]-> our-plan/activity/1 touches an entity of partnership "cumbria-community-safety-partnership"',
    );
    expect(refusal?.reasons[1]).toContain('strategy-a -[SUPPORTS]-> strategy-b joins two entities of shared national data');
  });

  it('checks only what the upload would add or change: a link it restates unchanged passes, the same link new is refused', () => {
    const restated = { from: 'board-a', type: 'SERVES', to: 'area-b' };
    const files = run([{ id: 'our-plan/activity/1' }], [restated]);
    const owners = graph([
      ['board-a', { partnership: null, dataset: 'shared-bodies' }],
      ['area-b', { partnership: null, dataset: 'shared-bodies' }],
    ]);
    const unchanged = { entities: new Set<string>(), relationships: new Set<string>() };
    expect(uploadRefusal(files, DATASET, MINE, owners, [MINE], unchanged)).toBeUndefined();
    const added = { entities: new Set(['our-plan/activity/1']), relationships: new Set([relationshipKey(restated)]) };
    expect(uploadRefusal(files, DATASET, MINE, owners, [MINE], added)?.reasons[0]).toContain(
      'board-a -[SERVES]-> area-b joins two entities of shared national data',
    );
    // Whose dataset it is holds whatever the diff: naming another partnership is refused even with nothing to change.
    expect(uploadRefusal(run([], [], THEIRS), DATASET, MINE, owners, [], unchanged)?.reasons[0]).toContain(
      'partnership "cumbria-community-safety-partnership"',
    );
  });

  it('refuses files that name another partnership, or a dataset the graph holds for one', () => {
    expect(uploadRefusal(run([], [], THEIRS), DATASET, MINE, graph([]), [])?.reasons[0]).toContain('partnership "cumbria-community-safety-partnership"');
    expect(uploadRefusal(run([], [], null), DATASET, MINE, graph([]), [])?.reasons[0]).toContain('name no partnership');
    expect(uploadRefusal(run([]), DATASET, MINE, graph([]), [MINE, THEIRS])?.reasons[0]).toContain(
      `Dataset "${DATASET}" in the graph belongs to partnership "${THEIRS}"`,
    );
  });

  it('lets a whole upload drop its own links, but not one that reaches another partnership', () => {
    const owners = graph([
      ['our-plan/activity/1', { partnership: MINE, dataset: DATASET }],
      ['duty-x', { partnership: null, dataset: 'uk-legal-basis' }],
      ['their/agreement', { partnership: THEIRS, dataset: 'their-plan' }],
    ]);
    expect(removalRefusal([{ from: 'our-plan/activity/1', type: 'DISCHARGES', to: 'duty-x' }], MINE, owners)).toBeUndefined();
    const refusal = removalRefusal([{ from: 'their/agreement', type: 'HAS_ACTIVITY', to: 'our-plan/activity/1' }], MINE, owners);
    expect(refusal?.ids).toEqual(['our-plan/activity/1', 'their/agreement']);
    expect(refusal?.reasons[0]).toContain('may not remove it');
  });
});
