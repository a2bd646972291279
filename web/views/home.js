// The start page: the agreement's activities, each a way into its trace.
import { gql, QUERIES } from '../api.js';
import { h } from '../dom.js';
import { entityLink, heading } from '../widgets.js';

export async function renderHome(agreementId) {
  const data = await gql(QUERIES.home, { id: agreementId });
  const c = data.coverage;
  return [
    heading('Golden Thread explorer'),
    h(
      'p',
      {},
      'Follow local community-safety work up to the laws and national strategies behind it. Search above, or start from an activity of ',
      entityLink(c.agreement),
      '.',
    ),
    h('h2', {}, 'Activities'),
    h(
      'ol',
      { class: 'hits' },
      c.activities.map((a) => h('li', {}, entityLink(a.activity), a.backed ? '' : h('span', { class: 'flag' }, ' — no statutory or national backing'))),
    ),
  ];
}
