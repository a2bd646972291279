/**
 * The entity types of the graph, their properties and how each is drawn. One entry here is one
 * Neo4j label, one GraphQL type, one seed `type`, one uniqueness constraint and one colour.
 */
import {
  ACTOR_KIND,
  AREA_KIND,
  BOARD_KIND,
  DATE_PRECISION,
  DISCREPANCY_KIND,
  DOCUMENT_KIND,
  DUTY_KIND,
  LEGISLATION_KIND,
  MEASUREMENT_KIND,
  ORGANISATION_KIND,
  POLARITY,
  PRINCIPLE_KIND,
  PRIORITY_KIND,
  PROGRAMME_KIND,
  PROVISION_KIND,
  SCOPE,
  STRATEGY_KIND,
  type EnumSpec,
} from './enums.js';

export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'strings';

export interface PropertySpec {
  readonly type: ScalarType | 'enum';
  /** For type 'enum': the closed set. */
  readonly enum?: EnumSpec;
  readonly description: string;
  /** For a string that names another entity: the type it must be (so it must be an id). */
  readonly references?: EntityType;
  /** For a DatePrecision companion: the date property whose precision it gives. */
  readonly precisionOf?: string;
}

const str = (description: string): PropertySpec => ({ type: 'string', description });
const int = (description: string): PropertySpec => ({ type: 'integer', description });
const bool = (description: string): PropertySpec => ({ type: 'boolean', description });
const num = (description: string): PropertySpec => ({ type: 'number', description });
const date = (description: string): PropertySpec => ({ type: 'date', description });
const oneOf = (spec: EnumSpec, description: string): PropertySpec => ({ type: 'enum', enum: spec, description });

/**
 * The ONS's identity of a community safety partnership or an area: its GSS code and the year of
 * the boundaries the code belongs to, with the address of the published source that confirms it.
 * Never inferred: a code no published source confirms stays empty.
 */
const OFFICIAL_IDENTITY: Record<string, PropertySpec> = {
  gssCode: str('Its ONS GSS code (E22… or W22… for a community safety partnership), only where a published source confirms it.'),
  gssBoundaryYear: int('The year of the ONS boundaries its GSS code belongs to.'),
  gssSource: str('The address of the published source that confirms its GSS code.'),
};

/** The companion of a date property `name`: how much of that date the source gives. */
export const precisionProperty = (name: string): string => `${name}Precision`;

/**
 * Each date property followed by its precision companion, so a date known only to the month or
 * year ("December 2025", "2018-2021") is stored as its first day and says so; no companion means
 * the day is known.
 */
function dated(properties: Record<string, PropertySpec>): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(properties).flatMap(([name, spec]) =>
      spec.type === 'date'
        ? [
            [name, spec],
            [
              precisionProperty(name),
              { ...oneOf(DATE_PRECISION, `How much of ${name} the source gives: DAY (the default), MONTH or YEAR.`), precisionOf: name },
            ],
          ]
        : [[name, spec]],
    ),
  );
}

