// An agreement's coverage: each duty and who discharges it, each activity and what backs it.
import { gql, QUERIES } from '../api.js';
import { h, status } from '../dom.js';
import { state } from '../state.js';
import { download, downloadButton, slug, toolbar } from '../toolbar.js';
import { params, asOf } from '../url-state.js';
import { aboutLink, entityLink, heading, kind, refList } from '../widgets.js';

// The duties table's columns: how each sorts (text compares in the reader's language; the Gap
// column puts gaps first). The Gap column comes second so a phone shows it without scrolling.
const DUTY_COLUMNS = [
  { key: 'duty', label: 'Duty', value: (d) => d.duty.name },
  { key: 'gap', label: 'Gap', value: (d) => (d.gap ? 0 : 1) },
  { key: 'discharged', label: 'Discharged by', value: (d) => d.dischargedBy.length },
  { key: 'imposed', label: 'Imposed by', value: (d) => d.imposedBy.map((r) => r.name).join(', ') },
  { key: 'binds', label: 'Binds', value: (d) => d.binds.length },
];

function compare(a, b) {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** The rows in the order the address asks for (`sort=gap`, `sort=-duty`…), otherwise as the API gives them. */
function sorted(duties, sort) {
  const descending = sort.startsWith('-');
  const column = DUTY_COLUMNS.find((c) => c.key === sort.replace(/^-/, ''));
  if (!column) return duties;
  // Ties keep the API's order, so a sort is the same every time.
  return duties
    .map((d, i) => ({ d, i }))
    .sort((x, y) => (descending ? -1 : 1) * compare(column.value(x.d), column.value(y.d)) || x.i - y.i)
    .map(({ d }) => d);
}

// Sorting and filtering change the address, so a shared link shows the same rows in the same order.
function withParam(key, value) {
  const p = params();
  if (value) p.set(key, value);
  else p.delete(key);
  return '#' + p.toString();
}

function sortHeader(column, sort) {
  const active = sort.replace(/^-/, '') === column.key;
  const descending = active && sort.startsWith('-');
  const next = active && !descending ? `-${column.key}` : column.key;
  return h(
    'th',
    { scope: 'col', 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none', 'data-column': column.key },
    h(
      'a',
      { class: 'sort', href: withParam('sort', next), title: `Sort by ${column.label.toLowerCase()}` },
      column.label,
      active ? (descending ? ' ▼' : ' ▲') : '',
    ),
  );
}

export async function renderCoverage(id, { gapsOnly = false, sort = '' } = {}) {
  const date = asOf() || null;
  const { coverage } = await gql(QUERIES.coverage, { id, asOf: date });
  state.data = coverage;
  state.hops = [];
  const file = slug(id);
  // The alignment CSV is fetched only when asked for: the page itself does not show it.
  const alignmentCsv = async () => {
    const { alignment } = await gql(QUERIES.alignment, { id });
    download(`${file}-alignment.csv`, alignment.csv, 'text/csv');
  };
  const rows = sorted(
    coverage.duties.filter((d) => !gapsOnly || d.gap),
    sort,
  );
  const gaps = coverage.duties.filter((d) => d.gap).length;
  return [
    heading(`Coverage: ${coverage.agreement.name}`, 'AGREEMENT'),
    h('p', { class: 'message' }, coverage.message),
    h(
      'p',
      {},
      'Made by: ',
      coverage.madeBy.map((r, i) => [i ? ', ' : '', entityLink(r)]),
      ' · ',
      aboutLink(coverage.agreement, 'About this agreement'),
    ),
    h(
      'p',
      { class: 'legend', id: 'coverage-as-of' },
      coverage.asOf
        ? `As at ${coverage.asOf}: only duties, activities and relationships in force that day count.`
        : 'Any date: every duty and activity in the graph, whenever it held.',
    ),
    coverage.outOfForce ? h('p', { class: 'flag', id: 'out-of-force' }, `Not in force: ${coverage.outOfForce.reason}`) : [],
    toolbar(
      downloadButton('Download coverage CSV', `${file}-coverage.csv`, coverage.csv, 'text/csv'),
      downloadButton('Download Mermaid', `${file}-coverage.mmd`, coverage.mermaid, 'text/plain'),
      h('button', { type: 'button', onclick: () => alignmentCsv().catch((e) => status(e.message, true)) }, 'Download alignment CSV'),
    ),
    h('h2', {}, `Duties (${coverage.duties.length}), ${gaps} gap${gaps === 1 ? '' : 's'}`),
    h(
      'p',
      { class: 'filters' },
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          id: 'gaps-only',
          checked: gapsOnly,
          onchange: (event) => {
            location.hash = withParam('gaps', event.target.checked ? '1' : '');
          },
        }),
        ` Only gaps (${gaps})`,
      ),
      gapsOnly ? h('span', { class: 'legend' }, ` Showing ${rows.length} of ${coverage.duties.length} duties.`) : [],
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'duties', class: 'cards' },
        h('caption', {}, 'Each duty with the activities that discharge it; rows marked Gap have none. Choose a column heading to sort by it.'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            DUTY_COLUMNS.map((c) => sortHeader(c, sort)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((d) =>
            h(
              'tr',
              { class: d.gap ? 'gap' : '', 'data-duty': d.duty.id },
              h('th', { scope: 'row' }, entityLink(d.duty), d.kind && d.kind !== 'DUTY' ? [' ', kind(d.kind)] : ''),
              h('td', { 'data-label': 'Gap', class: 'gap-cell' }, d.gap ? h('span', { class: 'flag' }, 'Gap: no activity discharges this duty') : 'No'),
              h('td', { 'data-label': 'Discharged by' }, refList(d.dischargedBy, d.kind === 'POWER' ? 'Not used (a power)' : '—')),
              h('td', { 'data-label': 'Imposed by' }, refList(d.imposedBy)),
              h('td', { 'data-label': 'Binds' }, refList(d.binds)),
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
        { id: 'activities', class: 'cards' },
        h('caption', {}, 'Each activity with the duties it discharges and national strategies it supports'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Activity', 'Backed', 'Discharges', 'National strategies'].map((t) => h('th', { scope: 'col' }, t)),
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
              h('td', { 'data-label': 'Backed' }, a.backed ? h('span', { class: 'yes' }, 'Yes') : h('span', { class: 'flag' }, 'No backing')),
              h('td', { 'data-label': 'Discharges' }, refList(a.discharges)),
              h('td', { 'data-label': 'National strategies' }, refList(a.nationalStrategies)),
            ),
          ),
        ),
      ),
    ),
  ];
}
