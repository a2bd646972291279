// An agreement's coverage: each duty and who discharges it, each activity and what backs it.
import { gql, QUERIES } from '../api.js';
import { h, status } from '../dom.js';
import { state } from '../state.js';
import { download, downloadButton, slug, toolbar } from '../toolbar.js';
import { entityLink, heading, kind, refList } from '../widgets.js';

export async function renderCoverage(id) {
  const { coverage } = await gql(QUERIES.coverage, { id });
  state.data = coverage;
  state.hops = [];
  const file = slug(id);
  // The alignment CSV is fetched only when asked for: the page itself does not show it.
  const alignmentCsv = async () => {
    const { alignment } = await gql(QUERIES.alignment, { id });
    download(`${file}-alignment.csv`, alignment.csv, 'text/csv');
  };
  return [
    heading(`Coverage: ${coverage.agreement.name}`, 'AGREEMENT'),
    h('p', { class: 'message' }, coverage.message),
    h(
      'p',
      {},
      'Made by: ',
      coverage.madeBy.map((r, i) => [i ? ', ' : '', entityLink(r)]),
    ),
    h('p', { class: 'legend' }, 'Coverage lists every duty, whatever the date (the as-at date applies to traces and impact).'),
    toolbar(
      downloadButton('Download coverage CSV', `${file}-coverage.csv`, coverage.csv, 'text/csv'),
      downloadButton('Download Mermaid', `${file}-coverage.mmd`, coverage.mermaid, 'text/plain'),
      h('button', { type: 'button', onclick: () => alignmentCsv().catch((e) => status(e.message, true)) }, 'Download alignment CSV'),
    ),
    h('h2', {}, `Duties (${coverage.duties.length}), ${coverage.gaps.length} gap${coverage.gaps.length === 1 ? '' : 's'}`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'duties' },
        h('caption', {}, 'Each duty with the activities that discharge it; rows marked Gap have none'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Duty', 'Imposed by', 'Binds', 'Discharged by'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          coverage.duties.map((d) =>
            h(
              'tr',
              { class: d.gap ? 'gap' : '' },
              h('th', { scope: 'row' }, entityLink(d.duty), d.kind && d.kind !== 'DUTY' ? [' ', kind(d.kind)] : ''),
              h('td', {}, refList(d.imposedBy)),
              h('td', {}, refList(d.binds)),
              h(
                'td',
                {},
                d.gap
                  ? h('span', { class: 'flag' }, 'Gap: no activity discharges this duty')
                  : refList(d.dischargedBy, d.kind === 'POWER' ? 'Not used (a power)' : '—'),
              ),
            ),
          ),
        ),
      ),
    ),
    h('h2', {}, `Activities (${coverage.activities.length}), ${coverage.unbacked.length} with no backing`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'activities' },
        h('caption', {}, 'Each activity with the duties it discharges and national strategies it supports'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Activity', 'Discharges', 'National strategies', 'Backed'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          coverage.activities.map((a) =>
            h(
              'tr',
              { class: a.backed ? '' : 'unbacked' },
              h('th', { scope: 'row' }, entityLink(a.activity)),
              h('td', {}, refList(a.discharges)),
              h('td', {}, refList(a.nationalStrategies)),
              h('td', {}, a.backed ? h('span', { class: 'yes' }, 'Yes') : h('span', { class: 'flag' }, 'No backing')),
            ),
          ),
        ),
      ),
    ),
  ];
}
