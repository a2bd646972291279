/**
 * The seed format's vocabulary: entity types with their own properties, and which relationship
 * types may join which entity types. seed/FORMAT.md explains it in prose; the JSON Schema
 * (seed/schema/dataset.schema.json) is generated from this file, so the two cannot drift.
 */

export type PropertyType = 'string' | 'integer' | 'boolean' | 'date' | 'strings';

export interface PropertySpec {
  readonly type: PropertyType;
  readonly enum?: readonly string[];
  readonly description: string;
}

export const ENTITY_TYPES = [
  'Legislation', 'Provision', 'Duty', 'Strategy', 'Board', 'Organisation', 'Area', 'Agreement',
  'Priority', 'Outcome', 'Activity', 'Programme', 'Principle', 'Discrepancy',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const COMMON_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  name: { type: 'string', description: 'The title a person reads.' },
  aliases: { type: 'strings', description: "Other wordings, including a source's wrong or old ones." },
  description: { type: 'string', description: 'Longer text about it.' },
  url: { type: 'string', description: 'An address for the thing itself.' },
  verified: { type: 'boolean', description: 'False where the facts sheet marks the fact unverified (U).' },
  validFrom: { type: 'date', description: 'When it came into being or force.' },
  validTo: { type: 'date', description: 'When it ceased or was replaced.' },
  notes: { type: 'string', description: 'Remarks by the people who keep the data.' },
};

const kind = (values: readonly string[], description = 'Its sub-kind.'): PropertySpec => ({ type: 'string', enum: values, description });

export const ENTITY_PROPERTIES: Readonly<Record<EntityType, Readonly<Record<string, PropertySpec>>>> = {
  Legislation: {
    kind: kind(['ACT', 'STATUTORY_INSTRUMENT', 'STATUTORY_CODE']),
    year: { type: 'integer', description: 'Year of the Act or instrument.' },
    number: { type: 'string', description: 'Chapter (Acts) or SI number.' },
    enacted: { type: 'date', description: 'Royal Assent, or the day an instrument was made.' },
  },
  Provision: {
    kind: kind(['SECTION', 'SUBSECTION', 'REGULATION', 'SCHEDULE', 'PARAGRAPH', 'PART', 'ARTICLE']),
    number: { type: 'string', description: 'Its number as printed.' },
  },
  Duty: {
    kind: kind(['DUTY', 'POWER']),
    text: { type: 'string', description: 'The duty in plain English.' },
  },
  Strategy: {
    kind: kind(['NATIONAL_STRATEGY', 'LOCAL_STRATEGY', 'STRAND', 'PLAN', 'GUIDANCE', 'PROGRAMME_POLICY']),
    scope: kind(['NATIONAL', 'LOCAL'], 'National or local.'),
    publisher: { type: 'string', description: 'Who published it.' },
    reference: { type: 'string', description: 'Command paper or other reference.' },
    published: { type: 'date', description: 'When it was published.' },
  },
  Board: {
    kind: kind([
      'COUNTY_STRATEGY_GROUP', 'COMMUNITY_SAFETY_PARTNERSHIP', 'SAFEGUARDING_CHILDREN_BOARD', 'SAFEGUARDING_ADULTS_BOARD',
      'HEALTH_AND_WELLBEING_BOARD', 'YOUTH_JUSTICE_BOARD', 'CRIMINAL_JUSTICE_BOARD', 'CHILDRENS_TRUST',
      'ROAD_SAFETY_PARTNERSHIP', 'COMMITTEE', 'OTHER',
    ]),
  },
  Organisation: {
    kind: kind([
      'COUNTY_COUNCIL', 'DISTRICT_COUNCIL', 'UNITARY_COUNCIL', 'POLICE', 'POLICE_AND_CRIME_COMMISSIONER', 'FIRE_AND_RESCUE',
      'HEALTH', 'PROBATION', 'PROSECUTION', 'COURTS', 'PRISONS', 'PUBLIC_HEALTH', 'GOVERNMENT_DEPARTMENT', 'VOLUNTARY', 'OTHER',
    ]),
    responsibleAuthority: { type: 'boolean', description: "A CDA 1998 s.5 responsible authority at the agreement's date." },
  },
  Area: { kind: kind(['COUNTRY', 'COUNTY', 'UNITARY', 'DISTRICT', 'POLICE_AREA']) },
  Agreement: {
    periodStart: { type: 'date', description: 'First day it covers.' },
    periodEnd: { type: 'date', description: 'Last day it covers.' },
    vision: { type: 'string', description: 'Its vision, in its own words.' },
    measuringSuccess: { type: 'string', description: 'How it says success is measured.' },
  },
  Priority: { kind: kind(['KEY_ISSUE', 'CONTRIBUTORY_FACTOR', 'STATUTORY_REQUIREMENT']) },
  Outcome: { number: { type: 'integer', description: 'Its number in the agreement.' } },
  Activity: {
    number: { type: 'integer', description: 'Its number in the agreement.' },
    text: { type: 'string', description: 'Its full text, as written.' },
  },
  Programme: {
    kind: kind(['SERVICE', 'INITIATIVE', 'FUNDING_PROGRAMME', 'FORUM']),
    progress: { type: 'string', description: 'What the agreement reports of it.' },
  },
  Principle: {
    kind: kind(['PRINCIPLE', 'APPROACH']),
    text: { type: 'string', description: 'Its full text.' },
  },
  Discrepancy: {
    kind: kind(['MISNAMED', 'TYPO', 'INCONSISTENT', 'OUTDATED', 'NOT_YET_IN_FORCE']),
    text: { type: 'string', description: 'What the source says and why it is wrong.' },
    correction: { type: 'string', description: 'The correct fact we store.' },
  },
};

