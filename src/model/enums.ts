/**
 * The closed sets of the domain. Each becomes a GraphQL enum (every value documented) and an
 * `enum` in the seed JSON Schema, so the API and the import format accept exactly the same words.
 */

export interface EnumSpec {
  /** The GraphQL enum's name. */
  readonly name: string;
  readonly description: string;
  /** Value → what it means, in the order clients see them. */
  readonly values: Readonly<Record<string, string>>;
}

const enumSpec = (name: string, description: string, values: Record<string, string>): EnumSpec => ({ name, description, values });

export const BASIS = enumSpec(
  'Basis',
  'Where a relationship comes from. Inspectors rely on this to tell what an agreement says from\nwhat we concluded and from what is a checked fact elsewhere.',
  {
    STATED: 'The agreement says it: `source` is its section and `quote` its words.',
    INFERRED: 'We concluded it from the agreement and the law: `note` says why.',
    EXTERNAL: 'A checked fact from outside the agreement: `source` is its address (legislation.gov.uk and the like).',
  },
);

export const LEGISLATION_KIND = enumSpec('LegislationKind', 'The kinds of legislation.', {
  ACT: 'An Act of Parliament (or of Senedd Cymru).',
  STATUTORY_INSTRUMENT: 'Regulations, an order or rules made under an Act.',
  STATUTORY_CODE: 'A code of practice or statutory guidance issued under an Act.',
});

export const PROVISION_KIND = enumSpec('ProvisionKind', 'The kinds of provision.', {
  SECTION: 'A section of an Act.',
  SUBSECTION: 'A subsection of a section.',
  REGULATION: 'A regulation of a statutory instrument.',
  SCHEDULE: 'A schedule of an Act or instrument.',
  PARAGRAPH: 'A paragraph of a schedule or a section.',
  PART: 'A Part of an Act or instrument.',
  ARTICLE: 'An article of an order.',
  CHAPTER: 'A Chapter of an Act or of a Part of one.',
});

export const DUTY_KIND = enumSpec('DutyKind', 'A duty must be done; a power may be used.', {
  DUTY: 'Something the body must do.',
  POWER: 'Something the body may do.',
});

export const STRATEGY_KIND = enumSpec('StrategyKind', 'The kinds of strategy.', {
  NATIONAL_STRATEGY: 'A national government strategy.',
  LOCAL_STRATEGY: 'A strategy of a local body or partnership.',
  STRAND: 'A strand, theme or chapter of a larger strategy.',
  PLAN: 'A plan, such as a police and crime plan.',
  GUIDANCE: 'Guidance that shapes local work.',
  PROGRAMME_POLICY: 'A national policy programme that local services run under.',
  REVIEW: 'A review (a domestic homicide review, a thematic or service review): it informs work, it never backs it as a national strategy.',
  ASSESSMENT: 'A strategic or needs assessment: the evidence a plan rests on, never counted as a national strategy.',
  STANDARD: 'A standard or framework of practice: never counted as a national strategy.',
  REPORT: 'A report (annual, inspection, research): never counted as a national strategy.',
});

export const SCOPE = enumSpec('Scope', 'National or local.', {
  NATIONAL: 'Set nationally: what a golden thread may end at.',
  LOCAL: 'Set by a local body or partnership.',
});

export const BOARD_KIND = enumSpec('BoardKind', 'The kinds of board, partnership, group or committee.', {
  COUNTY_STRATEGY_GROUP: 'A county-wide community safety strategy group.',
  COMMUNITY_SAFETY_PARTNERSHIP: 'A Community Safety Partnership of the responsible authorities.',
  SAFEGUARDING_CHILDREN_BOARD: 'A local safeguarding children board or partnership.',
  SAFEGUARDING_ADULTS_BOARD: 'A safeguarding adults board.',
  HEALTH_AND_WELLBEING_BOARD: 'A health and wellbeing board.',
  YOUTH_JUSTICE_BOARD: 'A youth offending or youth justice management board.',
  CRIMINAL_JUSTICE_BOARD: 'A local criminal justice board.',
  CHILDRENS_TRUST: "A children's trust board.",
  ROAD_SAFETY_PARTNERSHIP: 'A road safety partnership.',
  COMBATING_DRUGS_PARTNERSHIP: 'A combating drugs partnership (From Harm to Hope, 2021).',
  DOMESTIC_ABUSE_LOCAL_PARTNERSHIP_BOARD: 'A domestic abuse local partnership board (Domestic Abuse Act 2021, Part 4).',
  VIOLENCE_REDUCTION_UNIT: 'A violence reduction unit or partnership.',
  PUBLIC_SERVICES_BOARD: 'A Welsh public services board, or the local service board before it.',
  COMMITTEE: 'A committee or sub-group of another board.',
  OTHER: 'Any other board or group.',
});

export const ORGANISATION_KIND = enumSpec('OrganisationKind', 'The kinds of organisation.', {
  COUNTY_COUNCIL: 'A county council.',
  DISTRICT_COUNCIL: 'A district or borough council.',
  UNITARY_COUNCIL: 'A unitary council.',
  POLICE: 'A police force.',
  POLICE_AND_CRIME_COMMISSIONER: 'A police and crime commissioner (or the office that holds the role).',
  FIRE_AND_RESCUE: 'A fire and rescue authority.',
  HEALTH: 'A health body: a clinical commissioning group, an integrated care board, an NHS trust.',
  PROBATION: 'A probation provider.',
  PROSECUTION: 'A prosecuting body.',
  COURTS: 'A court service.',
  PRISONS: 'A prison service.',
  PUBLIC_HEALTH: 'A public health body.',
  GOVERNMENT_DEPARTMENT: 'A government department.',
  VOLUNTARY: 'A voluntary or community sector body.',
  OTHER: 'Any other organisation.',
});

