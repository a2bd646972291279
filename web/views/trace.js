// An activity's trace: what backs it, up to the Acts, with every hop's evidence.
import { gql, QUERIES } from '../api.js';
import { diagramSection } from '../diagram.js';
import { h } from '../dom.js';
import { collectHops, hopsTable } from '../hops.js';
import { state } from '../state.js';
import { downloadButton, slug, toolbar } from '../toolbar.js';
import { asOf } from '../url-state.js';
import { asOfNote, heading, refList } from '../widgets.js';

export async function renderTrace(id) {
  const { trace } = await gql(QUERIES.trace, { id, asOf: asOf() || null });
  state.data = trace;
  const hops = collectHops(trace.paths);
  state.hops = hops;
  const file = slug(id);
  return [
    heading(trace.activity.name, 'ACTIVITY'),
    h('p', { class: 'message' }, trace.unbacked ? h('strong', { class: 'flag' }, 'Unbacked. ') : h('strong', { class: 'yes' }, 'Backed. '), trace.message),
    asOfNote(),
    toolbar(
      downloadButton('Download Mermaid', `${file}.mmd`, trace.mermaid, 'text/plain'),
      downloadButton('Download JSON-LD', `${file}.jsonld`, trace.jsonld, 'application/ld+json'),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'What it reaches'),
      h(
        'dl',
        {},
        h('dt', {}, 'Legislation'),
        h('dd', {}, refList(trace.legislation)),
        h('dt', {}, 'Duties'),
        h('dd', {}, refList(trace.duties)),
        h('dt', {}, 'Strategies'),
        h('dd', {}, refList(trace.strategies)),
        h('dt', {}, 'Outcomes'),
        h('dd', {}, refList(trace.outcomes)),
      ),
    ),
    diagramSection(hops, { upward: true }),
    h('h2', {}, 'Hops and evidence'),
    hopsTable(hops),
  ];
}
