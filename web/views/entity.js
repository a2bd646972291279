// One entity's own page: its facts as the graph holds them, the law it is on legislation.gov.uk,
// what backs it and what it touches, and the evidence on each of its relationships on those chains.
import { gql, QUERIES } from '../api.js';
import { h } from '../dom.js';
import { collectHops, sourceNode } from '../hops.js';
import { state } from '../state.js';
import { asOf, hashFor } from '../url-state.js';
import { asOfNote, entityLink, heading, refList } from '../widgets.js';

// The facts a person reads, in this order; the query's aliases (legislationKind…) read as one label.
const FACTS = [
  ['id', 'Id'],
  ['kind', 'Kind'],
  ['number', 'Number'],
  ['year', 'Year'],
  ['enacted', 'Enacted'],
  ['text', 'Text'],
  ['description', 'Description'],
  ['aliases', 'Also called'],
  ['scope', 'Scope'],
  ['publisher', 'Publisher'],
  ['reference', 'Reference'],
  ['published', 'Published'],
  ['periodStart', 'Period starts'],
  ['periodEnd', 'Period ends'],
  ['vision', 'Vision'],
  ['measuringSuccess', 'Measuring success'],
  ['progress', 'Progress'],
  ['correction', 'Correction'],
  ['unit', 'Unit'],
  ['polarity', 'Polarity'],
  ['dataSource', 'Data source'],
  ['validFrom', 'In force or in being from'],
  ['validTo', 'Until'],
  ['url', 'Address'],
  ['verified', 'Checked'],
  ['notes', 'Notes'],
  ['dataset', 'Dataset'],
  ['partnership', 'Partnership'],
];
const ALIASES = /^(legislation|provision|duty|strategy|activity|programme|discrepancy|outcome)(Kind|Number)$/;

function facts(entity) {
  const named = {};
  for (const [key, value] of Object.entries(entity)) {
    const alias = ALIASES.exec(key);
    named[alias ? alias[2].toLowerCase() : key] = value;
  }
  // A date the source gives only to the month or year says so.
  for (const key of ['validFrom', 'validTo', 'enacted', 'published', 'periodStart', 'periodEnd']) {
    const precision = named[`${key}Precision`];
    if (named[key] && precision && precision !== 'DAY') named[key] = `${named[key]} (to the ${precision.toLowerCase()})`;
  }
  return FACTS.filter(([key]) => named[key] !== null && named[key] !== undefined && !(Array.isArray(named[key]) && named[key].length === 0)).map(
    ([key, label]) => {
      const value = named[key];
      const shown =
        key === 'url' ? sourceNode(value) : key === 'verified' ? (value ? 'Yes' : 'Not yet checked') : Array.isArray(value) ? value.join('; ') : String(value);
      return [h('dt', {}, label), h('dd', { 'data-fact': key }, shown)];
    },
  );
}

/**
 * The entity's page on legislation.gov.uk, from what the graph stores only: its address when that
 * is there, else its id, which for legislation is the site's own path (ukpga/1998/37/section/6).
 */
export function legislationAddress(entity) {
  if (entity.type !== 'LEGISLATION' && entity.type !== 'PROVISION') return null;
  if (typeof entity.url === 'string' && entity.url.startsWith('https://www.legislation.gov.uk/')) return entity.url;
  return /^[a-z]{2,6}\/\d{4}\/\d+(\/[A-Za-z0-9]+)*$/.test(entity.id) ? `https://www.legislation.gov.uk/${entity.id}` : null;
}

// The part of each trace path above the entity: what it rests on, hop by hop.
function above(trace, id) {
  const paths = [];
  for (const path of trace.paths) {
    const at = path.steps.findIndex((s) => (s.reversed ? s.from.id : s.to.id) === id);
    if (at >= 0 && at + 1 < path.steps.length) paths.push({ steps: path.steps.slice(at + 1) });
  }
  return collectHops(paths);
}

function evidenceTable(id, caption, hops) {
  if (hops.length === 0) return h('p', { class: 'legend' }, 'None on these chains.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'evidence', id },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Relationship', 'Basis', 'Source or address', 'Quote or note'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        hops.map(({ step }) =>
          h(
            'tr',
            {},
            h('td', {}, entityLink(step.from), ' ', h('span', { class: 'rel' }, step.relationship), ' ', entityLink(step.to)),
            h('td', { 'data-label': 'Basis' }, step.evidence.basis, step.evidence.verified === false ? ' (not yet verified)' : ''),
            h('td', { 'data-label': 'Source' }, sourceNode(step.evidence.source)),
            h('td', { 'data-label': 'Quote or note' }, step.evidence.quote ? h('q', {}, step.evidence.quote) : step.evidence.note || '—'),
          ),
        ),
      ),
    ),
  );
}

