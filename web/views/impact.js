// What depends on an entity: counts of all its dependent local work, one page of them by name.
import { gql, QUERIES } from '../api.js';
import { diagramSection } from '../diagram.js';
import { h } from '../dom.js';
import { collectHops, hopsTable } from '../hops.js';
import { state } from '../state.js';
import { downloadButton, slug, toolbar } from '../toolbar.js';
import { asOf, hashFor } from '../url-state.js';
import { aboutLink, asOfNote, heading, refList } from '../widgets.js';

export async function renderImpact(id, first, after) {
  const { impact } = await gql(QUERIES.impact, { id, asOf: asOf() || null, first: Number(first) || 50, after: after || null });
  state.data = impact;
  const hops = collectHops(impact.paths);
  state.hops = hops;
  const onPage = impact.agreements.length + impact.activities.length + impact.programmes.length;
  // Counts are of every dependent; the lists, diagram and hops are of one page of them.
  const paged = Boolean(after) || impact.hasNextPage;
  const pager = paged
    ? h(
        'p',
        { class: 'legend', id: 'pager' },
        `Showing ${onPage} of ${impact.totalCount} dependents, by name, with one chain each. `,
        after ? [h('a', { href: hashFor({ view: 'impact', id, asOf: asOf(), first }) }, 'First page'), ' '] : [],
        impact.hasNextPage ? h('a', { href: hashFor({ view: 'impact', id, asOf: asOf(), first, after: impact.endCursor }) }, 'Next page') : [],
      )
    : [];
  return [
    heading(`What depends on ${impact.subject.name}`, impact.subject.type),
    h('p', { class: 'message' }, impact.message),
    h('p', {}, aboutLink(impact.subject, `About ${impact.subject.name}`)),
    asOfNote(),
    toolbar(downloadButton('Download Mermaid', `impact-${slug(id)}.mmd`, impact.mermaid, 'text/plain')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'dependents' },
        h('caption', {}, paged ? 'Dependent local work (counts of all; names on this page)' : 'Dependent local work'),
        h(
          'tbody',
          {},
          h('tr', {}, h('th', { scope: 'row' }, `Agreements (${impact.agreementCount})`), h('td', {}, refList(impact.agreements))),
          h('tr', {}, h('th', { scope: 'row' }, `Activities (${impact.activityCount})`), h('td', {}, refList(impact.activities))),
          h('tr', {}, h('th', { scope: 'row' }, `Programmes (${impact.programmeCount})`), h('td', {}, refList(impact.programmes))),
        ),
      ),
    ),
    pager,
    hops.length ? diagramSection(hops, { upward: false }) : h('p', {}, 'No local work depends on it.'),
    hops.length ? [h('h2', {}, 'Hops and evidence'), hopsTable(hops)] : [],
  ];
}
