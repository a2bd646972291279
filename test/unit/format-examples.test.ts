/**
 * What real plans say (issue 14 item 1), through the seed validator without a database: every
 * YAML example in seed/FORMAT.md validates against the committed seed, and one misuse of each new
 * construct is refused with its path and reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { CYPHER_FRAGMENTS, NOT_BACKING_KINDS, STRATEGY_KIND, enumValues, isGrounding, isNationalStrategy } from '../../src/model/index.js';
import type { SeedFile } from '../../src/seed/model.js';
import { listSeedFiles, parseSeedFile, type SeedProblem } from '../../src/seed/read.js';
import { collect, referenceProblems, schemaProblems, type ExistingEntity } from '../../src/seed/validate.js';
import { SEED_DIR } from '../support/seed-graph.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-unit-format-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The committed seed, as the graph a new file is checked against. */
const existing: ReadonlyMap<string, ExistingEntity> = (() => {
  const parsed = listSeedFiles([SEED_DIR]).files.flatMap((file) => {
    const { parsed: p } = parseSeedFile(file);
    return p ? [{ file, data: p.data as SeedFile }] : [];
  });
  return new Map(collect(parsed).run.entities.map(({ dataset, value }) => [value.id, { type: value.type, dataset }]));
})();

let written = 0;
/** Every problem the validator finds in one seed file: shape, then cross-file, then references. */
function problems(text: string): string[] {
  const file = path.join(dir, `file-${(written += 1)}.yaml`);
  fs.writeFileSync(file, text);
  const { parsed, problems: parseProblems } = parseSeedFile(file);
  const say = (list: readonly SeedProblem[]) => list.map((p) => `${p.path} ${p.reason}`);
  if (!parsed) return say(parseProblems);
  const shape = schemaProblems(parsed);
  if (shape.length > 0) return say(shape);
  const checked = collect([{ file, data: parsed.data as SeedFile }]);
  return say([...checked.problems, ...referenceProblems(checked.run, existing)]);
}

