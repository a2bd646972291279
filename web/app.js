// Golden Thread explorer: plain DOM + fetch to /graphql; Cytoscape.js draws the diagrams.
// The view lives in the URL hash (#view=trace&id=...&asOf=...), so any link reopens it.
'use strict';

const AGREEMENT = 'lancashire-csa-2014-2016';
const REF = 'id type name';
const STEP = `from { ${REF} } relationship to { ${REF} } reversed evidence { basis source quote note verified validFrom validTo }`;
const Q = {
  search: `query Search($text: String!) { search(text: $text, first: 30) { id type name score } }`,
  trace: `query Trace($id: ID!, $asOf: Date) { trace(activityId: $id, asOf: $asOf) {
    activity { ${REF} } asOf grounded unbacked message
    legislation { ${REF} } duties { ${REF} } strategies { ${REF} } outcomes { ${REF} }
    paths { grounded verified endsAt { ${REF} } steps { ${STEP} } } mermaid jsonld } }`,
  impact: `query Impact($id: ID!, $asOf: Date, $first: Int, $after: String) { impact(id: $id, asOf: $asOf, first: $first, after: $after) {
    subject { ${REF} } asOf message totalCount agreementCount activityCount programmeCount hasNextPage endCursor
    agreements { ${REF} } activities { ${REF} } programmes { ${REF} }
    paths { endsAt { ${REF} } steps { ${STEP} } } mermaid } }`,
  coverage: `query Coverage($id: ID!) { coverage(agreementId: $id) {
    agreement { ${REF} } madeBy { ${REF} } message mermaid csv
    duties { duty { ${REF} } kind imposedBy { ${REF} } binds { ${REF} } reasons dischargedBy { ${REF} } gap }
    gaps { ${REF} } unbacked { ${REF} }
    activities { activity { ${REF} } discharges { ${REF} } nationalStrategies { ${REF} } backed } } }`,
  alignment: `query Alignment($id: ID!) { alignment(agreementId: $id) { csv } }`,
  home: `query Home($id: ID!) { coverage(agreementId: $id) { agreement { ${REF} } activities { activity { ${REF} } backed } } }`,
};

const TYPE_COLOURS = {
  ACTIVITY: '#1f6f43', PROGRAMME: '#2e7d6b', OUTCOME: '#6a4c93', PRIORITY: '#8e44ad', AGREEMENT: '#7a5c00',
  STRATEGY: '#b35900', DUTY: '#b00020', PROVISION: '#0b5394', LEGISLATION: '#073763', BOARD: '#555', ORGANISATION: '#555',
  AREA: '#555', PRINCIPLE: '#555', DISCREPANCY: '#555',
};
/** Bottom-to-top order of the diagram: local work first, the Acts last. */
const LAYER = { ACTIVITY: 0, PROGRAMME: 1, AGREEMENT: 1, OUTCOME: 2, PRIORITY: 2, BOARD: 2, ORGANISATION: 2, AREA: 2, PRINCIPLE: 2, DISCREPANCY: 2, STRATEGY: 3, DUTY: 4, PROVISION: 5, LEGISLATION: 6 };

const $ = (selector) => document.querySelector(selector);
const view = () => $('#view');
const state = { cy: null, hops: [], data: null };
window.explorer = state; // for tests and the curious

// ---------- helpers ----------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function params() { return new URLSearchParams(location.hash.replace(/^#/, '')); }
function hashFor(next) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
  return '#' + p.toString();
}
function asOf() { return params().get('asOf') || ''; }
/** Where opening an entity goes: an activity's trace, an agreement's coverage, otherwise what depends on it. */
function openHash(ref) {
  const v = ref.type === 'ACTIVITY' ? 'trace' : ref.type === 'AGREEMENT' ? 'coverage' : 'impact';
  return hashFor({ view: v, id: ref.id, asOf: asOf() });
}
function kind(type) { return h('span', { class: 'kind' }, type.toLowerCase()); }
function entityLink(ref) { return h('a', { href: openHash(ref) }, ref.name); }
function refList(refs, empty = '—') {
  if (!refs || refs.length === 0) return empty;
  const list = h('ul', {}, refs.map((r) => h('li', {}, entityLink(r))));
  // Long lists (e.g. every council a duty binds) fold away so the table stays readable.
  return refs.length > 4 ? h('details', { class: 'many' }, h('summary', {}, `${refs.length}: ${refs[0].name} and others`), list) : list;
}
function status(text, isError = false) {
  const el = $('#status');
  el.textContent = text;
  el.className = isError ? 'error' : '';
  el.setAttribute('role', isError ? 'alert' : 'status');
}

