/**
 * JSON-LD for a trace, in ELI (http://data.europa.eu/eli/ontology#) and PROV-O
 * (http://www.w3.org/ns/prov#) terms. Legislation is an eli:LegalResource and a provision an
 * eli:LegalResourceSubdivision, identified by its legislation.gov.uk URI; every other entity is a
 * prov:Entity with a stable IRI under ID_BASE. Each hop is a prov:Influence: the entity it
 * qualifies (prov:qualifiedInfluence, from the hop's `from`), its influencer (`to`), the
 * relationship type and evidence, and prov:wasDerivedFrom its source, always an IRI: the source's
 * own address when it is one, else a source node of its own under ID_BASE that carries the
 * source's words (a plan's section title, say) as its label, so nothing said is lost.
 *
 * A relationship's validFrom and validTo are calendar days the data states, not instants, so they
 * are gt:validFrom/gt:validTo xsd:date; PROV's times (xsd:dateTime) are kept for what happened at
 * an instant: the pack's making (src/operations/provenance.ts, sealJsonLd).
 */
import type { EntityRef, HopEvidence, TracePath } from '../shapes.js';

const GT = 'https://golden-thread.uk/def#';
/**
 * Where the project's own IRIs live: fixed, not the host an API happens to run on, so the same
 * entity has the same IRI in every pack from every deployment.
 */
export const ID_BASE = 'https://golden-thread.uk/id/';

export const CONTEXT = {
  eli: 'http://data.europa.eu/eli/ontology#',
  prov: 'http://www.w3.org/ns/prov#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dct: 'http://purl.org/dc/terms/',
  gt: GT,
} as const;

const segments = (id: string) => id.split('/').map(encodeURIComponent).join('/');

export function entityIri(entity: Pick<EntityRef, 'id' | 'type'>): string {
  if (entity.type === 'LEGISLATION' || entity.type === 'PROVISION') return `http://www.legislation.gov.uk/id/${segments(entity.id)}`;
  return `${ID_BASE}${encodeURIComponent(entity.type.toLowerCase())}/${segments(entity.id)}`;
}

export function datasetIri(dataset: string): string {
  return `${ID_BASE}dataset/${encodeURIComponent(dataset)}`;
}

/** The source's address when it is an http(s) URL, else null. */
export function sourceAddress(source: string): string | null {
  if (!/^https?:\/\//i.test(source)) return null;
  try {
    return new URL(source).href;
  } catch {
    return null;
  }
}

/**
 * The IRI a hop's evidence is derived from: the source's address, else a node for the source's
 * words within whoever stated them (its dataset, or the API change that made the link).
 */
export function sourceIri(evidence: Pick<HopEvidence, 'source' | 'dataset' | 'changeId'>): string {
  const address = sourceAddress(evidence.source);
  if (address !== null) return address;
  const within =
    evidence.dataset !== null
      ? `dataset/${encodeURIComponent(evidence.dataset)}`
      : evidence.changeId !== null
        ? `change/${encodeURIComponent(evidence.changeId)}`
        : 'unattributed';
  return `${ID_BASE}${within}/source/${encodeURIComponent(evidence.source)}`;
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
  const sources = new Map<string, Record<string, unknown>>();
  const partOf = new Map<string, Set<string>>();
  const influencedBy = new Map<string, Set<string>>();
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
        const e = step.evidence;
        const derivedFrom = sourceIri(e);
        if (sourceAddress(e.source) === null && !sources.has(derivedFrom)) {
          sources.set(derivedFrom, {
            '@id': derivedFrom,
            '@type': 'prov:Entity',
            'rdfs:label': e.source,
            ...(e.dataset === null ? {} : { 'prov:wasAttributedTo': { '@id': datasetIri(e.dataset) } }),
          });
        }
        const hop: Record<string, unknown> = {
          '@id': hopId,
          '@type': 'prov:Influence',
          'gt:relationship': step.relationship,
          'gt:influenced': { '@id': entityIri(step.from) },
          'prov:influencer': { '@id': entityIri(step.to) },
          'gt:basis': e.basis,
          'gt:assertedBy': e.assertedBy,
          'gt:source': e.source,
          'prov:wasDerivedFrom': { '@id': derivedFrom },
        };
        if (e.dataset !== null) hop['gt:dataset'] = e.dataset;
        if (e.changeId !== null) hop['gt:changeId'] = e.changeId;
        if (e.quote !== null) hop['gt:quote'] = e.quote;
        if (e.note !== null) hop['rdfs:comment'] = e.note;
        if (e.verified !== null) hop['gt:verified'] = e.verified;
        if (e.validFrom !== null) hop['gt:validFrom'] = { '@value': e.validFrom, '@type': 'xsd:date' };
        if (e.validTo !== null) hop['gt:validTo'] = { '@value': e.validTo, '@type': 'xsd:date' };
        hops.set(key, hop);
        const influencers = influencedBy.get(step.from.id) ?? new Set<string>();
        influencedBy.set(step.from.id, influencers.add(entityIri(step.to)));
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
    const influencers = influencedBy.get(entity.id);
    if (influencers) node['prov:wasInfluencedBy'] = [...influencers].map((iri) => ({ '@id': iri }));
    const influences = qualified.get(entity.id);
    if (influences) node['prov:qualifiedInfluence'] = influences.map((id) => ({ '@id': id }));
    graph.push(node);
  }
  graph.push(...hops.values(), ...sources.values());
  graph.push({
    '@id': '_:trace',
    '@type': 'gt:Trace',
    'gt:subject': { '@id': entityIri(trace.subject) },
    ...(trace.asOf === null ? {} : { 'gt:asOf': { '@value': trace.asOf, '@type': 'xsd:date' } }),
    'gt:chain': chains,
  });
  return JSON.stringify({ '@context': CONTEXT, '@graph': graph }, null, 2);
}