const examples = [...fs.readFileSync(path.join(PROJECT_ROOT, 'seed', 'FORMAT.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('the seed format examples', () => {
  it('has an example for each thing real plans say', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples.map((text, i) => [i + 1, text] as const))('example %i validates against the committed seed', (_, text) => {
    expect(problems(text)).toEqual([]);
  });
});

const agreement = (id: string) => `  - {id: ${id}, type: Agreement, name: An agreement}`;

/** One construct: a file that uses it and validates, and a misuse that is refused. */
const constructs: { name: string; good: string; bad: string; refused: RegExp }[] = [
  {
    name: 'evidence that names its document',
    good: [
      'dataset: t',
      'entities:',
      agreement('t-plan'),
      '  - {id: t-plan/document/refresh, type: Document, kind: REFRESH, name: Annual refresh, published: "2025-12-01", publishedPrecision: MONTH, language: en}',
      'relationships:',
      '  - {from: t-plan, type: DOCUMENTED_IN, to: t-plan/document/refresh, basis: STATED, source: Introduction, quote: "this refresh", document: t-plan/document/refresh}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      agreement('t-plan'),
      'relationships:',
      '  - {from: t-plan, type: CITES, to: ukpga/1998/37, basis: STATED, source: Introduction, quote: "the Act", document: "Plan pages, 2023"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/document "document" must match/,
  },
  {
    name: 'a date known to the month',
    good: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodEnd: "2029-03-01", periodEndPrecision: MONTH}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodEnd: "2029-03-31", periodEndPrecision: MONTH}'].join('\n'),
    refused: /^\/entities\/0\/periodEnd "periodEnd" must match \^\\d\{4\}-\\d\{2\}-01\$/,
  },
  {
    name: 'a date known to the year',
    good: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodStart: "2018-01-01", periodStartPrecision: YEAR}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodStart: "2018-04-01", periodStartPrecision: YEAR}'].join('\n'),
    refused: /^\/entities\/0\/periodStart "periodStart" must match/,
  },
  {
    name: 'a precision with no date',
    good: ['dataset: t', 'entities:', '  - {id: t-org, type: Organisation, name: A body, validFrom: "2012-11-01", validFromPrecision: MONTH}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-org, type: Organisation, name: A body, validFromPrecision: MONTH}'].join('\n'),
    refused: /^\/entities\/0 this entity must have property validFrom when property validFromPrecision is present/,
  },
  {
    name: 'a precision that is not one',
    good: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodStart: "2018-01-01", periodStartPrecision: DAY}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-plan, type: Agreement, name: A plan, periodStart: "2018-01-01", periodStartPrecision: QUARTER}'].join('\n'),
    refused: /^\/entities\/0\/periodStartPrecision "periodStartPrecision" must be one of DAY, MONTH, YEAR/,
  },
  {
    name: 'CITES of a section, an organisation and a programme',
    good: [
      'dataset: t',
      'entities:',
      agreement('t-plan'),
      'relationships:',
      '  - {from: t-plan, type: CITES, to: ukpga/1998/37/section/5, basis: STATED, source: Introduction, quote: "Section 5"}',
      '  - {from: t-plan, type: CITES, to: lancashire-constabulary, basis: STATED, source: Introduction, quote: "the police"}',
      '  - {from: t-plan, type: CITES, to: triage, basis: STATED, source: Introduction, quote: "Triage"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/activity/1, type: CITES, to: ukpga/1998/37/section/5, basis: STATED, source: Introduction, quote: "Section 5"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type CITES cannot join an Activity to a Provision/,
  },
  {
    name: 'discharge by an agreement, a board and a strategy',
    good: [
      'dataset: t',
      'entities:',
      agreement('t-plan'),
      '  - {id: t-board, type: Board, kind: VIOLENCE_REDUCTION_UNIT, name: A violence reduction unit}',
      '  - {id: t-strategy, type: Strategy, kind: LOCAL_STRATEGY, scope: LOCAL, name: A serious violence strategy}',
      'relationships:',
      '  - {from: t-plan, type: DISCHARGES, to: duty-cda-1998-s6-crime-disorder-strategy, basis: INFERRED, source: Introduction, note: The plan is the s.6 strategy.}',
      '  - {from: t-board, type: DISCHARGES, to: duty-cda-1998-s6-crime-disorder-strategy, basis: INFERRED, source: Introduction, note: It does the work.}',
      '  - {from: t-strategy, type: DISCHARGES, to: duty-cda-1998-s6-crime-disorder-strategy, basis: INFERRED, source: Introduction, note: It is the strategy.}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-constabulary, type: DISCHARGES, to: duty-cda-1998-s6-crime-disorder-strategy, basis: INFERRED, source: x, note: y}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type DISCHARGES cannot join an Organisation to a Duty/,
  },
  {
    name: 'a review, an assessment, a standard and a report',
    good: [
      'dataset: t',
      'entities:',
      ...['REVIEW', 'ASSESSMENT', 'STANDARD', 'REPORT'].map((k) => `  - {id: t-${k.toLowerCase()}, type: Strategy, kind: ${k}, scope: NATIONAL, name: A ${k}}`),
    ].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-review, type: Strategy, kind: Review, name: A review}'].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of .*REVIEW, ASSESSMENT, STANDARD, REPORT$/,
  },
  {
    name: 'a plain priority',
    good: ['dataset: t', 'entities:', '  - {id: t-plan/priority/asb, type: Priority, kind: PRIORITY, name: Anti-social behaviour}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-plan/priority/asb, type: Priority, kind: THEME, name: Anti-social behaviour}'].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of KEY_ISSUE, CONTRIBUTORY_FACTOR, STATUTORY_REQUIREMENT, PRIORITY$/,
  },
  {
    name: 'wards, localities and hot spots, and what focuses on them',
    good: [
      'dataset: t',
      'entities:',
      '  - {id: t-ward, type: Area, kind: WARD, name: Alway}',
      '  - {id: t-estate, type: Area, kind: LOCALITY, name: Carsic estate}',
      '  - {id: t-centre, type: Area, kind: HOT_SPOT, name: Town centre}',
      '  - {id: t-plan/priority/asb, type: Priority, kind: PRIORITY, name: Anti-social behaviour}',
      'relationships:',
      '  - {from: t-ward, type: PART_OF, to: burnley, basis: EXTERNAL, source: "https://example.org/wards"}',
      '  - {from: t-plan/priority/asb, type: FOCUSES_ON, to: t-centre, basis: STATED, source: Priorities, quote: "the town centre"}',
      '  - {from: lancashire-csa-2014-2016/activity/1, type: FOCUSES_ON, to: t-ward, basis: STATED, source: Priorities, quote: "Alway"}',
      '  - {from: triage, type: FOCUSES_ON, to: t-estate, basis: STATED, source: Priorities, quote: "Carsic estate"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-ward, type: Area, kind: WARD, name: Alway}',
      'relationships:',
      '  - {from: t-ward, type: FOCUSES_ON, to: lancashire-csa-2014-2016/activity/1, basis: STATED, source: Priorities, quote: "Alway"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type FOCUSES_ON cannot join an Area to an Activity/,
  },
  {
    name: 'an area succeeded by others',
    good: [
      'dataset: t',
      'entities:',
      '  - {id: t-old, type: Area, kind: COUNTY, name: Old county, validTo: "2023-03-31"}',
      '  - {id: t-new, type: Area, kind: UNITARY, name: New unitary, validFrom: "2023-04-01"}',
      'relationships:',
      '  - {from: t-old, type: SUCCEEDED_BY, to: t-new, basis: EXTERNAL, source: "https://example.org/order", validFrom: "2023-04-01", note: "In part: three districts passed."}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-old, type: Area, kind: COUNTY, name: Old county}',
      'relationships:',
      '  - {from: t-old, type: SUCCEEDED_BY, to: lancashire-county-council, basis: EXTERNAL, source: "https://example.org/order"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type SUCCEEDED_BY cannot join an Area to an Organisation/,
  },
  {
    name: 'roles held for a time',
    good: [
      'dataset: t',
      'entities:',
      '  - {id: t-role, type: Role, name: Fire and rescue authority}',
      'relationships:',
      '  - {from: t-role, type: DESIGNATED_BY, to: ukpga/2011/13/section/1, basis: EXTERNAL, source: "https://example.org/act"}',
      '  - {from: lancashire-police-and-crime-commissioner, type: HOLDS_ROLE, to: t-role, basis: EXTERNAL, source: "https://example.org/order", validFrom: "2017-10-01", validTo: "2024-05-08"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-role, type: Role, name: Fire and rescue authority}',
      'relationships:',
      '  - {from: lancashire-police-and-crime-commissioner, type: HOLDS_ROLE, to: t-role, basis: EXTERNAL, source: "https://example.org/order", validFrom: "2017-10-01", validTo: "2016-05-08"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/validTo validTo 2016-05-08 is before validFrom 2017-10-01/,
  },
  {
    name: 'a role held by something that is not a body',
    good: ['dataset: t', 'entities:', '  - {id: t-role, type: Role, name: Policing body}'].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-role, type: Role, name: Policing body}',
      'relationships:',
      '  - {from: lancashire-community-safety-strategy-group, type: HOLDS_ROLE, to: t-role, basis: EXTERNAL, source: "https://example.org"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type HOLDS_ROLE cannot join a Board to a Role/,
  },
  {
    name: 'a Chapter of an Act',
    good: [
      'dataset: t',
      'entities:',
      '  - {id: ukpga/2022/32/part/2/chapter/2, type: Provision, kind: CHAPTER, number: "2", name: Offensive weapons homicide reviews}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: ukpga/2022/32/part/2/chapter/2, type: Provision, kind: Chapter, number: "2", name: Offensive weapons homicide reviews}',
    ].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of .*ARTICLE, CHAPTER$/,
  },
  {
    name: 'an activity that produces a strategy',
    good: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/activity/11, type: PRODUCES, to: lancashire-reducing-reoffending-strategy, basis: STATED, source: "Appendix A", quote: "a reducing reoffending strategy"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-reducing-reoffending-strategy, type: PRODUCES, to: lancashire-csa-2014-2016/activity/11, basis: STATED, source: "Appendix A", quote: "a reducing reoffending strategy"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type PRODUCES cannot join a Strategy to an Activity/,
  },
  {
    name: 'the new kinds of board',
    good: [
      'dataset: t',
      'entities:',
      ...['COMBATING_DRUGS_PARTNERSHIP', 'DOMESTIC_ABUSE_LOCAL_PARTNERSHIP_BOARD', 'VIOLENCE_REDUCTION_UNIT', 'PUBLIC_SERVICES_BOARD'].map(
        (k) => `  - {id: t-${k.toLowerCase().replaceAll('_', '-')}, type: Board, kind: ${k}, name: A board}`,
      ),
    ].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-vru, type: Board, kind: VRU, name: A violence reduction unit}'].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of /,
  },
  {
    name: 'an indicator and its baseline, target and actual',
    good: [
      'dataset: t',
      'entities:',
      agreement('t-plan'),
      '  - {id: t-plan/outcome/1, type: Outcome, number: 1, name: Less violence}',
      '  - {id: t-plan/indicator/violence, type: Indicator, name: Most serious violence, unit: incidents, polarity: LOWER_IS_BETTER, dataSource: police recorded crime}',
      '  - {id: t-plan/measurement/1, type: Measurement, kind: BASELINE, name: 2010-11, value: 90, periodStart: "2010-04-01", periodEnd: "2011-03-31"}',
      '  - {id: t-plan/measurement/2, type: Measurement, kind: TARGET, name: Upper target, value: 86, text: "upper target: 86 incidents"}',
      '  - {id: t-plan/measurement/3, type: Measurement, kind: ACTUAL, name: Reported, value: 6000, text: "around 6,000 interactions", periodEnd: "2025-01-01", periodEndPrecision: YEAR}',
      'relationships:',
      '  - {from: t-plan, type: HAS_INDICATOR, to: t-plan/indicator/violence, basis: STATED, source: Targets, quote: "Most serious violence target"}',
      '  - {from: t-plan/indicator/violence, type: MEASURES, to: t-plan/outcome/1, basis: STATED, source: Targets, quote: "Most serious violence target"}',
      '  - {from: t-plan/indicator/violence, type: MEASURES, to: lancashire-csa-2014-2016/priority/anti-social-behaviour, basis: INFERRED, source: Targets, note: same issue}',
      '  - {from: t-plan/indicator/violence, type: MEASURES, to: triage, basis: INFERRED, source: Targets, note: its work}',
      ...[1, 2, 3].map(
        (n) => `  - {from: t-plan/measurement/${n}, type: MEASUREMENT_OF, to: t-plan/indicator/violence, basis: STATED, source: Targets, quote: "86"}`,
      ),
    ].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-plan/measurement/1, type: Measurement, kind: TARGET, name: Upper target, value: "86 incidents"}'].join('\n'),
    refused: /^\/entities\/0\/value "value" must be a number/,
  },
  {
    name: 'a measurement of something other than an indicator',
    good: ['dataset: t', 'entities:', '  - {id: t-plan/measurement/1, type: Measurement, kind: ACTUAL, name: Reported, value: 185}'].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-plan/measurement/1, type: Measurement, kind: ACTUAL, name: Reported, value: 185}',
      'relationships:',
      '  - {from: t-plan/measurement/1, type: MEASURES, to: triage, basis: STATED, source: Review, quote: "185 young people"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type MEASURES cannot join a Measurement to a Programme/,
  },
  {
    name: 'an actor that is not one organisation, engaged and focused on',
    good: [
      'dataset: t',
      'entities:',
      '  - {id: t-plan/actor/landlords, type: Actor, kind: BODIES, name: Private landlords}',
      '  - {id: t-plan/actor/victims, type: Actor, kind: PEOPLE, name: Victims}',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/activity/9, type: ENGAGES, to: t-plan/actor/landlords, basis: STATED, source: Priorities, quote: "landlords"}',
      '  - {from: triage, type: ENGAGES, to: t-plan/actor/landlords, basis: STATED, source: Priorities, quote: "landlords"}',
      '  - {from: lancashire-csa-2014-2016/principle/commissioning, type: ENGAGES, to: t-plan/actor/landlords, basis: STATED, source: Priorities, quote: "landlords"}',
      '  - {from: lancashire-csa-2014-2016/priority/domestic-abuse, type: FOCUSES_ON, to: t-plan/actor/victims, basis: STATED, source: Priorities, quote: "victims"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-plan/actor/landlords, type: Actor, kind: LANDLORDS, name: Private landlords}',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016, type: ENGAGES, to: t-plan/actor/landlords, basis: STATED, source: Priorities, quote: "landlords"}',
    ].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of SECTOR, BODIES, PEOPLE$/,
  },
  {
    name: 'an actor engaged by the agreement itself (only work, not the plan, engages)',
    good: ['dataset: t', 'entities:', '  - {id: t-plan/actor/vcfs, type: Actor, kind: SECTOR, name: Voluntary sector}'].join('\n'),
    bad: [
      'dataset: t',
      'entities:',
      '  - {id: t-plan/actor/vcfs, type: Actor, kind: SECTOR, name: Voluntary sector}',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016, type: ENGAGES, to: t-plan/actor/vcfs, basis: STATED, source: Priorities, quote: "the sector"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type ENGAGES cannot join an Agreement to an Actor/,
  },
  {
    name: 'a cause and what it affects',
    good: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/priority/deprivation, type: AFFECTS, to: lancashire-csa-2014-2016/priority/violent-crime, basis: STATED, source: Our Challenge, quote: "symptoms"}',
      '  - {from: lancashire-csa-2014-2016/priority/serious-organised-crime, type: AFFECTS, to: lancashire-csa-2014-2016/actor/victims, basis: STATED, source: National Context, quote: "It creates victims"}',
      '  - {from: transforming-rehabilitation-2013, type: AFFECTS, to: lancashire-youth-offending-team, basis: STATED, source: National Context, quote: "youth justice services"}',
      '  - {from: transforming-rehabilitation-2013, type: AFFECTS, to: lancashire-youth-justice-management-boards, basis: STATED, source: National Context, quote: "youth justice services"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/activity/1, type: AFFECTS, to: lancashire-csa-2014-2016/priority/anti-social-behaviour, basis: STATED, source: x, quote: y}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type AFFECTS cannot join an Activity to a Priority/,
  },
  {
    name: 'an approach theme and what it applies to',
    good: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: lancashire-csa-2014-2016/priority/health, basis: STATED, source: Our Approach, quote: "health"}',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: lancashire-csa-2014-2016/outcome/1, basis: STATED, source: Our Approach, quote: "cohesive"}',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: triage, basis: STATED, source: Our Approach, quote: "Triage"}',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: lancashire-alcohol-strategy, basis: STATED, source: Our Approach, quote: "alcohol"}',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: lancashire-criminal-justice-board, basis: STATED, source: Our Approach, quote: "board"}',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: lancashire-csa-2014-2016/actor/vcfs, basis: STATED, source: Our Approach, quote: "VCFS"}',
    ].join('\n'),
    bad: [
      'dataset: t',
      'relationships:',
      '  - {from: lancashire-csa-2014-2016/principle/culture, type: APPLIES_TO, to: ukpga/1998/37, basis: STATED, source: Our Approach, quote: "the Act"}',
    ].join('\n'),
    refused: /^\/relationships\/0\/type APPLIES_TO cannot join a Principle to a Legislation/,
  },
  {
    name: 'a measurement kind',
    good: ['dataset: t', 'entities:', '  - {id: t-m, type: Measurement, kind: BASELINE, name: Baseline, value: 0.5}'].join('\n'),
    bad: ['dataset: t', 'entities:', '  - {id: t-m, type: Measurement, kind: FORECAST, name: Forecast, value: 0.5}'].join('\n'),
    refused: /^\/entities\/0\/kind "kind" must be one of BASELINE, TARGET, ACTUAL$/,
  },
];