type Endpoints = readonly (readonly [readonly EntityType[] | '*', readonly EntityType[] | '*'])[];

/** Which entity types each relationship type may join: [from types, to types] pairs. */
export const RELATIONSHIP_RULES: Readonly<Record<string, Endpoints>> = {
  PART_OF: [
    [['Provision'], ['Legislation', 'Provision']],
    [['Strategy'], ['Strategy']],
    [['Area'], ['Area']],
    [['Board'], ['Board']],
    [['Organisation'], ['Organisation']],
    [['Programme'], ['Programme']],
  ],
  IMPOSED_BY: [[['Duty'], ['Provision']]],
  BINDS: [[['Duty'], ['Organisation', 'Board']]],
  AMENDED_BY: [[['Provision', 'Legislation'], ['Provision', 'Legislation']]],
  COMMENCED_BY: [[['Provision', 'Legislation'], ['Legislation']]],
  UNDER: [[['Strategy', 'Legislation', 'Programme', 'Board'], ['Provision', 'Legislation', 'Strategy']]],
  DESIGNATED_BY: [[['Organisation'], ['Provision']]],
  MEMBER_OF: [[['Organisation', 'Board'], ['Board']]],
  SUCCEEDED_BY: [
    [['Organisation'], ['Organisation']],
    [['Board'], ['Board']],
    [['Strategy'], ['Strategy']],
    [['Legislation', 'Provision'], ['Legislation', 'Provision']],
  ],
  SERVES: [[['Organisation', 'Board', 'Agreement', 'Programme'], ['Area']]],
  CONSTITUTED_UNDER: [[['Board'], ['Provision']]],
  MADE_BY: [[['Agreement', 'Strategy'], ['Board', 'Organisation']]],
  REQUIRED_BY: [[['Agreement', 'Board', 'Strategy'], ['Provision']]],
  HAS_PRIORITY: [[['Agreement'], ['Priority']]],
  HAS_OUTCOME: [[['Agreement'], ['Outcome']]],
  HAS_ACTIVITY: [[['Agreement'], ['Activity']]],
  HAS_PRINCIPLE: [[['Agreement'], ['Principle']]],
  ADDRESSES: [[['Activity', 'Programme'], ['Priority']]],
  CONTRIBUTES_TO: [[['Activity', 'Programme'], ['Outcome']]],
  SUPPORTS: [[['Activity', 'Programme', 'Priority', 'Strategy'], ['Strategy']]],
  DISCHARGES: [[['Activity', 'Programme'], ['Duty']]],
  DELIVERED_THROUGH: [[['Activity', 'Priority'], ['Programme']]],
  LEADS: [[['Organisation', 'Board'], ['Activity', 'Programme', 'Strategy']]],
  CITES: [[['Agreement'], ['Legislation', 'Strategy', 'Board']]],
  CONCERNS: [[['Discrepancy'], '*']],
};

export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIP_RULES);

export function relationshipAllowed(type: string, from: EntityType, to: EntityType): boolean {
  const rules = RELATIONSHIP_RULES[type];
  if (!rules) return false;
  return rules.some(([froms, tos]) => (froms === '*' || froms.includes(from)) && (tos === '*' || tos.includes(to)));
}

export const EVIDENCE_BASES = ['STATED', 'INFERRED', 'EXTERNAL'] as const;
export type EvidenceBasis = (typeof EVIDENCE_BASES)[number];

export interface SeedEntity {
  readonly id: string;
  readonly type: EntityType;
  readonly name: string;
  readonly [property: string]: unknown;
}

export interface SeedRelationship {
  readonly from: string;
  readonly type: string;
  readonly to: string;
  readonly basis: EvidenceBasis;
  readonly source: string;
  readonly quote?: string;
  readonly note?: string;
  readonly verified?: boolean;
  readonly validFrom?: string;
  readonly validTo?: string;
}

export interface SeedFile {
  readonly dataset: string;
  /** The partnership (its Board's id) whose work the dataset records; its editors may change it. */
  readonly partnership?: string;
  readonly entities?: readonly SeedEntity[];
  readonly relationships?: readonly SeedRelationship[];
}
