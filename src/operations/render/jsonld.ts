/**
 * JSON-LD for a trace, in ELI (http://data.europa.eu/eli/ontology#) and PROV-O
 * (http://www.w3.org/ns/prov#) terms. Legislation is an eli:LegalResource and a provision an
 * eli:LegalResourceSubdivision, identified by its legislation.gov.uk URI; every other entity is a
 * prov:Entity. Each hop is a prov:Influence: the entity it qualifies (prov:qualifiedInfluence,
 * from the hop's `from`), its influencer (`to`), the relationship type and evidence, and
 * prov:wasDerivedFrom its source (an IRI when the source is an address, else text).
 */
import type { EntityRef, TracePath } from '../shapes.js';

const GT = 'https://golden-thread.uk/def#';

export function entityIri(entity: Pick<EntityRef, 'id' | 'type'>): string {
  if (entity.type === 'LEGISLATION' || entity.type === 'PROVISION') return `http://www.legislation.gov.uk/id/${entity.id}`;
  return `urn:golden-thread:${encodeURIComponent(entity.type.toLowerCase())}:${entity.id.split('/').map(encodeURIComponent).join('/')}`;
}

function entityNode(entity: EntityRef): Record<string, unknown> {
  const types =
    entity.type === 'LEGISLATION'
      ? ['eli:LegalResource', 'prov:Entity']
      : entity.type === 'PROVISION'
        ? ['eli:LegalResourceSubdivision', 'prov:Entity']
        : ['prov:Entity'];
  const node: Record<string, unknown> = { '@id': entityIri(entity), '@type': types, 'gt:id': entity.id, 'gt:entityType': entity.type };
  if (entity.type === 'LEGISLATION' || entity.type === 'PROVISION') node['eli:title'] = entity.name;
  else node['rdfs:label'] = entity.name;
  return node;
}

export interface TraceDocument {
  readonly subject: EntityRef;
  readonly asOf: string | null;
  readonly paths: readonly TracePath[];
}

export function renderTraceJsonLd(trace: TraceDocument): string {
  const entities = new Map<string, EntityRef>([[trace.subject.id, trace.subject]]);
  const hops = new Map<string, Record<string, unknown>>();
  const partOf = new Map<string, Set<string>>();
  const chains: Record<string, unknown>[] = [];
  for (const path of trace.paths) {
    const hopIds: { '@id': string }[] = [];
    for (const step of path.steps) {
      entities.set(step.from.id, step.from);
      entities.set(step.to.id, step.to);
      const key = `${step.from.id} ${step.relationship} ${step.to.id}`;
      const existing = hops.get(key);
      const hopId = existing === undefined ? `_:hop${hops.size}` : (existing['@id'] as string);
      if (existing === undefined) {
        const source = step.evidence.source;
        const hop: Record<string, unknown> = {
          '@id': hopId,
          '@type': 'prov:Influence',
          'gt:relationship': step.relationship,
          'gt:influenced': { '@id': entityIri(step.from) },
          'prov:influencer': { '@id': entityIri(step.to) },
          'gt:basis': step.evidence.basis,
          'gt:assertedBy': step.evidence.assertedBy,
          'prov:wasDerivedFrom': /^https?:\/\//.test(source) ? { '@id': source } : source,
        };
        if (step.evidence.dataset !== null) hop['gt:dataset'] = step.evidence.dataset;
        if (step.evidence.changeId !== null) hop['gt:changeId'] = step.evidence.changeId;
        if (step.evidence.quote !== null) hop['gt:quote'] = step.evidence.quote;
        if (step.evidence.note !== null) hop['rdfs:comment'] = step.evidence.note;
        if (step.evidence.verified !== null) hop['gt:verified'] = step.evidence.verified;
        if (step.evidence.validFrom !== null) hop['prov:startedAtTime'] = { '@value': step.evidence.validFrom, '@type': 'xsd:date' };
        if (step.evidence.validTo !== null) hop['prov:endedAtTime'] = { '@value': step.evidence.validTo, '@type': 'xsd:date' };
        hops.set(key, hop);
        if (step.relationship === 'PART_OF' && (step.to.type === 'LEGISLATION' || step.to.type === 'PROVISION')) {
          const set = partOf.get(step.from.id) ?? new Set<string>();
          set.add(entityIri(step.to));
          partOf.set(step.from.id, set);
        }
      }
      hopIds.push({ '@id': hopId });
    }
    chains.push({ '@type': 'gt:Chain', 'gt:grounded': path.grounded, 'gt:endsAt': { '@id': entityIri(path.endsAt) }, 'gt:steps': { '@list': hopIds } });
  }
  const qualified = new Map<string, string[]>();
  for (const [key, hop] of hops) {
    const fromId = key.split(' ')[0] as string;
    const list = qualified.get(fromId) ?? [];
    list.push(hop['@id'] as string);
    qualified.set(fromId, list);
  }
  const graph: Record<string, unknown>[] = [];
  for (const entity of entities.values()) {
    const node = entityNode(entity);
    const parents = partOf.get(entity.id);
    if (parents) node['eli:is_part_of'] = [...parents].map((iri) => ({ '@id': iri }));
    const influences = qualified.get(entity.id);
    if (influences) node['prov:qualifiedInfluence'] = influences.map((id) => ({ '@id': id }));
    graph.push(node);
  }
  graph.push(...hops.values());
  graph.push({
    '@id': '_:trace',
    '@type': ['prov:Bundle', 'gt:Trace'],
    'gt:subject': { '@id': entityIri(trace.subject) },
    ...(trace.asOf === null ? {} : { 'gt:asOf': { '@value': trace.asOf, '@type': 'xsd:date' } }),
    'gt:chain': chains,
  });
  const document = {
    '@context': {
      eli: 'http://data.europa.eu/eli/ontology#',
      prov: 'http://www.w3.org/ns/prov#',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      gt: GT,
    },
    '@graph': graph,
  };
  return JSON.stringify(document, null, 2);
}
