// An activity's trace: what backs it, up to the Acts, with every hop's evidence.
import { gql, QUERIES } from '../api.js';
import { diagramSection } from '../diagram.js';
import { h } from '../dom.js';
import { collectHops, hopsTable } from '../hops.js';
import { state } from '../state.js';
import { downloadButton, slug, toolbar } from '../toolbar.js';
import { asOf } from '../url-state.js';
import { aboutLink, asOfNote, heading, refList } from '../widgets.js';

export async function renderTrace(id) {
  const { trace } = await gql(QUERIES.trace, { id, asOf: asOf() || null });
  state.data = trace;
  const hops = collectHops(trace.paths);
  state.hops = hops;
  const file = slug(id);
  return [
    heading(trace.activity.name, 'ACTIVITY'),
    h('p', { class: 'message' }, trace.unbacked ? h('strong', { class: 'flag' }, 'Unbacked. ') : h('strong', { class: 'yes' }, 'Backed. '), trace.message),
    h('p', {}, aboutLink(trace.activity, 'About this activity')),
    asOfNote(),
    toolbar(
      downloadButton('Download Mermaid', `${file}.mmd`, trace.mermaid, 'text/plain'),
      downloadButton('Download JSON-LD', `${file}.jsonld`, trace.jsonld, 'application/ld+json'),
    ),
    // Open, and every entry listed (not folded or counted): the Acts and provisions behind the
    // activity are what an inspector looks for first.
    h('h2', {}, 'What it reaches'),
    h(
      'dl',
      { id: 'reaches', class: 'reaches' },
      h('dt', {}, `Legislation (${trace.legislation.length})`),
      h('dd', { 'data-reaches': 'legislation' }, refList(trace.legislation, '—', { fold: false })),
      h('dt', {}, `Provisions (${trace.provisions.length})`),
      h('dd', { 'data-reaches': 'provisions' }, refList(trace.provisions, '—', { fold: false })),
      h('dt', {}, `Duties (${trace.duties.length})`),
      h('dd', { 'data-reaches': 'duties' }, refList(trace.duties)),
      h('dt', {}, `Strategies (${trace.strategies.length})`),
      h('dd', { 'data-reaches': 'strategies' }, refList(trace.strategies)),
      h('dt', {}, `Outcomes (${trace.outcomes.length})`),
      h('dd', { 'data-reaches': 'outcomes' }, refList(trace.outcomes)),
    ),
    diagramSection(hops, { upward: true }),
    h('h2', {}, 'Hops and evidence'),
    hopsTable(hops),
  ];
}
