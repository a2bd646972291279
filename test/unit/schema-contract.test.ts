/**
 * The schema contract's rule on small schemas: a removal is breaking, and passes only when
 * CHANGELOG.md, above the release it diffs against, names it with a deprecation period.
 */
import { describe, expect, it } from 'vitest';
import { checkContract, latestRelease, linesSince, releaseOf } from '../support/schema-contract.js';

const RELEASED = `# Release 0.1.0
type Query {
  search(text: String!): [String!]
  old: String @deprecated(reason: "Use search.")
  kept: String
}
input Where { id_EQ: ID @deprecated(reason: "Use id.") id: ID name: String }
`;
const WITHOUT_OLD = RELEASED.replace(/ {2}old: .*\n/, '');
const WITHOUT_KEPT = RELEASED.replace(/ {2}kept: .*\n/, '');

const changelog = (unreleased: string) => `# Changelog

## 0.2.0 (unreleased)

${unreleased}

## 0.1.0 - 2026-12-02

- Removed \`Query.kept\` (deprecated since 0.0.1): a line under the release itself excuses nothing after it.
`;
const since = (text: string) => linesSince(text, '0.1.0');

describe('schema contract', () => {
  it('reads the release a baseline is from and the latest dated release', () => {
    expect(releaseOf(RELEASED)).toBe('0.1.0');
    expect(releaseOf('# Release 0.2.0: the schema as released\ntype Query { a: Int }')).toBe('0.2.0');
    expect(latestRelease(changelog(''))).toBe('0.1.0');
    expect(() => linesSince(changelog(''), '0.0.9')).toThrow(/no "## 0.0.9" heading/);
  });

  it('reports nothing for the same schema, and an added field is not breaking', async () => {
    expect(await checkContract(RELEASED, RELEASED, [])).toEqual({ breaking: [], unrecorded: [] });
    const added = RELEASED.replace('kept: String', 'kept: String\n  more: Int');
    expect((await checkContract(RELEASED, added, [])).breaking).toEqual([]);
  });

  it('reports a removed field as breaking, and fails without a CHANGELOG line', async () => {
    const verdict = await checkContract(RELEASED, WITHOUT_OLD, since(changelog('')));
    expect(verdict.breaking.map((change) => change.path)).toEqual(['Query.old']);
    expect(verdict.unrecorded.map((change) => change.path)).toEqual(['Query.old']);
  });

  it('passes with a line that names it and its deprecation period', async () => {
    const verdict = await checkContract(RELEASED, WITHOUT_OLD, since(changelog('- Removed `Query.old` (deprecated since 0.1.0; use `Query.search`).')));
    expect(verdict.breaking).toHaveLength(1);
    expect(verdict.unrecorded).toEqual([]);
  });

  it('reads a list item wrapped over several lines as one entry, but not the next item', async () => {
    const wrapped = '- Removed the old field, deprecated since\n  0.1.0 (use search):\n  `Query.old`.';
    expect((await checkContract(RELEASED, WITHOUT_OLD, since(changelog(wrapped)))).unrecorded).toEqual([]);
    const split = '- Deprecated since 0.1.0: the old field.\n- Removed `Query.old`.';
    expect((await checkContract(RELEASED, WITHOUT_OLD, since(changelog(split)))).unrecorded).toHaveLength(1);
  });

  it('fails with a line that names it but no deprecation period, or names another field', async () => {
    expect((await checkContract(RELEASED, WITHOUT_OLD, since(changelog('- Removed `Query.old`.')))).unrecorded).toHaveLength(1);
    expect((await checkContract(RELEASED, WITHOUT_OLD, since(changelog('- Removed `Query.olde` (deprecated since 0.1.0).')))).unrecorded).toHaveLength(1);
  });

  it('counts no line under the released version itself', async () => {
    const verdict = await checkContract(RELEASED, WITHOUT_KEPT, since(changelog('')));
    expect(verdict.unrecorded.map((change) => change.path)).toEqual(['Query.kept']);
  });

  it('lets a pattern record the removal of deprecated fields only', async () => {
    const line = '- Removed the old filters (deprecated since 0.1.0): `*.*_EQ`, `Query.*`.';
    const filters = await checkContract(RELEASED, RELEASED.replace('id_EQ: ID @deprecated(reason: "Use id.") ', ''), since(changelog(line)));
    expect(filters.breaking.map((change) => change.path)).toEqual(['Where.id_EQ']);
    expect(filters.unrecorded).toEqual([]);
    // `Query.*` matches Query.kept, but kept was never deprecated: a pattern cannot excuse it.
    const kept = await checkContract(RELEASED, WITHOUT_KEPT, since(changelog(line)));
    expect(kept.unrecorded.map((change) => change.path)).toEqual(['Query.kept']);
  });

  it('reports a changed argument type and a removed type as breaking, by path', async () => {
    const changed = RELEASED.replace('search(text: String!)', 'search(text: Int!)').replace(/input Where .*\n/, '');
    const verdict = await checkContract(RELEASED, changed, []);
    expect(verdict.breaking.map((change) => change.path).sort()).toEqual(['Query.search.text', 'Where']);
  });
  it('lets a pattern cover a type only deprecated members led to, and not one a kept member uses', async () => {
    const released = `# Release 0.1.0
type Query {
  a(where: OldInput): Int @deprecated(reason: "Use b.")
  b(where: KeptInput): Int
  c(where: SharedInput): Int @deprecated(reason: "Use b.")
  d(where: SharedInput): Int
}
input OldInput { AND: [OldInput!] x: Int }
input KeptInput { y: Int }
input SharedInput { z: Int }
`;
    const today = `type Query { b(where: KeptInput): Int d(where: KeptInput): Int }\ninput KeptInput { y: Int }\n`;
    const verdict = await checkContract(released, today, since(changelog('- Removed `Query.*`, `*Input`, deprecated since 0.1.0.')));
    expect(verdict.unrecorded.map((change) => change.path).sort()).toEqual(['Query.d.where', 'SharedInput']);
  });
});
