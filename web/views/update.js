// "Update our plan": a signed-in editor downloads their partnership's plan as a workbook, sends it
// back changed (or YAML files), reads the problems or what would change, and confirms.
import { gql, uploadPlan } from '../api.js';
import { h, status } from '../dom.js';
import { session, signIn, signOut } from '../session.js';
import { heading } from '../widgets.js';

const DATASETS = `query PlanDatasets($partnership: String!) { agreements(where: { partnership: { eq: $partnership } }) { id name dataset } }`;

// The controller re-renders on hashchange; signing in or out changes no hash, so it asks directly.
const rerender = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

function signInForm() {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true });
  const problem = h('p', { id: 'sign-in-problem', class: 'error' });
  const submit = (event) => {
    event.preventDefault();
    const why = signIn(input.value);
    if (why) {
      problem.textContent = why;
      status(why, true);
    } else rerender();
  };
  return [
    heading('Update our plan'),
    h('p', {}, "Editors load their partnership's plan here: download it as a workbook, change it, send it back, see what would change, then confirm."),
    h(
      'form',
      { id: 'sign-in', class: 'stack', onsubmit: submit },
      h('label', { for: 'token' }, 'Your access token'),
      input,
      h('button', { type: 'submit' }, 'Sign in'),
    ),
    problem,
    h(
      'p',
      { class: 'legend' },
      'Your administrator gives you the token. It stays in this browser tab only and is sent with your uploads, never with anything else.',
    ),
  ];
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const describeLink = (r) => `${r.from} → ${r.type} → ${r.to}`;

function changeList(title, items, describe = (x) => x) {
  if (items.length === 0) return null;
  return h(
    'details',
    { open: items.length <= 10 },
    h('summary', {}, `${title}: ${items.length}`),
    h(
      'ul',
      {},
      items.map((item) => h('li', {}, describe(item))),
    ),
  );
}

function diffView(diff, dryRun) {
  const e = diff.entities;
  const r = diff.relationships;
  const verb = dryRun ? 'Would' : '';
  return [
    h(
      'p',
      { class: 'counts' },
      `Entities: ${e.added.length} added, ${e.changed.length} changed, ${e.removed.length} removed. `,
      `Relationships: ${r.added.length} added, ${r.changed.length} changed, ${r.removed.length} removed. `,
      `The plan ${dryRun ? 'would hold' : 'holds'} ${diff.total.entities} ${diff.total.entities === 1 ? 'entity' : 'entities'} and ${plural(diff.total.relationships, 'relationship')}${dryRun ? '' : ' (read back from the graph)'}.`,
    ),
    diff.whole ? null : h('p', { class: 'legend' }, 'These files add and change; nothing is removed. Tick "whole plan" to remove what they no longer contain.'),
    changeList(`${verb} add`.trim(), e.added),
    changeList(`${verb} change`.trim(), e.changed),
    changeList(`${verb} remove`.trim(), e.removed),
    changeList(`${verb} add links`.trim(), r.added, describeLink),
    changeList(`${verb} change links`.trim(), r.changed, describeLink),
    changeList(`${verb} remove links`.trim(), r.removed, describeLink),
  ];
}

function problemsView(error) {
  const problems = error.extensions?.problems ?? [];
  return [
    h('h2', {}, 'Problems to fix'),
    h('p', { class: 'error' }, error.message),
    problems.length
      ? h(
          'ol',
          { id: 'problems' },
          problems.map((p) => h('li', {}, h('strong', {}, p.line ? `${p.file}, line ${p.line}, column ${p.column}` : p.file), `: ${p.reason}`)),
        )
      : null,
  ];
}

