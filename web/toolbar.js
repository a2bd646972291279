// A view's exports: its API text saved as files, and a link that reopens it.
import { h, status } from './dom.js';
import { params } from './url-state.js';

export function slug(id) {
  return id.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

// The text is already on the page, so saving it needs no second request.
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status(`Downloaded ${filename}.`);
}

export function downloadButton(label, filename, text, type) {
  return h('button', { type: 'button', onclick: () => download(filename, text, type) }, label);
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    status('Link copied: ' + location.href);
  } catch {
    // No clipboard (insecure origin, or permission refused): the link is still shown.
    status('Copy this link: ' + location.href);
  }
}

/**
 * The Excel and PDF evidence packs of the view on show, made by the server (GET /packs/…, see the
 * README's "Evidence packs"): plain links, so the browser downloads the file itself. Only a view
 * whose address names what it shows gets them.
 */
function packLinks() {
  const p = params();
  const id = p.get('id');
  const asOf = p.get('asOf');
  const link = (label, file, args) => {
    const query = new URLSearchParams(Object.entries(args).filter(([, value]) => value)).toString();
    return h('a', { class: 'pack', href: `/packs/${file}?${query}`, download: '' }, label);
  };
  switch (p.get('view')) {
    case 'trace':
      return id ? [link('Download Excel pack', 'trace.xlsx', { activityId: id, asOf }), link('Download PDF pack', 'trace.pdf', { activityId: id, asOf })] : [];
    case 'coverage':
      return id
        ? [
            link('Download Excel pack', 'coverage.xlsx', { agreementId: id, asOf }),
            link('Download PDF pack', 'coverage.pdf', { agreementId: id, asOf }),
            link('Download alignment Excel', 'alignment.xlsx', { agreementId: id }),
          ]
        : [];
    case 'compare':
      return p.get('ids') ? [link('Download Excel pack', 'compare.xlsx', { agreementIds: p.get('ids'), asOf })] : [];
    default:
      return [];
  }
}

export function toolbar(...buttons) {
  const copy = h('button', { type: 'button', onclick: copyLink }, 'Copy link to this view');
  return h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Downloads and link' }, buttons, packLinks(), copy);
}