async function gql(query, variables) {
  const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status(`Downloaded ${filename}.`);
}
function slug(id) { return id.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, ''); }

function toolbar(...buttons) {
  const copy = h('button', { type: 'button', onclick: copyLink }, 'Copy link to this view');
  return h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Downloads and link' }, buttons, copy);
}
function downloadButton(label, filename, text, type) {
  return h('button', { type: 'button', onclick: () => download(filename, text, type) }, label);
}
async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    status('Link copied: ' + location.href);
  } catch {
    status('Copy this link: ' + location.href);
  }
}

function heading(text, type) {
  const el = h('h1', { tabindex: '-1' }, type ? [kind(type), ' '] : [], text);
  return el;
}
function asOfNote() {
  const date = asOf();
  return h('p', { class: 'legend' }, date ? `As at ${date}: only what was in force that day.` : 'Any date: everything in the graph, whenever it held.');
}

// ---------- hops: table + diagram ----------
/** One entry per distinct relationship, in walk order (left → reached). */
function collectHops(paths) {
  const byKey = new Map();
  for (const path of paths) {
    for (const step of path.steps) {
      const key = `${step.from.id}|${step.relationship}|${step.to.id}`;
      if (byKey.has(key)) continue;
      const left = step.reversed ? step.to : step.from;
      const reached = step.reversed ? step.from : step.to;
      byKey.set(key, { key, index: byKey.size, step, left, reached });
    }
  }
  return [...byKey.values()];
}

function sourceNode(source) {
  return /^https?:\/\//.test(source) ? h('a', { href: source, rel: 'noopener', target: '_blank' }, source) : source;
}

function showEvidence(hop, { focus = true } = {}) {
  const panel = $('#evidence');
  const { step } = hop;
  const e = step.evidence;
  panel.replaceChildren(
    h('h3', { id: 'evidence-title', tabindex: '-1' }, 'Evidence for this hop'),
    h('p', {}, entityLink(step.from), ' ', h('span', { class: 'rel' }, step.relationship), ' ', entityLink(step.to)),
    h('dl', {},
      h('dt', {}, 'Basis'), h('dd', { 'data-field': 'basis' }, e.basis, e.verified === false ? ' (not yet verified)' : ''),
      h('dt', {}, e.basis === 'STATED' ? 'Section' : e.basis === 'EXTERNAL' ? 'Address' : 'Source'), h('dd', { 'data-field': 'source' }, sourceNode(e.source)),
      e.quote ? [h('dt', {}, 'Quote'), h('dd', { 'data-field': 'quote' }, h('blockquote', {}, e.quote))] : [],
      e.note ? [h('dt', {}, 'Note'), h('dd', { 'data-field': 'note' }, e.note)] : [],
      e.validFrom || e.validTo ? [h('dt', {}, 'Holds'), h('dd', {}, `${e.validFrom || '…'} to ${e.validTo || '…'}`)] : [],
    ),
  );
  panel.hidden = false;
  for (const row of document.querySelectorAll('#hops tr')) row.classList.toggle('selected', row.dataset.key === hop.key);
  for (const b of document.querySelectorAll('#hops button.hop')) b.setAttribute('aria-pressed', String(b.dataset.key === hop.key));
  if (state.cy) {
    state.cy.elements().unselect();
    state.cy.getElementById('e' + hop.index).select();
  }
  if (focus) $('#evidence-title').focus();
}

