// The explorer's controller: the URL hash picks a view, the header's forms change the hash.
// Plain DOM + fetch to /graphql; Cytoscape.js draws the diagrams.
import { cancelPending } from './api.js';
import { $, h, status } from './dom.js';
import './print.js';
import { state } from './state.js';
import { asOf, hashFor, params } from './url-state.js';
import { renderCompare } from './views/compare.js';
import { renderCoverage } from './views/coverage.js';
import { renderEntity } from './views/entity.js';
import { renderHome } from './views/home.js';
import { renderImpact } from './views/impact.js';
import { renderSearch } from './views/search.js';
import { renderTrace } from './views/trace.js';
import { renderUpdate } from './views/update.js';
import { heading } from './widgets.js';

/** The agreement the home page starts from and coverage shows when given none. */
const AGREEMENT = 'lancashire-csa-2014-2016';

const view = () => $('#view');

// Each render is numbered; only the latest may draw. A slow view that answers after the reader
// has moved on would otherwise replace the page they are on, under that page's address. Its
// requests are cancelled too, so they stop costing the server.
let latest = 0;

async function render() {
  const mine = ++latest;
  cancelPending();
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
    else if (v === 'entity' && id) content = await renderEntity(id);
    else if (v === 'coverage') content = await renderCoverage(id || AGREEMENT, { gapsOnly: p.get('gaps') === '1', sort: p.get('sort') || '' });
    else if (v === 'compare') content = await renderCompare(p.get('ids'));
    else if (v === 'update') content = await renderUpdate();
    else content = await renderHome(AGREEMENT);
    if (mine !== latest) return;
    if (state.cy && !document.querySelector('#diagram')) {
      state.cy.destroy();
      state.cy = null;
    }
    view().replaceChildren(...[content].flat(Infinity));
    document.title = `${view().querySelector('h1')?.textContent || 'Explorer'} — Golden Thread`;
    status('');
    view().querySelector('h1')?.focus();
    document.body.dataset.view = v;
  } catch (error) {
    if (mine !== latest) return;
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
  if (date) p.set('asOf', date);
  else p.delete('asOf');
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
  if (a && asOf()) {
    event.preventDefault();
    location.hash = a.getAttribute('href') + '&asOf=' + asOf();
  }
});
window.addEventListener('hashchange', render);
render();