export const AREA_KIND = enumSpec('AreaKind', 'The kinds of area.', {
  COUNTRY: 'England, Wales, or England and Wales.',
  COUNTY: 'A county.',
  UNITARY: 'A unitary authority area.',
  DISTRICT: 'A district or borough.',
  POLICE_AREA: 'A police force area.',
  WARD: 'An electoral ward or division.',
  LOCALITY: 'A locality, town, neighbourhood or estate within a district.',
  HOT_SPOT: 'A hot spot: a street, centre or small place a plan targets.',
});

export const PRIORITY_KIND = enumSpec('PriorityKind', 'A plain priority, or one of the three groups of a Lancashire-style Appendix A.', {
  KEY_ISSUE: 'A key issue the agreement tackles.',
  CONTRIBUTORY_FACTOR: 'A factor that contributes to the key issues.',
  STATUTORY_REQUIREMENT: 'Something the partnership must do by law.',
  PRIORITY: 'A priority as a plan states it, where the plan does not group its priorities.',
});

export const PROGRAMME_KIND = enumSpec('ProgrammeKind', 'The kinds of programme.', {
  SERVICE: 'A standing service.',
  INITIATIVE: 'A time-limited initiative or project.',
  FUNDING_PROGRAMME: 'A funding stream.',
  FORUM: 'A forum or meeting that co-ordinates work.',
});

export const PRINCIPLE_KIND = enumSpec('PrincipleKind', 'A guiding principle, or an approach theme.', {
  PRINCIPLE: 'A guiding principle.',
  APPROACH: 'An approach theme.',
});

export const DISCREPANCY_KIND = enumSpec('DiscrepancyKind', 'What sort of problem a discrepancy is.', {
  MISNAMED: 'The source names something by a wrong or old name.',
  TYPO: 'A slip of the pen: a wrong number, date or spelling.',
  INCONSISTENT: 'The source says two things that cannot both be true.',
  OUTDATED: 'The source was right when written and is not now.',
  NOT_YET_IN_FORCE: 'The source relies on law not in force at its date.',
});

export const DATE_PRECISION = enumSpec('DatePrecision', 'How much of a date the source gives: the stored date is the first day of what is known.', {
  DAY: 'The day is known (the default).',
  MONTH: 'Only the month is known ("December 2025"): the date is its first day.',
  YEAR: 'Only the year is known ("2018-2021"): the date is 1 January.',
});

export const DOCUMENT_KIND = enumSpec('DocumentKind', 'The kinds of source document.', {
  PLAN: 'The plan, agreement or strategy document itself.',
  REFRESH: 'An annual refresh or update of a plan.',
  REPORT: 'An annual, progress or interim report.',
  COMMITTEE_REPORT: 'A report to a council cabinet, committee or scrutiny panel.',
  MINUTES: 'Minutes or a decision record of a meeting.',
  WEB_PAGE: "A page of a partnership's or council's web site.",
  PRESS_RELEASE: 'A press release by the partnership or one of its members.',
  NEWS: 'A news article by someone else.',
  OTHER: 'Any other document.',
});

export const POLARITY = enumSpec('Polarity', 'Which way an indicator should move.', {
  HIGHER_IS_BETTER: 'A rise is good: detections, confidence, referrals made.',
  LOWER_IS_BETTER: 'A fall is good: offences, repeat victims, re-offending.',
  NEITHER: 'A figure watched, not steered: demand, reports received.',
});

export const MEASUREMENT_KIND = enumSpec('MeasurementKind', 'What a measurement is.', {
  BASELINE: 'The figure a target is set against.',
  TARGET: 'The figure a plan aims for.',
  ACTUAL: 'The figure reported for a period.',
});

export const ACTOR_KIND = enumSpec('ActorKind', 'The kinds of actor that is not one organisation.', {
  SECTOR: 'A sector of many bodies: the voluntary, community and faith sector.',
  BODIES: 'A class of bodies or places a plan works with, none named: landlords, schools, licensed premises.',
  PEOPLE: 'A group of people a plan works with or for: victims, offenders, families, service users, communities.',
});

/** Every enum of the model except EntityType (which is derived from the entity types). */
export const ENUMS: readonly EnumSpec[] = [
  BASIS,
  LEGISLATION_KIND,
  PROVISION_KIND,
  DUTY_KIND,
  STRATEGY_KIND,
  SCOPE,
  BOARD_KIND,
  ORGANISATION_KIND,
  AREA_KIND,
  PRIORITY_KIND,
  PROGRAMME_KIND,
  PRINCIPLE_KIND,
  DISCREPANCY_KIND,
  DATE_PRECISION,
  DOCUMENT_KIND,
  POLARITY,
  MEASUREMENT_KIND,
  ACTOR_KIND,
];

export const enumValues = (spec: EnumSpec): readonly string[] => Object.keys(spec.values);

export type EvidenceBasis = 'STATED' | 'INFERRED' | 'EXTERNAL';