function updateForm(me, datasets) {
  const chooser = datasets.length
    ? h(
        'select',
        { id: 'dataset', name: 'dataset' },
        datasets.map((d) => h('option', { value: d.dataset }, `${d.name} (${d.dataset})`)),
      )
    : h('input', { id: 'dataset', name: 'dataset', required: true, placeholder: 'e.g. lancashire-csa-2014-2016' });
  const download = h('a', { id: 'download-workbook', download: '' }, 'Download the plan as it is now (workbook)');
  const showLink = () => download.setAttribute('href', `/datasets/${encodeURIComponent(chooser.value)}/export.xlsx`);
  chooser.addEventListener('change', showLink);
  chooser.addEventListener('input', showLink);
  showLink();

  const files = h('input', { id: 'plan-files', name: 'files', type: 'file', multiple: true, accept: '.xlsx,.yaml,.yml', required: true });
  const replace = h('input', { id: 'replace', type: 'checkbox' });
  const overwrite = h('input', { id: 'overwrite', type: 'checkbox' });
  const result = h('div', { id: 'upload-result', 'aria-live': 'polite' });

  const send = async (confirm) => {
    const options = { token: me.token, confirm, replace: replace.checked, overwriteApiEdits: overwrite.checked };
    return uploadPlan(chooser.value, [...files.files], options);
  };
  const show = (...content) => {
    result.replaceChildren(...content.flat(Infinity).filter(Boolean));
    result.querySelector('h2')?.setAttribute('tabindex', '-1');
    result.querySelector('h2')?.focus();
  };
  const check = async (note) => {
    status('Checking the files…');
    result.replaceChildren(h('p', {}, 'Checking the files…'));
    const { status: code, body } = await send();
    const error = body.errors?.[0];
    if (code === 200) {
      status('Checked: nothing has changed yet.');
      const confirm = h(
        'button',
        { id: 'confirm', type: 'button', onclick: () => apply(body.plan).catch((e) => status(e.message, true)) },
        'Confirm: update the graph',
      );
      show(
        h('h2', {}, 'What would change'),
        note ? h('p', { class: 'error' }, note) : null,
        h('p', {}, 'Nothing has changed yet. Check the list, then confirm.'),
        diffView(body.diff, true),
        confirm,
      );
    } else if (error?.extensions?.code === 'UNAUTHENTICATED') {
      signOut();
      status(error.message, true);
      rerender();
    } else {
      status(error?.message ?? `The server answered ${code}.`, true);
      show(problemsView(error ?? { message: `The server answered ${code}.` }));
    }
  };
  const apply = async (plan) => {
    status('Updating the graph…');
    result.replaceChildren(h('p', {}, 'Updating the graph…'));
    const { status: code, body } = await send(plan);
    const error = body.errors?.[0];
    if (code === 200) {
      status('Updated.');
      show(
        h('h2', {}, 'Done: the graph is updated'),
        diffView(body.diff, false),
        h('p', { class: 'legend' }, `Recorded in the audit trail. SHA-256 of what you sent: ${body.uploadSha256}`),
      );
    } else if (error?.extensions?.code === 'PLAN_STALE') {
      // Someone changed the plan meanwhile: show what the files would do now instead.
      await check(error.message);
    } else {
      status(error?.message ?? `The server answered ${code}.`, true);
      show(problemsView(error ?? { message: `The server answered ${code}.` }));
    }
  };
  const submit = (event) => {
    event.preventDefault();
    check().catch((e) => status(e.message, true));
  };

  return [
    h('h2', {}, '1. Download the plan'),
    h('div', { class: 'stack' }, h('label', { for: 'dataset' }, 'Plan'), chooser),
    h('p', {}, download, ' — change it in a spreadsheet program. YAML seed files work too.'),
    h('h2', {}, '2. Send it back'),
    h(
      'form',
      { id: 'upload-form', class: 'stack', onsubmit: submit },
      h('label', { for: 'plan-files' }, "The plan's files"),
      files,
      h('label', {}, replace, ' These files are our whole plan: remove what they no longer contain'),
      h('label', {}, overwrite, ' Replace changes made to our entities through the API since the plan was last loaded'),
      h('button', { type: 'submit' }, 'Check the files'),
    ),
    result,
  ];
}

export async function renderUpdate() {
  const me = session();
  if (!me) return signInForm();
  const who = [
    heading('Update our plan'),
    h(
      'p',
      { id: 'signed-in' },
      `Signed in as ${me.roles.join(', ') || 'no role'}${me.partnership ? ` of ${me.partnership}` : ''}. `,
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            signOut();
            rerender();
          },
        },
        'Sign out',
      ),
    ),
  ];
  if (!me.roles.includes('editor') && !me.roles.includes('admin')) {
    return [...who, h('p', { class: 'error' }, 'Your token does not let you change the graph: it needs the role editor or admin.')];
  }
  const found = me.partnership ? (await gql(DATASETS, { partnership: me.partnership })).agreements : [];
  const datasets = [...new Map(found.filter((a) => a.dataset).map((a) => [a.dataset, a])).values()];
  return [...who, updateForm(me, datasets)];
}
