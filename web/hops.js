// The hops of a trace or impact: one per distinct relationship, listed with their evidence.
import { $, h } from './dom.js';
import { state } from './state.js';
import { entityLink } from './widgets.js';

/** One entry per distinct relationship, in walk order (left → reached). */
export function collectHops(paths) {
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

export function sourceNode(source) {
  return /^https?:\/\//.test(source) ? h('a', { href: source, rel: 'noopener', target: '_blank' }, source) : source;
}

// Called from the table and from the diagram, so it marks the hop in both.
export function showEvidence(hop, { focus = true } = {}) {
  const panel = $('#evidence');
  const { step } = hop;
  const e = step.evidence;
  panel.replaceChildren(
    h('h3', { id: 'evidence-title', tabindex: '-1' }, 'Evidence for this hop'),
    h('p', {}, entityLink(step.from), ' ', h('span', { class: 'rel' }, step.relationship), ' ', entityLink(step.to)),
    h(
      'dl',
      {},
      h('dt', {}, 'Basis'),
      h('dd', { 'data-field': 'basis' }, e.basis, e.verified === false ? ' (not yet verified)' : ''),
      h('dt', {}, e.basis === 'STATED' ? 'Section' : e.basis === 'EXTERNAL' ? 'Address' : 'Source'),
      h('dd', { 'data-field': 'source' }, sourceNode(e.source)),
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

// The keyboard and screen-reader way through the hops; the diagram is only a picture of it.
export function hopsTable(hops) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'hops' },
      h('caption', {}, `Every hop (${hops.length}) with its evidence — choose a hop to show it in full`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Hop'),
          h('th', { scope: 'col' }, 'Basis'),
          h('th', { scope: 'col' }, 'Source'),
          h('th', { scope: 'col' }, 'Quote or note'),
        ),
      ),
      h(
        'tbody',
        {},
        hops.map((hop) =>
          h(
            'tr',
            { 'data-key': hop.key },
            h(
              'td',
              {},
              h(
                'button',
                { type: 'button', class: 'hop', 'data-key': hop.key, 'aria-pressed': 'false', onclick: () => showEvidence(hop) },
                `${hop.left.name} → ${hop.reached.name}`,
              ),
              h('br'),
              h('span', { class: 'rel' }, hop.step.relationship, hop.step.reversed ? ' (read backwards)' : ''),
            ),
            h('td', { 'data-label': 'Basis' }, hop.step.evidence.basis),
            h('td', { 'data-label': 'Source' }, sourceNode(hop.step.evidence.source)),
            h('td', { 'data-label': 'Quote or note' }, hop.step.evidence.quote ? h('q', {}, hop.step.evidence.quote) : hop.step.evidence.note || '—'),
          ),
        ),
      ),
    ),
  );
}