function hopsTable(hops) {
  return h('div', { class: 'table-wrap' }, h('table', { id: 'hops' },
    h('caption', {}, `Every hop (${hops.length}) with its evidence — choose a hop to show it in full`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Hop'), h('th', { scope: 'col' }, 'Basis'), h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'Quote or note'))),
    h('tbody', {}, hops.map((hop) => h('tr', { 'data-key': hop.key },
      h('td', {}, h('button', { type: 'button', class: 'hop', 'data-key': hop.key, 'aria-pressed': 'false', onclick: () => showEvidence(hop) },
        `${hop.left.name} → ${hop.reached.name}`), h('br'), h('span', { class: 'rel' }, hop.step.relationship, hop.step.reversed ? ' (read backwards)' : '')),
      h('td', { 'data-label': 'Basis' }, hop.step.evidence.basis),
      h('td', { 'data-label': 'Source' }, sourceNode(hop.step.evidence.source)),
      h('td', { 'data-label': 'Quote or note' }, hop.step.evidence.quote ? h('q', {}, hop.step.evidence.quote) : hop.step.evidence.note || '—'),
    ))),
  ));
}

function drawDiagram(container, hops, rootId, { upward = true } = {}) {
  if (state.cy) { state.cy.destroy(); state.cy = null; }
  if (typeof window.cytoscape !== 'function') {
    container.replaceChildren(h('p', {}, 'The diagram could not load; every hop is in the table below.'));
    return;
  }
  const nodes = new Map();
  for (const hop of hops) for (const ref of [hop.left, hop.reached]) nodes.set(ref.id, ref);
  const elements = [
    ...[...nodes.values()].map((ref) => ({ data: { id: 'n:' + ref.id, ref, label: ref.name.length > 48 ? ref.name.slice(0, 46) + '…' : ref.name, colour: TYPE_COLOURS[ref.type] || '#555', layer: LAYER[ref.type] ?? 2 } })),
    ...hops.map((hop) => ({ data: { id: 'e' + hop.index, source: 'n:' + hop.left.id, target: 'n:' + hop.reached.id, label: hop.step.relationship, basis: hop.step.evidence.basis } })),
  ];
  const cy = window.cytoscape({
    container,
    elements,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', color: '#111', 'font-size': 15, 'text-wrap': 'wrap', 'text-max-width': 150, 'text-valign': 'bottom', 'text-margin-y': 4, width: 22, height: 22, 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 2 } },
      { selector: 'edge', style: { width: 2, 'line-color': '#8a8a8a', 'target-arrow-color': '#8a8a8a', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 10, color: '#333', 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.85 } },
      { selector: 'edge[basis = "INFERRED"]', style: { 'line-style': 'dashed' } },
      { selector: 'edge:selected', style: { width: 5, 'line-color': '#f0a500', 'target-arrow-color': '#f0a500' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f0a500' } },
    ],
    layout: { name: 'preset' },
  });
  // Layered by kind: local work at the bottom, the Acts at the top (or the reverse for impact).
  const layers = new Map();
  cy.nodes().forEach((n) => {
    const layer = n.data('layer');
    if (!layers.has(layer)) layers.set(layer, []);
    layers.get(layer).push(n);
  });
  const order = [...layers.keys()].sort((a, b) => a - b);
  const width = Math.max(...[...layers.values()].map((l) => l.length)) * 175;
  order.forEach((layer, rank) => {
    const row = layers.get(layer).sort((a, b) => a.data('label').localeCompare(b.data('label')));
    row.forEach((n, i) => n.position({ x: (i + 0.5) * (width / row.length) + ((rank % 2) * 20), y: (upward ? -rank : rank) * 120 }));
  });
  cy.fit(undefined, 24);
  cy.on('tap', 'edge', (event) => { const hop = hops[Number(event.target.id().slice(1))]; if (hop) showEvidence(hop, { focus: false }); });
  cy.on('tap', 'node', (event) => { location.hash = openHash(event.target.data('ref')); });
  state.cy = cy;
  void rootId;
}

function diagramSection(hops, rootId, options) {
  const box = h('div', { id: 'diagram', role: 'img', 'aria-label': `Diagram of ${hops.length} hops. Every hop and its evidence is also in the table below.` });
  const section = h('section', { 'aria-labelledby': 'diagram-title' },
    h('h2', { id: 'diagram-title' }, 'Diagram'),
    h('p', { class: 'legend' }, 'Tap a line to show its evidence, or a dot to open that entity. Dashed lines are inferred. Keyboard users: use the table of hops below.'),
    box,
    h('section', { id: 'evidence', 'aria-live': 'polite', hidden: true }),
  );
  requestAnimationFrame(() => drawDiagram(box, hops, rootId, options));
  return section;
}

// ---------- views ----------
async function renderHome() {
  const data = await gql(Q.home, { id: AGREEMENT });
  const c = data.coverage;
  return [
    heading('Golden Thread explorer'),
    h('p', {}, 'Follow local community-safety work up to the laws and national strategies behind it. Search above, or start from an activity of ', entityLink(c.agreement), '.'),
    h('h2', {}, 'Activities'),
    h('ol', { class: 'hits' }, c.activities.map((a) => h('li', {}, entityLink(a.activity), a.backed ? '' : h('span', { class: 'flag' }, ' — no statutory or national backing')))),
  ];
}

async function renderSearch(text) {
  $('#search-text').value = text;
  const { search } = await gql(Q.search, { text });
  return [
    heading(`Search: ${text}`),
    h('p', {}, search.length === 0 ? 'Nothing found.' : `${search.length} result${search.length === 1 ? '' : 's'}, best first.`),
    h('ol', { class: 'hits', id: 'hits' }, search.map((hit) => h('li', {}, kind(hit.type), ' ', entityLink(hit), h('br'), h('small', { class: 'legend' }, hit.id)))),
  ];
}

async function renderTrace(id) {
  const { trace } = await gql(Q.trace, { id, asOf: asOf() || null });
  state.data = trace;
  const hops = collectHops(trace.paths);
  state.hops = hops;
  const file = slug(id);
  return [
    heading(trace.activity.name, 'ACTIVITY'),
    h('p', { class: 'message' }, trace.unbacked ? h('strong', { class: 'flag' }, 'Unbacked. ') : h('strong', { class: 'yes' }, 'Backed. '), trace.message),
    asOfNote(),
    toolbar(downloadButton('Download Mermaid', `${file}.mmd`, trace.mermaid, 'text/plain'), downloadButton('Download JSON-LD', `${file}.jsonld`, trace.jsonld, 'application/ld+json')),
    h('details', {}, h('summary', {}, 'What it reaches'),
      h('dl', {}, h('dt', {}, 'Legislation'), h('dd', {}, refList(trace.legislation)), h('dt', {}, 'Duties'), h('dd', {}, refList(trace.duties)),
        h('dt', {}, 'Strategies'), h('dd', {}, refList(trace.strategies)), h('dt', {}, 'Outcomes'), h('dd', {}, refList(trace.outcomes)))),
    diagramSection(hops, trace.activity.id, { upward: true }),
    h('h2', {}, 'Hops and evidence'),
    hopsTable(hops),
  ];
}

async function renderImpact(id, first, after) {
  const { impact } = await gql(Q.impact, { id, asOf: asOf() || null, first: Number(first) || 50, after: after || null });
  state.data = impact;
  const hops = collectHops(impact.paths);
  state.hops = hops;
  const onPage = impact.agreements.length + impact.activities.length + impact.programmes.length;
  // Counts are of every dependent; the lists, diagram and hops are of one page of them.
  const paged = Boolean(after) || impact.hasNextPage;
  const pager = paged ? h('p', { class: 'legend', id: 'pager' },
    `Showing ${onPage} of ${impact.totalCount} dependents, by name, with one chain each. `,
    after ? [h('a', { href: hashFor({ view: 'impact', id, asOf: asOf(), first }) }, 'First page'), ' '] : [],
    impact.hasNextPage ? h('a', { href: hashFor({ view: 'impact', id, asOf: asOf(), first, after: impact.endCursor }) }, 'Next page') : []) : [];
  return [
    heading(`What depends on ${impact.subject.name}`, impact.subject.type),
    h('p', { class: 'message' }, impact.message),
    asOfNote(),
    toolbar(downloadButton('Download Mermaid', `impact-${slug(id)}.mmd`, impact.mermaid, 'text/plain')),
    h('div', { class: 'table-wrap' }, h('table', { id: 'dependents' },
      h('caption', {}, paged ? 'Dependent local work (counts of all; names on this page)' : 'Dependent local work'),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, `Agreements (${impact.agreementCount})`), h('td', {}, refList(impact.agreements))),
        h('tr', {}, h('th', { scope: 'row' }, `Activities (${impact.activityCount})`), h('td', {}, refList(impact.activities))),
        h('tr', {}, h('th', { scope: 'row' }, `Programmes (${impact.programmeCount})`), h('td', {}, refList(impact.programmes)))))),
    pager,
    hops.length ? diagramSection(hops, impact.subject.id, { upward: true }) : h('p', {}, 'No local work depends on it.'),
    hops.length ? [h('h2', {}, 'Hops and evidence'), hopsTable(hops)] : [],
  ];
}

