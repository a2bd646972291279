// A view's exports: its API text saved as files, and a link that reopens it.
import { h, status } from './dom.js';

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

export function toolbar(...buttons) {
  const copy = h('button', { type: 'button', onclick: copyLink }, 'Copy link to this view');
  return h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Downloads and link' }, buttons, copy);
}