describe('what real plans say', () => {
  it.each(constructs.map((c) => [c.name, c] as const))('accepts %s', (_, c) => {
    expect(problems(c.good)).toEqual([]);
  });

  it.each(constructs.map((c) => [c.name, c] as const))('refuses a misuse of %s', (_, c) => {
    const found = problems(c.bad);
    expect(
      found.some((p) => c.refused.test(p)),
      found.join('\n'),
    ).toBe(true);
  });
});

describe('the national rule', () => {
  it('names only kinds the model has', () => {
    for (const kind of NOT_BACKING_KINDS) expect(enumValues(STRATEGY_KIND)).toContain(kind);
  });

  it.each(NOT_BACKING_KINDS.map((k) => [k]))('never counts a national %s as national strategy backing', (kind) => {
    expect(isNationalStrategy({ type: 'STRATEGY', scope: 'NATIONAL', kind })).toBe(false);
    expect(isGrounding({ type: 'STRATEGY', scope: 'NATIONAL', kind })).toBe(false);
    expect(CYPHER_FRAGMENTS.national?.('s')).toContain(`'${kind}'`);
  });

  it('still counts a national strategy, and one read without its kind', () => {
    expect(isNationalStrategy({ type: 'STRATEGY', scope: 'NATIONAL', kind: 'NATIONAL_STRATEGY' })).toBe(true);
    expect(isNationalStrategy({ type: 'STRATEGY', scope: 'NATIONAL' })).toBe(true);
    expect(isNationalStrategy({ type: 'STRATEGY', scope: 'LOCAL', kind: 'PLAN' })).toBe(false);
  });
});