// A part that cannot be answered (e.g. impact of a kind it does not walk from) says so, and the rest still shows.
async function attempt(work) {
  try {
    return { value: await work() };
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return { error: error.message };
  }
}

export async function renderEntity(id) {
  const { entities } = await gql(QUERIES.entity, { id });
  const entity = entities[0];
  if (!entity) throw new Error(`Nothing in the graph has the id ${id}.`);
  const date = asOf() || null;
  let backs = [];
  let touches = null;
  let touchesError = null;
  let backsNote;
  if (entity.type === 'ACTIVITY') {
    const { trace } = await gql(QUERIES.trace, { id, asOf: date });
    backs = collectHops(trace.paths);
    backsNote = trace.message;
  } else {
    const answer = await attempt(async () => (await gql(QUERIES.impact, { id, asOf: date, first: 50, after: null })).impact);
    touches = answer.value ?? null;
    touchesError = answer.error ?? null;
    // What it rests on is the part above it of a trace that reaches it: one dependent activity's.
    const activity = touches?.activities[0];
    if (activity) {
      const { trace } = await gql(QUERIES.trace, { id: activity.id, asOf: date });
      backs = above(trace, id);
      backsNote = `Read from the trace of ${activity.name}, which reaches it.`;
    } else backsNote = 'No local work reaches it, so no chain above it is shown.';
  }
  const down = touches ? collectHops(touches.paths) : [];
  const own = [...backs, ...down].filter((hop) => hop.left.id === id || hop.reached.id === id);
  const seen = new Set();
  const ownHops = own.filter((hop) => (seen.has(hop.key) ? false : seen.add(hop.key)));
  state.data = { entity, touches };
  state.hops = [];
  const law = legislationAddress(entity);
  const next =
    entity.type === 'ACTIVITY'
      ? h('a', { href: hashFor({ view: 'trace', id, asOf: asOf() }) }, 'Open its trace, with the diagram')
      : entity.type === 'AGREEMENT'
        ? h('a', { href: hashFor({ view: 'coverage', id, asOf: asOf() }) }, 'Open its coverage')
        : h('a', { href: hashFor({ view: 'impact', id, asOf: asOf() }) }, 'Open what depends on it, with the diagram');
  return [
    heading(entity.name, entity.type),
    law ? h('p', {}, h('a', { id: 'legislation-link', href: law, rel: 'noopener', target: '_blank' }, `Read it on legislation.gov.uk: ${law}`)) : [],
    h('p', {}, next),
    asOfNote(),
    h('h2', {}, 'Facts'),
    h('dl', { class: 'facts', id: 'facts' }, facts(entity)),
    h('h2', {}, 'Its evidence'),
    evidenceTable('own-evidence', 'Its relationships on the chains below, each with its basis and source', ownHops),
    h('h2', {}, 'What backs it'),
    h('p', { class: 'legend' }, backsNote),
    evidenceTable('backs', 'Every hop above it, up to legislation or a national strategy', backs),
    entity.type === 'ACTIVITY'
      ? []
      : [
          h('h2', {}, 'What it touches'),
          touches
            ? [
                h('p', { class: 'message' }, touches.message),
                h(
                  'dl',
                  { id: 'touches' },
                  h('dt', {}, `Agreements (${touches.agreementCount})`),
                  h('dd', {}, refList(touches.agreements)),
                  h('dt', {}, `Activities (${touches.activityCount})`),
                  h('dd', {}, refList(touches.activities)),
                  h('dt', {}, `Programmes (${touches.programmeCount})`),
                  h('dd', {}, refList(touches.programmes)),
                ),
                touches.hasNextPage
                  ? h(
                      'p',
                      { class: 'legend' },
                      `Names of the first ${touches.activities.length + touches.agreements.length + touches.programmes.length} of ${touches.totalCount}; the impact view pages through all.`,
                    )
                  : [],
              ]
            : h('p', { class: 'legend' }, touchesError),
        ],
  ];
}
