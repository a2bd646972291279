// Small pieces every view is built from: entity links, lists of them, headings and the as-at note.
import { h } from './dom.js';
import { asOf, entityHash, openHash } from './url-state.js';

export function kind(type) {
  return h('span', { class: 'kind' }, type.toLowerCase());
}

export function entityLink(ref) {
  return h('a', { href: openHash(ref) }, ref.name);
}

/** A link to the entity's own page, for views whose main link opens another view of it. */
export function aboutLink(ref, text = 'About') {
  return h('a', { class: 'about', href: entityHash(ref), 'aria-label': `${text}: ${ref.name}` }, text);
}

export function refList(refs, empty = '—', { fold = true } = {}) {
  if (!refs || refs.length === 0) return empty;
  const list = h(
    'ul',
    {},
    refs.map((r) => h('li', {}, entityLink(r))),
  );
  // Long lists (e.g. every council a duty binds) fold away so the table stays readable.
  return fold && refs.length > 4 ? h('details', { class: 'many' }, h('summary', {}, `${refs.length}: ${refs[0].name} and others`), list) : list;
}

// Focusable so the page can move focus to it after each view change.
export function heading(text, type) {
  return h('h1', { tabindex: '-1' }, type ? [kind(type), ' '] : [], text);
}

export function asOfNote() {
  const date = asOf();
  return h('p', { class: 'legend' }, date ? `As at ${date}: only what was in force that day.` : 'Any date: everything in the graph, whenever it held.');
}