export const ENTITY_TYPES = [
  'Legislation',
  'Provision',
  'Duty',
  'Strategy',
  'Board',
  'Organisation',
  'Area',
  'Agreement',
  'Priority',
  'Outcome',
  'Activity',
  'Programme',
  'Principle',
  'Discrepancy',
  'Document',
  'Role',
  'Indicator',
  'Measurement',
  'Actor',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
/** The EntityType enum's value for a type: its label in capitals. */
export type EntityTypeName = Uppercase<EntityType>;
export const typeName = <T extends EntityType>(type: T): Uppercase<T> => type.toUpperCase() as Uppercase<T>;
export const ENTITY_TYPE_NAMES: readonly EntityTypeName[] = ENTITY_TYPES.map(typeName);
/** What `type` holds on a node of each label: a store repairs a missing `type` from this. */
export const ENTITY_TYPE_OF_LABEL: Readonly<Record<EntityType, EntityTypeName>> = Object.fromEntries(
  ENTITY_TYPES.map((type) => [type, typeName(type)]),
) as Record<EntityType, EntityTypeName>;

/**
 * Properties every entity has. `type`, `dataset` and `partnership` are kept by the system (the
 * label, the importing dataset, the owner), so they are not here: see SYSTEM_PROPERTIES.
 */
export const COMMON_PROPERTIES: Readonly<Record<string, PropertySpec>> = dated({
  name: str('The title a person reads.'),
  aliases: { type: 'strings', description: "Other wordings, including a source's wrong or old ones." },
  description: str('Longer text about it.'),
  url: str('An address for the thing itself.'),
  verified: bool('False where the facts behind it are not yet checked.'),
  validFrom: date('The day it came into being or force, where known.'),
  validTo: date('The day it ceased or was replaced, where it has.'),
  notes: str('Remarks by the people who keep the data.'),
});

/** How the explorer and the Mermaid diagrams draw a type. */
export interface Palette {
  /** The explorer's node colour. */
  readonly colour: string;
  /** The explorer's layer, left (local work, 0) to right (legislation, 6). */
  readonly layer: number;
  /** The Mermaid class (see MERMAID_CLASSES), or none for a plain node. */
  readonly mermaidClass?: MermaidClass;
}

export const MERMAID_CLASSES = {
  law: 'fill:#e8eefc,stroke:#2b4c9b',
  duty: 'fill:#fdf1e0,stroke:#a0651a',
  strategy: 'fill:#e9f6ec,stroke:#2e7d43',
  local: 'fill:#f4f4f4,stroke:#555',
  body: 'fill:#f3e9f8,stroke:#6d3b8a',
} as const;
export type MermaidClass = keyof typeof MERMAID_CLASSES;

export interface EntitySpec {
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  readonly palette: Palette;
}

export const ENTITIES: Readonly<Record<EntityType, EntitySpec>> = {
  Legislation: {
    description: 'An Act of Parliament, a statutory instrument or a statutory code.',
    properties: dated({
      kind: oneOf(LEGISLATION_KIND, 'Act, statutory instrument or statutory code.'),
      year: int('Year of the Act or instrument.'),
      number: str('Chapter (Acts) or SI number.'),
      enacted: date('Royal Assent (Acts) or the day it was made (instruments).'),
    }),
    palette: { colour: '#073763', layer: 6, mermaidClass: 'law' },
  },
  Provision: {
    description: 'A section, subsection, regulation, schedule, paragraph, Part or Chapter of legislation; its id is its legislation.gov.uk path.',
    properties: {
      kind: oneOf(PROVISION_KIND, 'Section, regulation, schedule, Chapter and so on.'),
      number: str('Its number as printed: 6, 6(1A), 9A.'),
    },
    palette: { colour: '#0b5394', layer: 5, mermaidClass: 'law' },
  },
  Duty: {
    description: 'What a provision requires (or, for a POWER, permits), and of whom.',
    properties: {
      kind: oneOf(DUTY_KIND, 'A duty or a power.'),
      text: str('The duty in plain English.'),
    },
    palette: { colour: '#b00020', layer: 4, mermaidClass: 'duty' },
  },
  Strategy: {
    description:
      'A national or local strategy, plan, policy programme or guidance, or a strand of one; or a review, assessment, standard or report that work draws on (never counted as a national strategy backing it).',
    properties: dated({
      kind: oneOf(STRATEGY_KIND, 'Strategy, strand, plan, review, assessment and so on.'),
      scope: oneOf(SCOPE, 'National or local.'),
      publisher: str('Who published it.'),
      reference: str('Command paper or other reference.'),
      published: date('When it was published.'),
    }),
    palette: { colour: '#b35900', layer: 3, mermaidClass: 'strategy' },
  },
  Board: {
    description: 'A partnership, board, group or committee.',
    properties: {
      kind: oneOf(BOARD_KIND, 'Strategy group, community safety partnership, safeguarding board, combating drugs partnership and so on.'),
      ...OFFICIAL_IDENTITY,
    },
    palette: { colour: '#555', layer: 2, mermaidClass: 'body' },
  },
  Organisation: {
    description: 'A responsible authority, another partner, or a government body.',
    properties: {
      kind: oneOf(ORGANISATION_KIND, 'Council, police, health, probation and so on.'),
      responsibleAuthority: bool("Whether it was a Crime and Disorder Act 1998 s.5 responsible authority at the agreement's date."),
    },
    palette: { colour: '#555', layer: 2, mermaidClass: 'body' },
  },
  Area: {
    description: 'A place a body serves or work focuses on: a country, county, unitary, district or police area, or a ward, locality or hot spot within one.',
    properties: { kind: oneOf(AREA_KIND, 'Country, county, unitary, district, police area, ward, locality or hot spot.'), ...OFFICIAL_IDENTITY },
    palette: { colour: '#555', layer: 2 },
  },
  Agreement: {
    description: 'A community safety agreement or partnership plan: the local end of the golden thread.',
    properties: dated({
      periodStart: date('First day it covers.'),
      periodEnd: date('Last day it covers.'),
      vision: str('Its vision, in its own words.'),
      measuringSuccess: str('How it says success is measured.'),
    }),
    palette: { colour: '#7a5c00', layer: 1, mermaidClass: 'local' },
  },
  Priority: {
    description: 'What an agreement focuses on: a plain priority, or a key issue, a contributory factor or a statutory requirement.',
    properties: { kind: oneOf(PRIORITY_KIND, 'Priority, key issue, contributory factor or statutory requirement.') },
    palette: { colour: '#8e44ad', layer: 2, mermaidClass: 'local' },
  },
  Outcome: {
    description: 'A strategic outcome of an agreement.',
    properties: { number: int('Its number in the agreement.') },
    palette: { colour: '#6a4c93', layer: 2, mermaidClass: 'local' },
  },
  Activity: {
    description: 'A strategic activity of an agreement: a piece of local work the golden thread must back.',
    properties: {
      number: int('Its number in the agreement.'),
      text: str('Its full text, as written.'),
    },
    palette: { colour: '#1f6f43', layer: 0, mermaidClass: 'local' },
  },
  Programme: {
    description: 'A service or initiative that delivers work: MASH, Triage, CANSafe, Inside Out, Early Help and the like.',
    properties: {
      kind: oneOf(PROGRAMME_KIND, 'Service, initiative, funding programme or forum.'),
      progress: str('What the agreement reports of it.'),
    },
    palette: { colour: '#2e7d6b', layer: 1, mermaidClass: 'local' },
  },
  Principle: {
    description: 'A guiding principle or approach theme of an agreement.',
    properties: {
      kind: oneOf(PRINCIPLE_KIND, 'Principle or approach theme.'),
      text: str('Its full text.'),
    },
    palette: { colour: '#555', layer: 2 },
  },
  Discrepancy: {
    description: 'A place where a source is wrong or inconsistent, kept as data so nothing is silently corrected.',
    properties: {
      kind: oneOf(DISCREPANCY_KIND, 'What sort of problem.'),
      text: str('What the source says and why it is wrong.'),
      correction: str('The correct fact we store.'),
    },
    palette: { colour: '#555', layer: 2 },
  },
  Document: {
    description: 'A document a fact is read from, when a plan is several: plan pages, an annual refresh, an interim report, minutes, a press release.',
    properties: dated({
      kind: oneOf(DOCUMENT_KIND, 'Plan, refresh, report, minutes, web page and so on.'),
      publisher: str('Who published it.'),
      published: date('When it was published.'),
      language: str('The language it is written in, as a code: en, cy.'),
    }),
    palette: { colour: '#8d6e63', layer: 1 },
  },
  Role: {
    description: 'A statutory role a body holds: policing body, fire and rescue authority, responsible authority and the like.',
    properties: {},
    palette: { colour: '#9c6ade', layer: 3, mermaidClass: 'body' },
  },
  Indicator: {
    description: 'What a plan measures success by: a count, rate or survey figure, with its unit and the way it should move.',
    properties: {
      unit: str('What its figures count: offences, per cent, interactions, per 1,000 population.'),
      polarity: oneOf(POLARITY, 'Whether higher or lower is better.'),
      dataSource: str("Where its figures come from: police recorded crime, a survey, a service's own records."),
    },
    palette: { colour: '#00838f', layer: 1, mermaidClass: 'local' },
  },
  Measurement: {
    description: 'One figure of an indicator for a period: a baseline, a target or an actual.',
    properties: dated({
      kind: oneOf(MEASUREMENT_KIND, 'Baseline, target or actual.'),
      value: num('The figure, in the unit of its indicator.'),
      text: str('The figure as the source writes it: "around 6,000 interactions", "reduce crime by 12.5% by 2008".'),
      periodStart: date('First day of the period it is for.'),
      periodEnd: date('Last day of the period it is for.'),
    }),
    palette: { colour: '#4dd0e1', layer: 0, mermaidClass: 'local' },
  },
  Actor: {
    description:
      'Someone a plan names with a part to play who is not one organisation: a sector (the voluntary, community and faith sector), a class of bodies (landlords, schools, licensed premises) or a group of people (victims, offenders, families).',
    properties: { kind: oneOf(ACTOR_KIND, 'Sector, bodies or people.') },
    palette: { colour: '#c27c0e', layer: 1 },
  },
};

/** All the properties a seed entity of this type may carry (besides id and type). */
export function propertiesOf(type: EntityType): Readonly<Record<string, PropertySpec>> {
  return { ...COMMON_PROPERTIES, ...ENTITIES[type].properties };
}

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}