async function renderCoverage(id) {
  const { coverage } = await gql(Q.coverage, { id });
  state.data = coverage;
  state.hops = [];
  const file = slug(id);
  const alignmentCsv = async () => { const { alignment } = await gql(Q.alignment, { id }); download(`${file}-alignment.csv`, alignment.csv, 'text/csv'); };
  return [
    heading(`Coverage: ${coverage.agreement.name}`, 'AGREEMENT'),
    h('p', { class: 'message' }, coverage.message),
    h('p', {}, 'Made by: ', coverage.madeBy.map((r, i) => [i ? ', ' : '', entityLink(r)])),
    h('p', { class: 'legend' }, 'Coverage lists every duty, whatever the date (the as-at date applies to traces and impact).'),
    toolbar(downloadButton('Download coverage CSV', `${file}-coverage.csv`, coverage.csv, 'text/csv'), downloadButton('Download Mermaid', `${file}-coverage.mmd`, coverage.mermaid, 'text/plain'),
      h('button', { type: 'button', onclick: () => alignmentCsv().catch((e) => status(e.message, true)) }, 'Download alignment CSV')),
    h('h2', {}, `Duties (${coverage.duties.length}), ${coverage.gaps.length} gap${coverage.gaps.length === 1 ? '' : 's'}`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'duties' },
      h('caption', {}, 'Each duty with the activities that discharge it; rows marked Gap have none'),
      h('thead', {}, h('tr', {}, ['Duty', 'Imposed by', 'Binds', 'Discharged by'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, coverage.duties.map((d) => h('tr', { class: d.gap ? 'gap' : '' },
        h('th', { scope: 'row' }, entityLink(d.duty), d.kind && d.kind !== 'DUTY' ? [' ', kind(d.kind)] : ''),
        h('td', {}, refList(d.imposedBy)),
        h('td', {}, refList(d.binds)),
        h('td', {}, d.gap ? h('span', { class: 'flag' }, 'Gap: no activity discharges this duty') : refList(d.dischargedBy, d.kind === 'POWER' ? 'Not used (a power)' : '—'))))))),
    h('h2', {}, `Activities (${coverage.activities.length}), ${coverage.unbacked.length} with no backing`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'activities' },
      h('caption', {}, 'Each activity with the duties it discharges and national strategies it supports'),
      h('thead', {}, h('tr', {}, ['Activity', 'Discharges', 'National strategies', 'Backed'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, coverage.activities.map((a) => h('tr', { class: a.backed ? '' : 'unbacked' },
        h('th', { scope: 'row' }, entityLink(a.activity)),
        h('td', {}, refList(a.discharges)),
        h('td', {}, refList(a.nationalStrategies)),
        h('td', {}, a.backed ? h('span', { class: 'yes' }, 'Yes') : h('span', { class: 'flag' }, 'No backing'))))))),
  ];
}

