/**
 * The relationship types, which entity types each may join, and the GraphQL field that reads it
 * from each end. A pair not listed here is refused by the seed validator, and every pair listed
 * is readable from both of its ends through the generated API.
 */
import type { EntityType } from './entities.js';

/** A GraphQL field on one end of a link: its name and what it lists. */
export interface FieldSpec {
  readonly name: string;
  readonly description: string;
}

/** One allowed pair of a relationship type: (from)-[type]->(to), with a field on each end. */
export interface LinkSpec {
  readonly from: EntityType;
  /** '*' is any entity type (the field on the from end lists the Entity interface). */
  readonly to: EntityType | '*';
  /** The field on `from` that lists the `to` ends. */
  readonly out: FieldSpec;
  /** The field on `to` (on every type, for '*') that lists the `from` ends. */
  readonly in: FieldSpec;
}

export interface RelationshipSpec {
  readonly description: string;
  readonly links: readonly LinkSpec[];
}

const f = (name: string, description: string): FieldSpec => ({ name, description });
const link = (from: EntityType, to: EntityType | '*', out: FieldSpec, inField: FieldSpec): LinkSpec => ({ from, to, out, in: inField });

export const RELATIONSHIPS = {
  PART_OF: {
    description: 'A part of a larger whole: a provision of legislation, a strand of a strategy, a smaller area, a sub-group.',
    links: [
      link('Provision', 'Legislation', f('partOf', 'The legislation it belongs to.'), f('provisions', 'Its sections, regulations and schedules.')),
      link('Provision', 'Provision', f('parentProvisions', 'The provision it is part of.'), f('childProvisions', 'Its own subsections or paragraphs.')),
      link('Strategy', 'Strategy', f('partOf', 'The strategy it is a strand of.'), f('strands', 'Its strands.')),
      link('Area', 'Area', f('partOf', 'The larger area it lies within.'), f('contains', 'Smaller areas within it.')),
      link('Board', 'Board', f('partOf', 'The board it is part of.'), f('parts', 'Groups and committees that are part of it.')),
      link('Organisation', 'Organisation', f('partOf', 'The body it is part of.'), f('parts', 'Bodies that are part of it.')),
      link('Programme', 'Programme', f('partOf', 'The programme it belongs to.'), f('parts', 'Programmes that are part of it.')),
      link('Document', 'Document', f('partOf', 'The document it is part of (an appendix, a chapter).'), f('parts', 'Documents that are part of it.')),
    ],
  },
  IMPOSED_BY: {
    description: 'The provision that creates a duty or power.',
    links: [link('Duty', 'Provision', f('imposedBy', 'The provision that creates it.'), f('duties', 'Duties and powers it creates.'))],
  },
  BINDS: {
    description: 'A duty and a body or board that must perform it.',
    links: [
      link('Duty', 'Organisation', f('binds', 'Bodies that must perform it.'), f('boundBy', 'Duties that bind it.')),
      link('Duty', 'Board', f('bindsBoards', 'Boards that must perform it.'), f('boundBy', 'Duties that bind it.')),
    ],
  },
  AMENDED_BY: {
    description: 'Legislation or a provision and what amends it (validFrom: the amendment in force).',
    links: [
      link('Provision', 'Provision', f('amendedBy', 'Provisions that amend it (validFrom: in force).'), f('amends', 'Provisions it amends.')),
      link('Provision', 'Legislation', f('amendedByLegislation', 'Legislation that amends it.'), f('amendsProvisions', 'Provisions it amends.')),
      link('Legislation', 'Provision', f('amendedByProvisions', 'Provisions that amend it.'), f('amendsLegislation', 'Legislation it amends.')),
      link('Legislation', 'Legislation', f('amendedBy', 'Legislation that amends it.'), f('amends', 'Legislation it amends.')),
    ],
  },
  COMMENCED_BY: {
    description: 'Legislation or a provision and the commencement order that brought it into force.',
    links: [
      link(
        'Provision',
        'Legislation',
        f('commencedBy', 'Commencement orders that brought it into force.'),
        f('commencesProvisions', 'Provisions it brings into force.'),
      ),
      link(
        'Legislation',
        'Legislation',
        f('commencedBy', 'Commencement orders that brought it into force.'),
        f('commences', 'Legislation it brings into force.'),
      ),
    ],
  },
  UNDER: {
    description: 'What something is made, issued or run under: an instrument under its enabling Act, a strategy or programme under a policy.',
    links: [
      link('Strategy', 'Provision', f('under', 'The provision it is issued under.'), f('authorises', 'Strategies, plans and codes issued under it.')),
      link(
        'Strategy',
        'Legislation',
        f('underLegislation', 'Legislation it is issued under.'),
        f('authorisesStrategies', 'Strategies, plans and codes issued under it.'),
      ),
      link(
        'Strategy',
        'Strategy',
        f('underStrategies', 'Strategies or policies it is issued under.'),
        f('authorisesStrategies', 'Strategies issued under it.'),
      ),
      link(
        'Legislation',
        'Provision',
        f('madeUnder', 'The enabling provisions it is made or issued under (instruments and codes).'),
        f('authorisesLegislation', 'Instruments and codes made or issued under it.'),
      ),
      link(
        'Legislation',
        'Legislation',
        f('madeUnderLegislation', 'Legislation it is made or issued under.'),
        f('authorisesLegislation', 'Instruments and codes made or issued under it.'),
      ),
      link(
        'Legislation',
        'Strategy',
        f('madeUnderStrategies', 'Strategies or policies it is made under.'),
        f('authorisesLegislation', 'Legislation made under it.'),
      ),
      link('Programme', 'Provision', f('underProvisions', 'Provisions it runs under.'), f('authorisesProgrammes', 'Programmes run under it.')),
      link('Programme', 'Legislation', f('underLegislation', 'Legislation it runs under.'), f('authorisesProgrammes', 'Programmes run under it.')),
      link('Programme', 'Strategy', f('under', 'The national programme or policy it runs under.'), f('programmes', 'Programmes that run under it.')),
      link('Board', 'Provision', f('underProvisions', 'Provisions it works under.'), f('authorisesBoards', 'Boards that work under it.')),
      link('Board', 'Legislation', f('underLegislation', 'Legislation it works under.'), f('authorisesBoards', 'Boards that work under it.')),
      link('Board', 'Strategy', f('underStrategies', 'Strategies it works under.'), f('boards', 'Boards that work under it.')),
    ],
  },
  DESIGNATED_BY: {
    description: 'A body and the provision that gives it a statutory role.',
    links: [
      link(
        'Organisation',
        'Provision',
        f('designatedBy', 'The provisions that give it its statutory role.'),
        f('designates', 'Bodies it gives a statutory role (responsible authorities).'),
      ),
      link('Role', 'Provision', f('designatedBy', 'The provisions that create the role.'), f('designatesRoles', 'Statutory roles it creates.')),
    ],
  },
  MEMBER_OF: {
    description: 'A member of a board.',
    links: [
      link('Organisation', 'Board', f('memberOf', 'Boards it belongs to.'), f('members', 'Its member organisations.')),
      link('Board', 'Board', f('memberOf', 'Boards it sits within.'), f('memberBoards', 'Boards that sit within it.')),
    ],
  },
  SUCCEEDED_BY: {
    description: 'Something and what replaced it (validFrom: the date of change); for an area replaced in part, the evidence note says what passed.',
    links: [
      link('Organisation', 'Organisation', f('succeededBy', 'What replaced it (validFrom: the date of change).'), f('succeeds', 'What it replaced.')),
      link('Board', 'Board', f('succeededBy', 'What replaced it.'), f('succeeds', 'What it replaced.')),
      link('Strategy', 'Strategy', f('succeededBy', 'What replaced it.'), f('succeeds', 'What it replaced.')),
      link('Legislation', 'Legislation', f('succeededBy', 'What replaced it.'), f('succeeds', 'What it replaced.')),
      link('Legislation', 'Provision', f('succeededByProvisions', 'Provisions that replaced it.'), f('succeedsLegislation', 'Legislation it replaced.')),
      link('Provision', 'Legislation', f('succeededByLegislation', 'Legislation that replaced it.'), f('succeedsProvisions', 'Provisions it replaced.')),
      link('Provision', 'Provision', f('succeededBy', 'What replaced it.'), f('succeeds', 'What it replaced.')),
      link(
        'Area',
        'Area',
        f('succeededBy', 'Areas that replaced it, wholly or in part (the evidence note says what passed).'),
        f('succeeds', 'Areas it replaced, wholly or in part.'),
      ),
    ],
  },
  SERVES: {
    description: 'A body, board, agreement or programme and the area it works in.',
    links: [
      link('Organisation', 'Area', f('serves', 'Where it works.'), f('servedBy', 'Organisations that serve it.')),
      link('Board', 'Area', f('serves', 'Where it works.'), f('servedByBoards', 'Boards that serve it.')),
      link('Agreement', 'Area', f('serves', 'The area it covers.'), f('agreements', 'Agreements for it.')),
      link('Programme', 'Area', f('serves', 'Where it works.'), f('programmes', 'Programmes that work there.')),
    ],
  },
  CONSTITUTED_UNDER: {
    description: 'A board and the provision it is constituted under.',
    links: [link('Board', 'Provision', f('constitutedUnder', 'The provision that requires it.'), f('constitutes', 'Boards constituted under it.'))],
  },
  MADE_BY: {
    description: 'An agreement or strategy and who made or owns it.',
    links: [
      link('Agreement', 'Board', f('madeBy', 'The board that made it.'), f('made', 'Agreements it made.')),
      link('Agreement', 'Organisation', f('madeByOrganisations', 'Organisations that made it.'), f('madeAgreements', 'Agreements it made.')),
      link('Strategy', 'Board', f('madeByBoards', 'Boards that made or own it.'), f('madeStrategies', 'Strategies it made or owns.')),
      link('Strategy', 'Organisation', f('madeBy', 'Who made or owns it.'), f('madeStrategies', 'Strategies it made or owns.')),
    ],
  },
  REQUIRED_BY: {
    description: 'An agreement, board or strategy and the provision that requires it.',
    links: [
      link('Agreement', 'Provision', f('requiredBy', 'The provision that requires it.'), f('requires', 'Agreements it requires.')),
      link('Board', 'Provision', f('requiredBy', 'The provisions that require it.'), f('requiresBoards', 'Boards it requires.')),
      link('Strategy', 'Provision', f('requiredBy', 'The provision that requires it.'), f('requiresStrategies', 'Strategies it requires.')),
    ],
  },
  HAS_PRIORITY: {
    description: 'An agreement and one of its priorities.',
    links: [
      link(
        'Agreement',
        'Priority',
        f('priorities', 'Its key issues, contributory factors and statutory requirements.'),
        f('agreement', 'The agreement it belongs to.'),
      ),
    ],
  },
  HAS_OUTCOME: {
    description: 'An agreement and one of its outcomes.',
    links: [link('Agreement', 'Outcome', f('outcomes', 'Its strategic outcomes.'), f('agreement', 'The agreement it belongs to.'))],
  },
  HAS_ACTIVITY: {
    description: 'An agreement and one of its activities.',
    links: [link('Agreement', 'Activity', f('activities', 'Its strategic activities.'), f('agreement', 'The agreement it belongs to.'))],
  },
  HAS_PRINCIPLE: {
    description: 'An agreement and one of its principles.',
    links: [link('Agreement', 'Principle', f('principles', 'Its principles and approach themes.'), f('agreement', 'The agreement it belongs to.'))],
  },
  ADDRESSES: {
    description: 'Local work and a priority it tackles.',
    links: [
      link('Activity', 'Priority', f('addresses', 'Priorities it tackles.'), f('addressedBy', 'Activities that address it.')),
      link('Programme', 'Priority', f('addresses', 'Priorities it tackles.'), f('addressedByProgrammes', 'Programmes that address it.')),
    ],
  },
  CONTRIBUTES_TO: {
    description: 'Local work and an outcome it serves.',
    links: [
      link('Activity', 'Outcome', f('contributesTo', 'Outcomes it serves.'), f('contributors', 'Activities that contribute to it.')),
      link('Programme', 'Outcome', f('contributesTo', 'Outcomes it serves.'), f('contributingProgrammes', 'Programmes that contribute to it.')),
    ],
  },
  SUPPORTS: {
    description: 'Local work, a priority or a strategy and a strategy it serves.',
    links: [
      link('Activity', 'Strategy', f('supports', 'National and local strategies it delivers.'), f('supportedBy', 'Local activities that support it.')),
      link('Programme', 'Strategy', f('supports', 'Strategies it delivers.'), f('supportedByProgrammes', 'Programmes that support it.')),
      link('Priority', 'Strategy', f('supports', 'Strategies it serves.'), f('supportedByPriorities', 'Priorities that serve it.')),
      link('Strategy', 'Strategy', f('supports', 'Strategies it serves.'), f('supportedByStrategies', 'Strategies that serve it.')),
    ],
  },
  DISCHARGES: {
    description: 'Local work, an agreement, a board or a strategy and a statutory duty it discharges.',
    links: [
      link('Activity', 'Duty', f('discharges', 'Statutory duties it discharges.'), f('dischargedBy', 'Local activities that discharge it.')),
      link('Programme', 'Duty', f('discharges', 'Duties it discharges.'), f('dischargedByProgrammes', 'Programmes that discharge it.')),
      link(
        'Agreement',
        'Duty',
        f('discharges', 'Duties it discharges by being made (the partnership plan duty).'),
        f('dischargedByAgreements', 'Agreements that discharge it.'),
      ),
      link('Board', 'Duty', f('discharges', 'Duties it discharges for the partnerships it serves.'), f('dischargedByBoards', 'Boards that discharge it.')),
      link(
        'Strategy',
        'Duty',
        f('discharges', 'Duties it discharges (a serious violence strategy).'),
        f('dischargedByStrategies', 'Strategies that discharge it.'),
      ),
    ],
  },
  DELIVERED_THROUGH: {
    description: 'An activity or priority and a programme that does the work.',
    links: [
      link('Activity', 'Programme', f('deliveredThrough', 'Services and initiatives that do the work.'), f('delivers', 'Activities it delivers.')),
      link('Priority', 'Programme', f('deliveredThrough', 'Programmes that deliver it.'), f('deliversPriorities', 'Priorities it delivers.')),
    ],
  },
  LEADS: {
    description: 'A body or board and the work or strategy it leads.',
    links: [
      link('Organisation', 'Activity', f('leads', 'Activities it leads.'), f('ledBy', 'Organisations that lead it.')),
      link('Organisation', 'Programme', f('leadsProgrammes', 'Programmes it leads.'), f('ledBy', 'Who leads it.')),
      link('Organisation', 'Strategy', f('leadsStrategies', 'Strategies it leads.'), f('ledBy', 'Who leads it.')),
      link('Board', 'Activity', f('leads', 'Activities it leads.'), f('ledByBoards', 'Boards that lead it.')),
      link('Board', 'Programme', f('leadsProgrammes', 'Programmes it leads.'), f('ledByBoards', 'Boards that lead it.')),
      link('Board', 'Strategy', f('leadsStrategies', 'Strategies it leads.'), f('ledByBoards', 'Boards that lead it.')),
    ],
  },
  CITES: {
    description: 'An agreement and legislation, a provision, a strategy, a partnership, an organisation or a programme it names.',
    links: [
      link('Agreement', 'Legislation', f('citesLegislation', 'Legislation it names.'), f('citedBy', 'Agreements that name it.')),
      link('Agreement', 'Strategy', f('citesStrategies', 'Strategies it names.'), f('citedBy', 'Agreements that name it.')),
      link('Agreement', 'Board', f('citesBoards', 'Partnerships it names.'), f('citedBy', 'Agreements that name it.')),
      link('Agreement', 'Provision', f('citesProvisions', 'Sections, Parts and Chapters of Acts it names.'), f('citedBy', 'Agreements that name it.')),
      link('Agreement', 'Organisation', f('citesOrganisations', 'Organisations it names.'), f('citedBy', 'Agreements that name it.')),
      link('Agreement', 'Programme', f('citesProgrammes', 'Programmes it names.'), f('citedBy', 'Agreements that name it.')),
    ],
  },
  FOCUSES_ON: {
    description:
      'A priority, activity or programme and a place it concentrates on (a ward, a locality, a hot spot) or the people or bodies it concentrates on (victims, offenders).',
    links: [
      link('Priority', 'Area', f('focusesOn', 'Places it concentrates on.'), f('focusingPriorities', 'Priorities that concentrate on it.')),
      link('Activity', 'Area', f('focusesOn', 'Places it concentrates on.'), f('focusingActivities', 'Activities that concentrate on it.')),
      link('Programme', 'Area', f('focusesOn', 'Places it concentrates on.'), f('focusingProgrammes', 'Programmes that concentrate on it.')),
      link('Priority', 'Actor', f('focusesOnActors', 'People or bodies it concentrates on.'), f('focusingPriorities', 'Priorities that concentrate on them.')),
      link('Activity', 'Actor', f('focusesOnActors', 'People or bodies it concentrates on.'), f('focusingActivities', 'Activities that concentrate on them.')),
      link('Programme', 'Actor', f('focusesOnActors', 'People or bodies it concentrates on.'), f('focusingProgrammes', 'Programmes that concentrate on them.')),
    ],
  },
  ENGAGES: {
    description:
      'Local work and an actor that is not one organisation it works with in delivering it: the voluntary sector, landlords, schools, licensed premises.',
    links: [
      link('Activity', 'Actor', f('engages', 'Sectors, bodies or people it works with.'), f('engagedByActivities', 'Activities that work with them.')),
      link('Programme', 'Actor', f('engages', 'Sectors, bodies or people it works with.'), f('engagedByProgrammes', 'Programmes that work with them.')),
      link('Principle', 'Actor', f('engages', 'Sectors, bodies or people it works with.'), f('engagedByPrinciples', 'Approach themes that work with them.')),
    ],
  },
  AFFECTS: {
    description:
      'A cause and what it bears on, in the source\'s words: a factor behind an issue ("symptoms of ... contributory and causal factors"), a change and what it will impact on. Never part of the golden thread.',
    links: [
      link('Priority', 'Priority', f('affects', 'Issues it causes or bears on.'), f('affectedBy', 'Factors that cause or bear on it.')),
      link('Priority', 'Actor', f('affectsActors', 'People or bodies it harms or bears on.'), f('affectedByPriorities', 'Issues that harm or bear on them.')),
      link('Strategy', 'Organisation', f('affectsOrganisations', 'Bodies it will impact on.'), f('affectedByStrategies', 'Changes that will impact on it.')),
      link('Strategy', 'Actor', f('affectsActors', 'People or bodies it will impact on.'), f('affectedByStrategies', 'Changes that will impact on them.')),
      link('Strategy', 'Board', f('affectsBoards', 'Boards it will impact on.'), f('affectedByStrategies', 'Changes that will impact on it.')),
    ],
  },
  APPLIES_TO: {
    description: 'An approach theme or principle and what the agreement says it concerns: priorities, outcomes, programmes, strategies, boards, actors.',
    links: [
      link('Principle', 'Priority', f('appliesToPriorities', 'Priorities it concerns.'), f('approaches', 'Approach themes that concern it.')),
      link('Principle', 'Outcome', f('appliesToOutcomes', 'Outcomes it concerns.'), f('approaches', 'Approach themes that concern it.')),
      link('Principle', 'Programme', f('appliesToProgrammes', 'Programmes it concerns.'), f('approaches', 'Approach themes that concern it.')),
      link('Principle', 'Strategy', f('appliesToStrategies', 'Strategies it concerns.'), f('approaches', 'Approach themes that concern it.')),
      link('Principle', 'Actor', f('appliesToActors', 'Sectors, bodies or people it concerns.'), f('approaches', 'Approach themes that concern them.')),
      link('Principle', 'Board', f('appliesToBoards', 'Boards whose work it concerns.'), f('approaches', 'Approach themes that concern it.')),
    ],
  },
  HOLDS_ROLE: {
    description: 'A body and a statutory role it holds (validFrom, validTo: when it held it).',
    links: [link('Organisation', 'Role', f('roles', 'Statutory roles it holds or held (validFrom, validTo).'), f('holders', 'Bodies that hold or held it.'))],
  },
  PRODUCES: {
    description: 'Local work and a strategy, plan or assessment it produces.',
    links: [
      link('Activity', 'Strategy', f('produces', 'Strategies, plans or assessments it produces.'), f('producedBy', 'Activities that produce it.')),
      link('Programme', 'Strategy', f('produces', 'Strategies, plans or assessments it produces.'), f('producedByProgrammes', 'Programmes that produce it.')),
    ],
  },
  DOCUMENTED_IN: {
    description: 'An agreement, strategy or board and a document that sets it out or reports on it.',
    links: [
      link('Agreement', 'Document', f('documents', 'Documents that set it out or report on it.'), f('agreements', 'Agreements it sets out or reports on.')),
      link('Strategy', 'Document', f('documents', 'Documents that set it out or report on it.'), f('strategies', 'Strategies it sets out or reports on.')),
      link('Board', 'Document', f('documents', 'Documents that record its work.'), f('boards', 'Boards whose work it records.')),
    ],
  },
  HAS_INDICATOR: {
    description: 'An agreement and an indicator it measures success by.',
    links: [link('Agreement', 'Indicator', f('indicators', 'The indicators it measures success by.'), f('agreement', 'The agreement that sets it.'))],
  },
  MEASURES: {
    description: 'An indicator and the outcome, priority or programme it measures.',
    links: [
      link('Indicator', 'Outcome', f('measuresOutcomes', 'Outcomes it measures.'), f('indicators', 'Indicators that measure it.')),
      link('Indicator', 'Priority', f('measuresPriorities', 'Priorities it measures.'), f('indicators', 'Indicators that measure it.')),
      link('Indicator', 'Programme', f('measuresProgrammes', 'Programmes it measures.'), f('indicators', 'Indicators that measure it.')),
    ],
  },
  MEASUREMENT_OF: {
    description: 'A measurement and the indicator it is a figure of.',
    links: [link('Measurement', 'Indicator', f('indicator', 'The indicator it is a figure of.'), f('measurements', 'Its baselines, targets and actuals.'))],
  },
  CONCERNS: {
    description: 'A discrepancy and what it is about.',
    links: [link('Discrepancy', '*', f('concerns', 'What it is about.'), f('discrepancies', 'Discrepancies recorded about it.'))],
  },
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipType = keyof typeof RELATIONSHIPS;
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];

export function isRelationshipType(value: unknown): value is RelationshipType {
  return typeof value === 'string' && Object.hasOwn(RELATIONSHIPS, value);
}

/** Whether the seed format (and so the graph) allows (from)-[type]->(to). */
export function relationshipAllowed(type: string, from: EntityType, to: EntityType): boolean {
  if (!isRelationshipType(type)) return false;
  const links: readonly LinkSpec[] = RELATIONSHIPS[type].links;
  return links.some((l) => l.from === from && (l.to === '*' || l.to === to));
}
