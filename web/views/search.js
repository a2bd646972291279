// Search hits, best first, each opening the view that suits its type.
import { gql, QUERIES } from '../api.js';
import { $, h } from '../dom.js';
import { aboutLink, entityLink, heading, kind } from '../widgets.js';

export async function renderSearch(text) {
  // A search opened from a link shows its words in the box, ready to refine.
  $('#search-text').value = text;
  const { search } = await gql(QUERIES.search, { text });
  return [
    heading(`Search: ${text}`),
    h('p', {}, search.length === 0 ? 'Nothing found.' : `${search.length} result${search.length === 1 ? '' : 's'}, best first.`),
    h(
      'ol',
      { class: 'hits', id: 'hits' },
      search.map((hit) =>
        h(
          'li',
          {},
          kind(hit.type),
          ' ',
          entityLink(hit),
          hit.type === 'ACTIVITY' || hit.type === 'AGREEMENT' ? [' · ', aboutLink(hit, 'its page')] : [],
          h('br'),
          h('small', { class: 'legend' }, hit.id),
        ),
      ),
    ),
  ];
}
