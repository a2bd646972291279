/**
 * The pure parts of compare and of answer provenance: how wordings are matched, which ids are
 * read, what the answer's provenance is taken from, and the JSON-LD pack's seal.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMPARE_MAX_AGREEMENTS, compareCost, compareIds, wordingKey } from '../../src/operations/compare.js';
import { answerSources, PACK_CHECKSUM, sealJsonLd, stamp } from '../../src/operations/provenance.js';
import { GoldenThreadError } from '../../src/errors.js';

describe('wordingKey', () => {
  it('meets case, hyphens, spaces, accents and & but keeps different words apart', () => {
    expect(wordingKey('Anti-Social Behaviour')).toBe(wordingKey('Antisocial behaviour'));
    expect(wordingKey('Re-offending')).toBe(wordingKey('Reoffending'));
    expect(wordingKey('Drugs & Alcohol')).toBe(wordingKey('drugs and alcohol'));
    expect(wordingKey('Cam-drin domestig')).toBe(wordingKey('cam drin domestig'));
    expect(wordingKey('Cymuned ddiogel')).not.toBe(wordingKey('Cymuned'));
    expect(wordingKey('Serious violence')).not.toBe(wordingKey('Violent crime'));
  });
});

describe('compareIds', () => {
  const code = (value: unknown) => {
    try {
      compareIds(value);
      return 'accepted';
    } catch (error) {
      return error instanceof GoldenThreadError ? error.code : 'other';
    }
  };

  it(`takes ${COMPARE_MAX_AGREEMENTS} distinct ids and refuses one more; repeats count once, in the order first given`, () => {
    const ids = Array.from({ length: COMPARE_MAX_AGREEMENTS }, (_, i) => `a${i}`);
    expect(compareIds(ids)).toEqual(ids);
    expect(code([...ids, 'one-more'])).toBe('BAD_USER_INPUT');
    expect(compareIds(['b', 'a', 'b', ...Array.from({ length: 100 }, () => 'a')])).toEqual(['b', 'a']);
    expect(code([])).toBe('BAD_USER_INPUT');
    expect(code(['a', ' '])).toBe('BAD_USER_INPUT');
  });

  it('is priced per agreement, capped at the limit', () => {
    expect(compareCost({ agreementIds: ['a'] }, 10)).toBe(160);
    expect(compareCost({ agreementIds: Array.from({ length: 1000 }, () => 'a') }, 0)).toBe(150 * COMPARE_MAX_AGREEMENTS);
  });
});

describe('provenance', () => {
  it('reads the entities an answer names and the datasets its evidence names, wherever they sit', () => {
    const answer = {
      agreement: { id: 'ag', type: 'AGREEMENT', name: 'A' },
      rows: [{ steps: [{ from: { id: 'x', type: 'ACTIVITY', name: 'X' }, evidence: { assertedBy: 'DATASET', dataset: 'legal', source: 's' } }] }],
      csv: 'id,name',
    };
    expect(answerSources(answer)).toEqual({ ids: ['ag', 'x'], datasets: ['legal'] });
  });

  it('stamps when the answer was made and keeps an answer’s own asOf', () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    expect(stamp({ a: 1 }, '2015-01-01', now)).toEqual({ a: 1, generatedAt: '2026-01-02T03:04:05.000Z', asOf: '2015-01-01' });
    expect(stamp({ asOf: '2014-06-01' }, null, now).asOf).toBe('2014-06-01');
  });

  it('seals a JSON-LD pack with a SHA-256 of its compact content, which any change breaks', () => {
    const sealed = sealJsonLd(
      JSON.stringify({ '@context': { gt: 'x' }, '@graph': [{ '@id': '_:a', 'rdfs:label': 'Café' }] }),
      { generatedAt: '2026-01-02T03:04:05.000Z', asOf: null },
      {
        datasets: [{ id: 'd', checksum: 'c'.repeat(64), importedAt: '2026-01-01T00:00:00Z', files: 1, entities: 2, relationships: 3 }],
        lastChangeId: null,
        lastChangeAt: null,
      },
    );
    const pack = JSON.parse(sealed) as Record<string, unknown>;
    const claimed = pack[PACK_CHECKSUM];
    delete pack[PACK_CHECKSUM];
    expect(createHash('sha256').update(JSON.stringify(pack)).digest('hex')).toBe(claimed);
    expect(pack['gt:datasets']).toEqual([
      {
        '@id': 'https://golden-thread.uk/id/dataset/d',
        '@type': 'prov:Entity',
        'gt:dataset': 'd',
        'gt:sha256': 'c'.repeat(64),
        'gt:importedAt': { '@value': '2026-01-01T00:00:00Z', '@type': 'xsd:dateTime' },
        'gt:licence': 'unknown',
      },
    ]);
    // Sealing again replaces the seal rather than hashing the old one in.
    expect(
      JSON.parse(sealJsonLd(sealed, { generatedAt: '2026-01-02T03:04:05.000Z', asOf: null }, { datasets: [], lastChangeId: null, lastChangeAt: null })),
    ).not.toHaveProperty('gt:contentSha256', claimed);
  });
});
