// Partnerships side by side: choose agreements, see each duty's status in each, their priorities,
// national strategies and indicators; the choice lives in the URL, so the link reopens it.
import { gql, QUERIES } from '../api.js';
import { h } from '../dom.js';
import { state } from '../state.js';
import { downloadButton, toolbar } from '../toolbar.js';
import { asOf, hashFor } from '../url-state.js';
import { asOfNote, entityLink, heading } from '../widgets.js';

const STATUS = {
  DISCHARGED: 'Discharged',
  GAP: 'Gap',
  UNUSED_POWER: 'Power not used',
  NOT_IN_SCOPE: 'Not in scope',
};
const COMMON = { ALL: 'In all', SOME: 'In some', ONE: 'Only one' };

/** The ids in the URL: `ids=a,b,c`. */
export function compareIds(param) {
  return (param || '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

function chooser(all, chosen) {
  const submit = (event) => {
    event.preventDefault();
    const ids = [...event.target.querySelectorAll('input[name="agreement"]:checked')].map((input) => input.value);
    location.hash = hashFor({ view: 'compare', ids: ids.join(','), asOf: asOf() });
  };
  return h(
    'form',
    { id: 'compare-form', onsubmit: submit },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Agreements to compare'),
      all.map((a) =>
        h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'agreement', value: a.id, checked: chosen.includes(a.id) }), ' ', a.name),
      ),
    ),
    h('button', { type: 'submit' }, 'Compare'),
  );
}

function table(id, caption, agreements, head, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [...head, ...agreements.map((a) => a.agreement.name)].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

function dutyCell(cell) {
  const label = STATUS[cell.status] || cell.status;
  if (cell.status !== 'DISCHARGED')
    return h(
      'td',
      { class: cell.status === 'GAP' ? 'gap' : '', 'data-status': cell.status },
      cell.status === 'GAP' ? h('span', { class: 'flag' }, label) : label,
    );
  const by = [...new Map(cell.credits.map((c) => [c.by.id, c])).values()];
  return h(
    'td',
    { 'data-status': cell.status },
    h('span', { class: 'yes' }, label),
    h(
      'ul',
      {},
      by.map((c) => h('li', {}, entityLink(c.by), ` (${c.kind.toLowerCase()}, ${c.evidence.basis.toLowerCase()})`)),
    ),
  );
}

function measurement(m) {
  const period = m.periodStart ? ` ${m.periodStart}${m.periodEnd ? ` to ${m.periodEnd}` : ''}` : '';
  return `${(m.kind || 'figure').toLowerCase()}${period}: ${m.value ?? m.text ?? ''}`;
}

function render(c) {
  const agreements = c.agreements;
  const columns = (pick) => agreements.map((a) => pick(a.agreement.id));
  return [
    h('p', { class: 'message' }, c.message),
    h(
      'ul',
      { id: 'compared' },
      agreements.map((a) => h('li', { class: a.inForce ? '' : 'flag' }, entityLink(a.agreement), ': ', a.message)),
    ),
    toolbar(downloadButton('Download comparison CSV', 'comparison.csv', c.csv, 'text/csv')),
    h('h2', {}, `Duties (${c.duties.length})`),
    table(
      'compare-duties',
      'Each duty in scope of any agreement, and what discharges it in each',
      agreements,
      ['Duty'],
      c.duties.map((d) => h('tr', { 'data-duty': d.duty.id }, h('th', { scope: 'row' }, entityLink(d.duty)), d.cells.map(dutyCell))),
    ),
    h('h2', {}, `Priorities (${c.priorities.length})`),
    table(
      'compare-priorities',
      'Priorities matched by wording',
      agreements,
      ['Priority', 'Held by'],
      c.priorities.map((p) =>
        h(
          'tr',
          { 'data-key': p.key },
          h('th', { scope: 'row' }, p.name),
          h('td', {}, COMMON[p.commonality]),
          columns((id) =>
            h(
              'td',
              {},
              (p.holders.find((x) => x.agreement.id === id)?.entities || []).map((e, i) => [i ? '; ' : '', entityLink(e)]),
            ),
          ),
        ),
      ),
    ),
    h('h2', {}, `National strategies (${c.strategies.length})`),
    table(
      'compare-strategies',
      'National strategies each agreement reaches: through its work, a priority, or by citing it',
      agreements,
      ['Strategy', 'Held by'],
      c.strategies.map((s) =>
        h(
          'tr',
          { 'data-strategy': s.strategy.id },
          h('th', { scope: 'row' }, entityLink(s.strategy)),
          h('td', {}, COMMON[s.commonality]),
          columns((id) => h('td', {}, (s.holders.find((x) => x.agreement.id === id)?.routes || []).map((r) => r.toLowerCase()).join(', '))),
        ),
      ),
    ),
    h('h2', {}, `Indicators (${c.indicators.length})`),
    c.indicators.length === 0
      ? h('p', {}, 'None of these agreements states an indicator.')
      : table(
          'compare-indicators',
          'Indicators side by side, matched by wording (check the units before comparing figures)',
          agreements,
          ['Indicator', 'Measured by'],
          c.indicators.map((x) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, x.name),
              h('td', {}, COMMON[x.commonality]),
              columns((id) =>
                h(
                  'td',
                  {},
                  x.cells
                    .filter((cell) => cell.agreement.id === id)
                    .map((cell) =>
                      h(
                        'div',
                        {},
                        entityLink(cell.indicator),
                        cell.unit ? ` (${cell.unit})` : '',
                        h(
                          'ul',
                          {},
                          cell.measurements.map((m) => h('li', {}, measurement(m))),
                        ),
                      ),
                    ),
                ),
              ),
            ),
          ),
        ),
    h(
      'p',
      { class: 'legend' },
      `Answer made ${c.generatedAt}; datasets: ${c.datasets.map((d) => `${d.id} (sha256 ${d.checksum.slice(0, 12)}…)`).join(', ') || 'none'}.`,
    ),
  ];
}

export async function renderCompare(idsParam) {
  const chosen = compareIds(idsParam);
  const { agreements } = await gql(QUERIES.agreements, {});
  const parts = [heading('Compare partnerships'), asOfNote(), chooser(agreements, chosen)];
  if (chosen.length === 0) {
    state.data = null;
    return [...parts, h('p', {}, 'Choose two or more agreements and press Compare.')];
  }
  const { compare } = await gql(QUERIES.compare, { ids: chosen, asOf: asOf() || null });
  state.data = compare;
  state.hops = [];
  return [...parts, render(compare)];
}