async function render() {
  const p = params();
  const v = p.get('view') || 'home';
  const id = p.get('id') || '';
  $('#as-of').value = asOf();
  status('Loading…');
  try {
    let content;
    if (v === 'search' && p.get('q')) content = await renderSearch(p.get('q'));
    else if (v === 'trace' && id) content = await renderTrace(id);
    else if (v === 'impact' && id) content = await renderImpact(id, p.get('first'), p.get('after'));
    else if (v === 'coverage') content = await renderCoverage(id || AGREEMENT);
    else content = await renderHome();
    if (state.cy && !document.querySelector('#diagram')) { state.cy.destroy(); state.cy = null; }
    view().replaceChildren(...[content].flat(Infinity));
    document.title = `${view().querySelector('h1')?.textContent || 'Explorer'} — Golden Thread`;
    status('');
    view().querySelector('h1')?.focus();
    document.body.dataset.view = v;
  } catch (error) {
    view().replaceChildren(heading('Something went wrong'), h('p', { class: 'error' }, error.message));
    status(error.message, true);
    document.body.dataset.view = 'error';
  }
}

$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('#search-text').value.trim();
  if (text) location.hash = hashFor({ view: 'search', q: text, asOf: asOf() });
});
$('#as-of').addEventListener('change', () => {
  const p = params();
  const date = $('#as-of').value;
  if (date) p.set('asOf', date); else p.delete('asOf');
  location.hash = '#' + p.toString();
});
$('#as-of-clear').addEventListener('click', () => {
  const p = params();
  p.delete('asOf');
  location.hash = '#' + p.toString();
});
// Links in the header keep the as-at date.
document.addEventListener('click', (event) => {
  const a = event.target.closest && event.target.closest('header nav a[href^="#"]');
  if (a && asOf()) { event.preventDefault(); location.hash = a.getAttribute('href') + '&asOf=' + asOf(); }
});
window.addEventListener('hashchange', render);
render();
