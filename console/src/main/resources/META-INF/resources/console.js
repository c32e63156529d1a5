// xpm-sync console: the seed's screens over the services' public REST APIs (through the console's /api gateway)
// and the live activity stream. No framework: each screen is a function that renders into #view.

const view = document.getElementById('view');
const statusLine = document.getElementById('status');
const firmInput = document.getElementById('firm-id');
const COUNTRIES = [['AU', 'Australia'], ['NZ', 'New Zealand'], ['ZA', 'South Africa'], ['GB', 'United Kingdom'],
  ['CA', 'Canada'], ['US', 'United States'], ['DE', 'Germany'], ['IE', 'Ireland'], ['SG', 'Singapore']];
const KNOWN_TYPES = ['Client', 'Prospect', 'Supplier', 'Contact', 'Other'];
let firm = null;
let cleanup = [];

// ---------- plumbing

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.field = problem.field;
  }
}

async function api(method, path, body) {
  // X-Requested-By: the gateway takes changes from this page only; X-Requested-With: an ended session answers 499
  const init = { method, headers: { Accept: 'application/json', 'X-Requested-By': 'xpm-sync-console',
    'X-Requested-With': 'JavaScript' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 499) {
    // the sign-in has ended: load the page again, which goes through the sign-in page and comes back here
    location.reload();
    throw new ApiError(401, { detail: 'Your sign-in has ended; signing in again.' });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (!res.ok) throw new ApiError(res.status, data || {});
  return data;
}

const connector = (p) => `/api/connector/firms/${encodeURIComponent(firm)}${p}`;
const matching = (p) => `/api/matching/firms/${encodeURIComponent(firm)}${p}`;
const mapping = (p) => `/api/mapping/firms/${encodeURIComponent(firm)}${p}`;
const push = (p) => `/api/push/firms/${encodeURIComponent(firm)}${p}`;

function say(message, error = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle('error', error);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

// A moment no reader can misread ("7 Dec 2026, 1:03 pm", in the browser's time zone): the month in words, never
// "12/7/2026"; the zone's name in the tooltip.
const PLAIN_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric',
  hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }); // h12: "12:03 pm", where hour12 says "0:03 pm"
const ZONED_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long' });

function timeOf(iso) {
  if (!iso) return h('span', { class: 'note', text: 'not known' });
  const date = new Date(iso);
  return h('time', { datetime: iso, title: ZONED_TIME.format(date), text: PLAIN_TIME.format(date) });
}

// Asks before something that cannot be undone; optionText adds a checkbox (unticked), read back with confirmOption().
function confirmDialog(title, text, okLabel, optionText) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  document.getElementById('confirm-option').hidden = !optionText;
  document.getElementById('confirm-option-text').textContent = optionText || '';
  document.getElementById('confirm-option-box').checked = false;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'),
    { once: true }));
}

function confirmOption() {
  return !document.getElementById('confirm-option').hidden && document.getElementById('confirm-option-box').checked;
}

function heading(text) {
  const h1 = h('h1', { text, tabindex: '-1' });
  return h1;
}

// ---------- Connected Apps

async function connectedApps() {
  const connection = await api('GET', connector('/xpm-connection'));
  const returned = new URLSearchParams(location.search).get('xpm');
  if (returned === 'connected') {
    say('Connected to Xero Practice Manager.');
    history.replaceState(null, '', location.pathname + location.hash);
  } else if (returned === 'choose') {
    say('Your Xero sign-in reached several practices: choose the one this firm syncs with.');
    history.replaceState(null, '', location.pathname + location.hash);
  }
  const card = h('section', { class: 'card', 'aria-labelledby': 'xpm-title' },
    h('h2', { id: 'xpm-title', text: 'Xero Practice Manager' }));
  if (!connection.connected && connection.practiceChoices && connection.practiceChoices.length) {
    card.append(practiceChooser(connection.practiceChoices));
  } else if (connection.connected && connection.reconnectNeeded) {
    // Xero no longer accepts the connection: say so, and connect again from here
    card.append(connectForm(connection.reconnectReason, true),
      h('div', { class: 'toolbar' },
        h('button', { class: 'secondary', type: 'button', onclick: disconnect }, 'Disconnect')));
  } else if (connection.connected) {
    const waiting = await openConflicts();
    card.append(...[
      h('p', { id: 'connection-state' }, 'Connected to ', h('strong', { text: connection.tenantName }),
        ` (${connection.country}) since ${when(connection.connectedAt)}.`),
      // XPM asked to wait (its daily limit of calls, for one): syncs and pushes resume by themselves
      connection.pausedUntil ? h('p', { id: 'xpm-paused', role: 'status', class: 'alert',
        text: `XPM calls are paused until ${when(connection.pausedUntil)}: ${connection.pauseReason}. Syncs and`
          + ' pushes wait and go on by themselves then.' }) : null,
      // fields changed in both systems, waiting for a person: how many, and since when the oldest
      waiting && waiting.total ? h('p', { id: 'conflicts-waiting', role: 'status' },
        `${plural(waiting.total, 'conflict waits', 'conflicts wait')} for a person (a field changed in both systems),`
          + ' the oldest since ', timeOf(waiting.items[0].openedAt), '. ', h('a', { href: '#/conflicts' },
          'Resolve Conflicts')) : null,
      h('div', { class: 'toolbar' },
        h('a', { href: '#/sync' }, 'Sync Now'), h('a', { href: '#/settings' }, 'Contact Sync Settings'),
        h('a', { href: '#/clients' }, 'View Client List'), h('a', { href: '#/partials' }, 'Resolve Partial Matches'),
        h('a', { href: '#/conflicts' }, 'Resolve Conflicts'),
        h('button', { class: 'secondary', type: 'button', onclick: disconnect }, 'Disconnect'))].filter(Boolean));
  } else {
    card.append(connectForm('Not connected.', false));
  }
  view.replaceChildren(heading('Connected Apps'), card, await karbonCard());

  // After a Xero sign-in that reached several practices: the user picks the one this firm syncs with.
  function practiceChooser(practices) {
    const error = h('p', { id: 'choose-error', role: 'alert', class: 'alert', hidden: true });
    const options = practices.map((p, i) => h('div', {},
      h('input', { type: 'radio', name: 'practice', id: `practice-${i}`, value: p.tenantId, checked: i === 0 }),
      ' ', h('label', { for: `practice-${i}`, text: p.tenantName || p.tenantId })));
    return h('form', { onsubmit: choose },
      h('p', { id: 'connection-state', text: 'Choose the practice this firm syncs with.' }),
      h('fieldset', {}, h('legend', { text: 'Practices your Xero sign-in reached' }), options),
      h('button', { type: 'submit', id: 'choose-practice' }, 'Connect this practice'), error);

    async function choose(event) {
      event.preventDefault();
      error.hidden = true;
      const picked = event.target.querySelector('input[name=practice]:checked');
      try {
        const status = await api('POST', connector('/xpm-connection/practice'), { tenantId: picked.value });
        say(`Connected to ${status.tenantName}.`);
        render();
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
      }
    }
  }

  function connectForm(stateText, reconnect) {
    const error = h('p', { id: 'connect-error', role: 'alert', class: 'alert', hidden: true });
    const select = h('select', { id: 'country', name: 'country' },
      COUNTRIES.map(([code, name]) => h('option', { value: code, text: name })));
    select.value = connection.country || 'NZ';
    return h('form', { onsubmit: connect },
      h('p', { id: 'connection-state', class: reconnect ? 'alert' : null, role: reconnect ? 'alert' : null,
        text: stateText }),
      h('div', { class: 'field' }, h('label', { for: 'country', text: "Your firm's country" }), ' ', select),
      h('button', { type: 'submit', id: 'connect' }, reconnect ? 'Connect again' : 'Connect'), error);

    async function connect(event) {
      event.preventDefault();
      error.hidden = true;
      try {
        const answer = await api('POST', connector('/xpm-connection'),
          { country: select.value, returnTo: `${location.origin}/?firm=${encodeURIComponent(firm)}#/connected-apps` });
        location.assign(answer.authorizeUrl);
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
      }
    }
  }

  async function disconnect() {
    if (!await confirmDialog('Disconnect Xero Practice Manager?',
      'Nothing is pushed to or read from XPM until you connect again. Mappings are kept unless you ask xpm-sync to'
        + ' forget this firm.', 'Disconnect',
      "Also forget this firm's data in xpm-sync: mappings, partial matches, sync history and the Karbon connection."
        + ' Your contacts in Karbon and XPM are not touched.')) return;
    const forget = confirmOption();
    await api('DELETE', connector('/xpm-connection' + (forget ? '?forget=true' : '')));
    say(forget ? "Disconnected from Xero Practice Manager; xpm-sync is forgetting this firm's data."
      : 'Disconnected from Xero Practice Manager.');
    render();
  }
}

// The firm's Karbon: where xpm-sync reads and writes Karbon contacts (matching-service owns the connection).
const KARBON_EVENTS = { platform: "Karbon's own event stream", webhooks: "Karbon's webhooks" };
const WEBHOOK_STATES = { PENDING: 'being set up', ACTIVE: 'in place', FAILED: 'refused by Karbon' };

async function karbonCard() {
  let connection = null;
  try {
    connection = await api('GET', matching('/karbon-connection'));
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const card = h('section', { class: 'card', 'aria-labelledby': 'karbon-title' },
    h('h2', { id: 'karbon-title', text: 'Karbon' }));
  const result = h('p', { id: 'karbon-result', role: 'status', 'aria-live': 'polite' });
  if (connection) {
    const failed = connection.bootstrapState === 'FAILED';
    card.append(h('p', { id: 'karbon-state', class: failed ? 'alert' : null, role: failed ? 'alert' : null,
      text: connection.summary }));
    const facts = h('dl', { class: 'facts' },
      h('dt', { text: 'Karbon API' }), h('dd', { text: connection.baseUrl }),
      h('dt', { text: 'Application ID' }), h('dd', { text: connection.applicationId }),
      h('dt', { text: 'Karbon changes arrive through' }),
      h('dd', { text: KARBON_EVENTS[connection.karbonEvents] || connection.karbonEvents }));
    if (connection.webhook) {
      facts.append(h('dt', { text: 'Webhook subscription' }),
        h('dd', { text: (WEBHOOK_STATES[connection.webhook.state] || connection.webhook.state)
          + (connection.webhook.checkedAt ? `, last seen ${when(connection.webhook.checkedAt)}` : '') }));
    }
    card.append(facts, h('button', { type: 'button', id: 'karbon-test', class: 'secondary', onclick: test },
      'Test the connection'), result);
  } else {
    card.append(h('p', { id: 'karbon-state', text: 'Not connected: enter the credentials Karbon gave this app.' }));
  }
  const error = h('p', { id: 'karbon-error', role: 'alert', class: 'alert', hidden: true });
  const base = h('input', { id: 'karbon-base', name: 'baseUrl', type: 'url', required: true,
    value: connection ? connection.baseUrl : 'https://api.karbonhq.com' });
  const app = h('input', { id: 'karbon-app', name: 'applicationId', required: true, autocomplete: 'off',
    value: connection ? connection.applicationId : '' });
  const key = h('input', { id: 'karbon-key', name: 'accessKey', type: 'password', required: true,
    autocomplete: 'off' });
  const form = h('form', { onsubmit: save, 'aria-labelledby': 'karbon-form-title' },
    h('h3', { id: 'karbon-form-title', text: connection ? 'Enter new credentials' : 'Connect Karbon' }),
    h('div', { class: 'field' }, h('label', { for: 'karbon-base', text: 'Karbon API address' }), ' ', base),
    h('div', { class: 'field' }, h('label', { for: 'karbon-app', text: 'Application ID' }), ' ', app),
    h('div', { class: 'field' }, h('label', { for: 'karbon-key', text: 'Access key' }), ' ', key),
    h('button', { type: 'submit', id: 'karbon-save' }, connection ? 'Save and test' : 'Connect Karbon'), error);
  card.append(form);
  return card;

  async function save(event) {
    event.preventDefault();
    error.hidden = true;
    try {
      await api('PUT', matching('/karbon-connection'),
        { baseUrl: base.value, applicationId: app.value, accessKey: key.value });
      const outcome = await api('POST', matching('/karbon-connection/test'));
      say(outcome.ok ? 'Karbon connected. ' + outcome.message : outcome.message, !outcome.ok);
      render();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }

  async function test() {
    result.textContent = 'Testing…';
    const outcome = await api('POST', matching('/karbon-connection/test'));
    result.textContent = outcome.message;
    result.classList.toggle('error', !outcome.ok);
  }
}

// ---------- Contact Sync Settings

// the firm's choice when the same field changed in XPM and in Karbon before the two met (settings without one: ASK)
const CONFLICT_POLICIES = [['ASK', 'Ask a person'], ['XPM_WINS', 'XPM wins'], ['KARBON_WINS', 'Karbon wins'],
  ['MOST_RECENT', 'The most recent change wins']];

function conflictPolicyWords(policy) {
  return (CONFLICT_POLICIES.find(([p]) => p === (policy || 'ASK')) || [null, policy])[1];
}

async function settingsScreen() {
  const settings = await api('GET', connector('/sync-settings'));
  const shown = h('section', { class: 'card', 'aria-labelledby': 'settings-title' },
    h('div', { class: 'toolbar' }, h('h2', { id: 'settings-title', text: 'Contact Sync Settings' }),
      h('button', { type: 'button', id: 'edit-settings', onclick: edit }, 'Edit')),
    h('h3', { text: 'Contacts created in Xero Practice Manager' }),
    h('dl', {},
      h('dt', { text: 'Sync' }), h('dd', { id: 'shown-scope',
        text: settings.scope === 'CLIENTS_AND_CONTACTS' ? 'Clients and Contacts' : 'Clients only' }),
      h('dt', { text: 'Assign Contact Type' }), h('dd', { id: 'shown-type', text: settings.newContactType }),
      h('dt', { text: 'Clients that become a Person' }), h('dd', { id: 'shown-structures',
        text: ['Individual', 'Sole Trader', ...(settings.personStructures || [])].join(', ')
          + ' (and a client with no business structure but a first and last name)' })),
    h('h3', { text: 'Contacts created in Karbon' }),
    h('dl', {}, h('dt', { text: 'Sync Contact of Type' }), h('dd', { id: 'shown-pushed',
      text: settings.pushedContactTypes.length ? settings.pushedContactTypes.join(', ')
        : 'None selected: no updates are pushed to XPM' })),
    h('h3', { text: 'Changes in both systems' }),
    h('dl', {}, h('dt', { text: 'When the same field changed in both systems' }), h('dd', { id: 'shown-conflict-policy',
      text: conflictPolicyWords(settings.conflictPolicy) })));
  view.replaceChildren(heading('Contact Sync Settings'), shown);

  function edit() {
    const types = [...new Set([...KNOWN_TYPES, ...settings.pushedContactTypes, settings.newContactType])];
    const scopeError = h('p', { class: 'field-error', id: 'scope-error', hidden: true });
    const typeError = h('p', { class: 'field-error', id: 'newContactType-error', hidden: true });
    const pushedError = h('p', { class: 'field-error', id: 'pushedContactTypes-error', hidden: true });
    const structuresError = h('p', { class: 'field-error', id: 'personStructures-error', hidden: true });
    const policyError = h('p', { class: 'field-error', id: 'conflictPolicy-error', hidden: true });
    const policySelect = h('select', { id: 'conflict-policy', name: 'conflictPolicy',
      'aria-describedby': 'conflict-policy-note conflictPolicy-error' },
    CONFLICT_POLICIES.map(([value, words]) => h('option', { value, text: words })));
    policySelect.value = settings.conflictPolicy || 'ASK';
    const formError = h('p', { role: 'alert', class: 'alert', hidden: true });
    const typeInput = h('input', { id: 'new-contact-type', name: 'newContactType', list: 'contact-types',
      value: settings.newContactType, 'aria-describedby': 'newContactType-error' });
    const form = h('form', { class: 'card', onsubmit: save, 'aria-labelledby': 'edit-title' },
      h('h2', { id: 'edit-title', text: 'Edit Contact Sync Settings' }),
      h('fieldset', { 'aria-describedby': 'scope-error' }, h('legend', { text: 'Sync (contacts created in XPM)' }),
        ['CLIENTS_ONLY', 'CLIENTS_AND_CONTACTS'].map((scope) => h('label', {},
          h('input', { type: 'radio', name: 'scope', value: scope, checked: settings.scope === scope }),
          scope === 'CLIENTS_ONLY' ? ' Clients only' : ' Clients and Contacts'))), scopeError,
      h('div', { class: 'field' }, h('label', { for: 'new-contact-type', text: 'Assign Contact Type' }), ' ',
        typeInput, h('datalist', { id: 'contact-types' }, types.map((t) => h('option', { value: t })))), typeError,
      h('div', { class: 'field' }, h('label', { for: 'person-structures',
        text: 'Also a Person in Karbon: your practice\'s business structures besides Individual and Sole Trader'
          + ' (one per line, for example Sole Proprietor)' }), ' ',
      h('textarea', { id: 'person-structures', name: 'personStructures', rows: 3,
        'aria-describedby': 'personStructures-error' }, (settings.personStructures || []).join('\n'))),
      structuresError,
      h('fieldset', { 'aria-describedby': 'pushedContactTypes-error' },
        h('legend', { text: 'Sync Contact of Type (pushed to XPM; none selected pushes nothing)' }),
        types.map((t) => h('label', {}, h('input', { type: 'checkbox', name: 'pushed', value: t,
          checked: settings.pushedContactTypes.includes(t) }), ' ' + t))), pushedError,
      h('div', { class: 'field' }, h('label', { for: 'conflict-policy',
        text: 'When the same field changed in both systems' }), ' ', policySelect,
      h('p', { class: 'note', id: 'conflict-policy-note', text: 'Name, email, phone or an address of a matched contact'
          + ' changed in XPM and in Karbon to different values. Ask a person: each system keeps its own value until'
          + ' someone chooses on Resolve Conflicts. Otherwise the rule decides, and the value that lost is kept in'
          + " the contact's history." })), policyError,
      h('div', { class: 'toolbar' }, h('button', { type: 'submit', id: 'save-settings' }, 'Save'),
        h('button', { type: 'button', class: 'secondary', onclick: () => render() }, 'Cancel')), formError);
    view.replaceChildren(heading('Contact Sync Settings'), form);
    typeInput.focus();

    async function save(event) {
      event.preventDefault();
      [scopeError, typeError, pushedError, structuresError, policyError, formError]
        .forEach((e) => { e.hidden = true; });
      const data = new FormData(form);
      try {
        await api('PUT', connector('/sync-settings'), {
          scope: data.get('scope'), newContactType: data.get('newContactType'),
          pushedContactTypes: data.getAll('pushed'),
          personStructures: String(data.get('personStructures') || '').split('\n').map((l) => l.trim())
            .filter((l) => l),
          conflictPolicy: data.get('conflictPolicy') || 'ASK',
        });
        say('Contact Sync Settings saved.');
        render();
      } catch (e) {
        const field = String(e.field || '').replace(/\[\d+\]$/, '');
        const target = { scope: scopeError, newContactType: typeError, pushedContactTypes: pushedError,
          personStructures: structuresError, conflictPolicy: policyError }[field] || formError;
        target.textContent = e.message;
        target.hidden = false;
        say('The settings were not saved: ' + e.message, true);
      }
    }
  }
}

// ---------- Sync Now and Preview Sync

const TRIGGERS = { SYNC_NOW: 'Sync Now', PREVIEW: 'Preview Sync', SCHEDULED: 'Scheduled poll',
  SETTINGS: 'Scope widened' };
const PHASES = { QUEUED: 'Waiting', FETCHING: 'Reading XPM', DETECTING: 'Comparing', COMPLETED: 'Completed',
  FAILED: 'Failed' };
// what a Sync Now does (or would do) with a record, in words: mapping-service's outcomes
const OUTCOMES = { EXACT: 'Matched exactly', CREATED: 'Created in Karbon', PARTIAL: 'Shown as a partial match',
  LINKED_UPDATED: 'Updated in Karbon', UNCHANGED: 'Already matched, nothing to write', SKIPPED: 'Not imported',
  FAILED: 'Failed' };
const PREVIEW_GROUPS = [['EXACT', 'Would be matched exactly'], ['CREATED', 'Would be created in Karbon'],
  ['PARTIAL', 'Would be shown as partial matches'], ['LINKED_UPDATED', 'Would be updated in Karbon'],
  ['UNCHANGED', 'Already matched, nothing to write'], ['SKIPPED', 'Would not be imported'],
  ['FAILED', 'Could not be matched']];

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

async function syncScreen() {
  const progress = h('progress', { id: 'sync-progress', max: 1, value: 0, 'aria-label': 'Sync progress' });
  const phase = h('p', { id: 'sync-phase', 'aria-live': 'polite', text: 'No sync running.' });
  const counts = h('div', { class: 'counts', id: 'sync-counts' });
  const runs = h('tbody', { id: 'runs' });
  const button = h('button', { type: 'button', id: 'sync-now', onclick: () => start(false) }, 'Sync Now');
  const previewButton = h('button', { type: 'button', id: 'preview-sync', class: 'secondary',
    onclick: () => start(true) }, 'Preview Sync');
  const previewCard = h('section', { class: 'card', id: 'preview', 'aria-labelledby': 'preview-title', hidden: true });
  const comparisonCard = h('section', { class: 'card', id: 'comparison', 'aria-labelledby': 'comparison-title',
    hidden: true });
  view.replaceChildren(heading('Sync Now'),
    h('section', { class: 'card', 'aria-labelledby': 'sync-title' },
      h('h2', { id: 'sync-title', text: 'Sync contacts from Xero Practice Manager' }),
      h('p', { class: 'note', text: 'Reads every client and contact from XPM, matches them to Karbon, and shows the'
          + ' automatic matches and the partial matches to resolve. Preview Sync reads and matches the same way and'
          + ' shows what Sync Now would do, changing nothing in Karbon, XPM or the matches.' }),
      h('div', { class: 'toolbar' }, button, previewButton), phase, progress, counts),
    previewCard, comparisonCard,
    h('section', { class: 'card', 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title', text: 'Last runs' }),
      h('table', {}, h('thead', {}, h('tr', {}, ['Requested', 'Run', 'Reads', 'Phase', 'Changes', 'Unchanged',
        'Result'].map((c) => h('th', { scope: 'col', text: c })))), runs)));
  const latest = await refreshRuns();
  const running = latest.find((r) => r.phase !== 'COMPLETED' && r.phase !== 'FAILED');
  if (running) follow(running);
  else await showLatest(latest);

  async function start(preview) {
    button.disabled = true;
    previewButton.disabled = true;
    try {
      const run = await api('POST', connector(preview ? '/sync-runs?preview=true' : '/sync-runs'));
      say(preview ? 'Preview started: nothing is changed.' : 'Sync started.');
      previewCard.hidden = true;
      comparisonCard.hidden = true;
      follow(run);
    } catch (e) {
      say(e.message, true);
      button.disabled = false;
      previewButton.disabled = false;
    }
  }

  function follow(started) {
    button.disabled = true;
    previewButton.disabled = true;
    const preview = started.trigger === 'PREVIEW';
    let stopped = false;
    cleanup.push(() => { stopped = true; });
    const tick = async () => {
      if (stopped) return;
      try {
        const run = await api('GET', connector(`/sync-runs/${started.id}`));
        const outcome = await api('GET', mapping(`/sync-runs/${started.id}/outcome`));
        show(run, outcome);
        const done = run.phase === 'FAILED'
          || (run.phase === 'COMPLETED' && outcome.processed >= run.changesPublished);
        if (done) {
          button.disabled = false;
          previewButton.disabled = false;
          say(run.phase === 'FAILED' ? `The ${preview ? 'preview' : 'sync'} failed: ${run.error}`
            : preview ? 'Preview complete: nothing was changed.' : 'Sync complete.', run.phase === 'FAILED');
          await showLatest(await refreshRuns());
          return;
        }
      } catch (e) {
        say(e.message, true);
      }
      setTimeout(tick, 500);
    };
    tick();
  }

  function show(run, outcome) {
    const total = run.changesPublished || 0;
    const fetched = run.phase === 'COMPLETED' || run.phase === 'FAILED';
    const what = run.trigger === 'PREVIEW' ? 'Preview' : 'Sync';
    progress.max = Math.max(total, 1);
    progress.value = fetched ? (total === 0 ? 1 : outcome.processed) : 0;
    progress.setAttribute('aria-valuetext', `${outcome.processed} of ${total} changes processed`);
    phase.textContent = run.phase === 'COMPLETED' && outcome.processed >= total
      ? `${what} complete: ${total} changes from ${run.clientsFetched} clients and ${run.contactsFetched} contacts.`
      : run.phase === 'COMPLETED' ? `Matching: ${outcome.processed} of ${total} changes processed.`
        : run.phase === 'FAILED' ? `Failed: ${run.error}` : `${PHASES[run.phase] || run.phase} ...`;
    const items = run.trigger === 'PREVIEW' ? [['Clients read', run.clientsFetched],
      ['Contacts read', run.contactsFetched], ['Changes', total], ['Unchanged', run.unchanged]]
      : [['Clients fetched', run.clientsFetched], ['Contacts fetched', run.contactsFetched],
        ['Changes', total], ['Unchanged', run.unchanged], ['Skipped by scope', run.skippedByScope],
        ['Matched exactly', outcome.exact], ['Created in Karbon', outcome.created],
        ['Updated in Karbon', outcome.linkedUpdated], ['Partial matches', outcome.partial],
        ['Failed', outcome.failed]];
    counts.replaceChildren(...items.map(([label, value]) => h('div', { class: 'count',
      'data-count': label }, h('b', { text: value ?? 0 }), label)));
  }

  async function refreshRuns() {
    const latest = await api('GET', connector('/sync-runs?limit=10'));
    runs.replaceChildren(...latest.map((r) => h('tr', {}, h('td', { text: when(r.requestedAt) }),
      h('td', { text: TRIGGERS[r.trigger] || r.trigger }),
      h('td', { text: r.mode === 'INCREMENTAL' ? 'Changes since the last poll' : 'Everything' }),
      h('td', { text: PHASES[r.phase] || r.phase }),
      h('td', { text: r.changesPublished }), h('td', { text: r.unchanged }),
      h('td', { text: r.error || (r.phase === 'COMPLETED' ? 'OK' : '') }))));
    return latest;
  }

  // The latest run decides what is shown: a completed preview (with Apply), or the run after one, compared with it.
  async function showLatest(latest) {
    const last = latest.find((r) => r.phase === 'COMPLETED');
    if (!last) return;
    if (last.trigger === 'PREVIEW') {
      await showPreview(last);
    } else if (latest.some((r) => r.trigger === 'PREVIEW' && new Date(r.requestedAt) < new Date(last.requestedAt))) {
      await showComparison(last);
    }
  }

  async function showPreview(run) {
    const [summary, notImported] = await Promise.all([api('GET', mapping(`/previews/${run.id}`)),
      api('GET', connector(`/sync-runs/${run.id}/not-imported`))]);
    const total = (key) => (summary.counts[key] || 0) + (key === 'SKIPPED' ? notImported.length : 0);
    const list = h('div', { id: 'preview-list' });
    const shown = PREVIEW_GROUPS.filter(([key]) => key !== 'FAILED' || total(key) > 0);
    const groups = h('div', { class: 'counts', id: 'preview-groups' }, shown.map(([key, label]) =>
      h('button', { type: 'button', class: 'count', 'data-group': key, onclick: () => open(key, label) },
        h('b', { text: total(key) }), label,
        key === 'CREATED' && total(key) ? h('span', { class: 'note', text: ` (${plural(summary.createdPeople,
          'person', 'people')}, ${plural(summary.createdOrganizations, 'organization', 'organizations')})` })
          : null)));
    const apply = h('button', { type: 'button', id: 'apply-preview', onclick: () => start(false) }, 'Apply');
    previewCard.replaceChildren(h('h2', { id: 'preview-title', text: 'What Sync Now would do' }),
      h('p', { class: 'note', text: `Preview of ${when(run.finishedAt)}: ${plural(run.changesPublished, 'record',
        'records')} new or changed in XPM since the last sync, ${run.unchanged} unchanged. Nothing has been changed. Open a group to see its`
        + ' records; Apply runs Sync Now with the settings of now.' }), groups, list,
      h('div', { class: 'toolbar' }, apply));
    previewCard.hidden = false;

    async function open(key, label) {
      const search = h('input', { id: 'preview-search', type: 'search', placeholder: 'Name in XPM',
        'aria-label': `Search ${label.toLowerCase()}` });
      const items = h('ul', { id: 'preview-records', class: 'records', 'aria-label': label });
      const info = h('p', { class: 'note', id: 'preview-count' });
      groups.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.group === key)));
      list.replaceChildren(h('h3', { text: label }), h('div', { class: 'toolbar' }, search), info, items);
      let timer;
      search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
      await load();
      search.focus();

      async function load() {
        const q = new URLSearchParams({ outcome: key, search: search.value, size: 200 });
        const page = await api('GET', mapping(`/previews/${run.id}/records?${q}`));
        const words = search.value.trim().toLowerCase();
        const extra = key === 'SKIPPED' ? notImported.filter((n) => n.name.toLowerCase().includes(words)) : [];
        const rows = [...page.items.map(record), ...extra.map((n) => h('li', { 'data-xpm': n.xpmId },
          h('strong', { text: n.name }), h('span', { class: 'note', text: ` — ${n.reason}` })))];
        const count = page.total + extra.length;
        info.textContent = `${count} ${count === 1 ? 'record' : 'records'}`
          + (page.total > page.items.length ? `, the first ${page.items.length + extra.length} shown` : '');
        items.replaceChildren(...(rows.length ? rows : [h('li', { text: words ? 'No record matches the search.'
          : 'None.' })]));
      }
    }

    function record(r) {
      const item = h('li', { 'data-xpm': r.xpmId }, h('strong', { text: r.xpmName }),
        h('span', { class: 'note', text: ` — ${r.detail}` }));
      if (r.changes.length) {
        item.append(h('table', { class: 'changes' },
          h('caption', { text: r.outcome === 'CREATED' ? 'Fields it would get' : 'Fields that would change' }),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Field' }),
            h('th', { scope: 'col', text: 'Before' }), h('th', { scope: 'col', text: 'After' }))),
          h('tbody', {}, r.changes.map((c) => h('tr', {}, h('td', { text: c.field }),
            h('td', { text: c.before ?? '—' }), h('td', { text: c.after ?? '—' }))))));
      }
      return item;
    }
  }

  async function showComparison(run) {
    let c;
    try {
      c = await api('GET', mapping(`/sync-runs/${run.id}/preview-comparison`));
    } catch (e) {
      if (e.status === 404) return; // not the first run after the latest preview
      throw e;
    }
    comparisonCard.replaceChildren(...[h('h2', { id: 'comparison-title', text: 'Compared with the preview' }),
      h('p', { id: 'comparison-summary', text: `${c.asPredicted} of ${c.predicted} records went as the preview said.`
        + (c.differences.length ? ` ${c.differences.length} did not:` : ' No differences.') }),
      c.differences.length ? h('ul', { id: 'comparison-differences', class: 'records' },
        c.differences.map((d) => h('li', { 'data-xpm': d.xpmId }, h('strong', { text: d.xpmName }),
          ` — preview: ${d.predicted ? OUTCOMES[d.predicted].toLowerCase() : 'not read'}; sync: `
          + `${d.actual ? OUTCOMES[d.actual].toLowerCase() : 'not done'}. `,
          h('span', { class: 'note', text: d.explanation })))) : null].filter((c) => c));
    comparisonCard.hidden = false;
  }
}

// ---------- Client List

async function clientsScreen() {
  const state = { search: '', sort: 'xpmName', order: 'asc', page: 0, size: 10 };
  const search = h('input', { id: 'client-search', type: 'search', placeholder: 'Name in XPM or Karbon' });
  const body = h('tbody', { id: 'client-rows' });
  const pageInfo = h('span', { id: 'page-info' });
  const prev = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page--; load(); } }, 'Previous');
  const next = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page++; load(); } }, 'Next');
  const columns = [['xpmName', 'XPM name'], ['karbonName', 'Karbon name'], [null, 'Kind'], ['method', 'Matched by'],
    ['updatedAt', 'Updated']];
  const headRow = h('tr', {}, columns.map(([key, label]) => h('th', { scope: 'col', 'data-sort': key },
    key ? h('button', { type: 'button', onclick: () => sortBy(key) }, label) : label)),
  h('th', { scope: 'col' }, h('span', { class: 'note', text: 'Options' })));
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = search.value; state.page = 0; load(); }, 250);
  });
  view.replaceChildren(heading('Client List'),
    h('p', { class: 'note', text: 'Contacts in Xero Practice Manager that are connected in Karbon.' }),
    h('div', { class: 'toolbar' }, h('label', { for: 'client-search', text: 'Search' }), search),
    h('table', { id: 'client-table' }, h('thead', {}, headRow), body),
    h('div', { class: 'pager' }, prev, pageInfo, next));
  await load();

  function sortBy(key) {
    state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = key;
    load();
  }

  async function load() {
    const q = new URLSearchParams({ search: state.search, sort: state.sort, order: state.order,
      page: state.page, size: state.size });
    const page = await api('GET', mapping(`/mappings?${q}`));
    headRow.querySelectorAll('th[data-sort]').forEach((th) => {
      if (th.dataset.sort === state.sort) th.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    const pages = Math.max(1, Math.ceil(page.total / state.size));
    pageInfo.textContent = `Page ${state.page + 1} of ${pages} (${page.total} mapped)`;
    prev.disabled = state.page === 0;
    next.disabled = state.page + 1 >= pages;
    body.replaceChildren(...(page.items.length ? page.items.map(row)
      : [h('tr', {}, h('td', { colspan: 6, text: state.search ? 'No mapped contact matches the search.'
        : 'No contacts are mapped yet: click Sync Now.' }))]));
  }

  function row(m) {
    const menu = h('div', { role: 'menu', hidden: true },
      h('button', { type: 'button', role: 'menuitem', onclick: () => { location.hash = `#/history?mapping=${m.id}`; } },
        'History'),
      h('button', { type: 'button', role: 'menuitem', onclick: () => remove(m) }, 'Remove Match'));
    const toggle = h('button', { type: 'button', class: 'secondary', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'aria-label': `Options for ${m.xpmName}`, onclick: () => {
        const open = menu.hidden;
        menu.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open) menu.querySelector('button').focus();
      } }, '…');
    menu.addEventListener('keydown', (e) => { if (e.key === 'Escape') { menu.hidden = true; toggle.focus(); } });
    return h('tr', { 'data-mapping': m.id }, h('td', { text: m.xpmName }), h('td', { text: m.karbonName }),
      h('td', { text: m.karbonKind === 'KARBON_PERSON' ? 'Person' : 'Organization' }),
      h('td', { text: m.method.replaceAll('_', ' ').toLowerCase() }), h('td', { text: when(m.updatedAt) }),
      h('td', {}, h('div', { class: 'menu' }, toggle, menu)));
  }

  async function remove(m) {
    if (!await confirmDialog('Remove Match?', `${m.xpmName} in XPM will no longer be connected to ${m.karbonName}`
        + ' in Karbon. Nothing is deleted in either system; the XPM record is matched afresh when it next changes.',
      'Remove Match')) {
      return;
    }
    try {
      await api('DELETE', mapping(`/mappings/${m.id}`));
      say(`Match removed: ${m.xpmName}.`);
    } catch (e) {
      say(e.message, true);
    }
    load();
  }
}

// ---------- A contact's history (from the Client List's options)

const WRITTEN_TO = { KARBON: 'Written to Karbon', XPM: 'Written to XPM' };

async function historyScreen() {
  const id = new URLSearchParams(location.hash.split('?')[1] || '').get('mapping');
  const state = { page: 0, size: 20 };
  const names = h('p', { id: 'history-contact' });
  const list = h('ol', { id: 'history', class: 'timeline', 'aria-label': 'What happened, newest first' });
  const pageInfo = h('span', { id: 'history-page' });
  const prev = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page--; load(); } }, 'Newer');
  const next = h('button', { type: 'button', class: 'secondary', onclick: () => { state.page++; load(); } }, 'Older');
  view.replaceChildren(heading('Contact history'), names, list, h('div', { class: 'pager' }, prev, pageInfo, next),
    h('p', {}, h('a', { href: '#/clients', text: 'Back to the Client List' })));
  await load();

  async function load() {
    const t = await api('GET', mapping(`/mappings/${encodeURIComponent(id || '')}/history?page=${state.page}`
      + `&size=${state.size}`));
    names.textContent = `${t.xpmName || t.karbonName} in XPM, ${t.karbonName || t.xpmName} in Karbon`
      + (t.state === 'REMOVED' ? ' (no longer matched)' : '') + '.';
    const pages = Math.max(1, Math.ceil(t.total / state.size));
    pageInfo.textContent = `Page ${state.page + 1} of ${pages} (${t.total} ${t.total === 1 ? 'entry' : 'entries'})`;
    prev.disabled = state.page === 0;
    next.disabled = state.page + 1 >= pages;
    list.replaceChildren(...(t.items.length ? t.items.map(entry)
      : [h('li', { text: 'Nothing recorded yet.' })]));
  }

  function entry(e) {
    const item = h('li', { class: 'entry', 'data-kind': e.kind },
      h('p', {}, h('time', { datetime: e.occurredAt, text: when(e.occurredAt) }), ' ', h('strong', { text: e.summary })));
    if (e.changes.length) {
      item.append(h('table', { class: 'changes' },
        h('caption', { text: WRITTEN_TO[e.wrote] || 'Fields' }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Field' }), h('th', { scope: 'col', text: 'Before' }),
          h('th', { scope: 'col', text: 'After' }))),
        h('tbody', {}, e.changes.map((c) => h('tr', {}, h('td', { text: c.field }), h('td', { text: c.before ?? '—' }),
          h('td', { text: c.after ?? '—' }))))));
    }
    return item;
  }
}

// ---------- Resolve Partial Matches

async function partialsScreen() {
  const list = h('div', { id: 'partials' });
  const selectNameOnly = h('button', { type: 'button', class: 'secondary', id: 'select-name-only',
    onclick: () => list.querySelectorAll('input[data-reason="NAME_ONLY"]').forEach((c) => { c.checked = true; }) },
  'Select all name-only matches');
  const bulkConfirm = h('button', { type: 'button', id: 'bulk-confirm', onclick: () => bulk('confirm') },
    'Confirm top match for selected');
  const bulkCreate = h('button', { type: 'button', class: 'secondary', id: 'bulk-create',
    onclick: () => bulk('create') }, 'Create new for selected');
  view.replaceChildren(heading('Resolve Partial Matches'),
    h('p', { class: 'note', text: 'Each XPM record beside the Karbon contacts it partly matches, best first. What'
        + ' matched is highlighted. Confirm the right match, or create a new Karbon contact.' }),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' }, selectNameOnly, bulkConfirm,
      bulkCreate),
    list);
  let partials = [];
  await load();

  async function load() {
    partials = (await api('GET', mapping('/partial-matches?size=200'))).items;
    list.replaceChildren(...(partials.length ? partials.map(card)
      : [h('p', { id: 'no-partials', text: 'No partial matches to resolve.' })]));
  }

  function card(p) {
    const x = p.xpmRecord;
    const reason = p.candidates[0]?.notExactBecause || p.reason;
    const titleId = `partial-${p.id}`;
    return h('article', { class: 'card partial', 'data-partial': p.id, 'aria-labelledby': titleId },
      h('input', { type: 'checkbox', 'aria-label': `Select ${x.name}`, 'data-id': p.id, 'data-reason': reason }),
      h('div', {}, h('h2', { id: titleId, text: x.name }), h('p', { class: 'note', text: 'In Xero Practice Manager' }),
        h('p', {}, (x.emails || []).join(', ') || 'no email'),
        h('p', { class: 'note', text: reason === 'NAME_ONLY' ? 'Same name, another email'
          : reason === 'EMAIL_ONLY' ? 'Same email, another name' : String(reason || p.reason) }),
        h('button', { type: 'button', class: 'secondary', onclick: () => createNew(p) }, 'Create New')),
      h('ol', { class: 'candidates', 'aria-label': `Possible matches for ${x.name}` }, p.candidates.map((c) =>
        h('li', { 'data-candidate': c.karbonRef.id },
          h('div', {},
            h('div', {}, c.nameMatches ? h('mark', { text: c.name }) : c.name,
              ' ', h('span', { class: 'note', text: c.karbonRef.kind === 'KARBON_PERSON' ? 'Person' : 'Organization' })),
            h('div', {}, ...(c.emails || []).map((e, i) => [i ? ', ' : '',
              c.emailMatches && (x.emails || []).some((xe) => xe.toLowerCase() === e.toLowerCase())
                ? h('mark', { text: e }) : e])),
            h('span', { class: 'badge ' + (c.nameMatches ? 'match' : 'miss'),
              text: c.nameMatches ? 'Name matches' : 'Name differs' }),
            h('span', { class: 'badge ' + (c.emailMatches ? 'match' : 'miss'),
              text: c.emailMatches ? 'Email matches' : 'Email differs' })),
          h('button', { type: 'button', 'aria-label': `Confirm ${c.name} for ${x.name}`, onclick: () => confirmMatch(p, c) },
            'Confirm')))));
  }

  async function confirmMatch(p, c) {
    try {
      await api('POST', mapping(`/partial-matches/${p.id}/confirm`), { karbonKey: c.karbonRef.id });
      say(`Confirmed: ${p.xpmRecord.name} is ${c.name}.`);
    } catch (e) {
      say(e.message, true);
    }
    load();
  }

  async function createNew(p) {
    try {
      await api('POST', mapping(`/partial-matches/${p.id}/create-new`));
      say(`Created a new Karbon contact for ${p.xpmRecord.name}.`);
    } catch (e) {
      say(e.message, true);
    }
    load();
  }

  async function bulk(action) {
    const chosen = [...list.querySelectorAll('input[type="checkbox"]:checked')].map((c) => c.dataset.id);
    if (!chosen.length) {
      say('Select the partial matches first.', true);
      return;
    }
    let done = 0;
    const failed = [];
    for (const id of chosen) {
      const p = partials.find((x) => x.id === id);
      try {
        if (action === 'confirm') {
          await api('POST', mapping(`/partial-matches/${id}/confirm`), { karbonKey: p.candidates[0].karbonRef.id });
        } else {
          await api('POST', mapping(`/partial-matches/${id}/create-new`));
        }
        done++;
      } catch (e) {
        failed.push(`${p.xpmRecord.name}: ${e.message}`);
      }
    }
    say(`${action === 'confirm' ? 'Confirmed' : 'Created new for'} ${done} of ${chosen.length}.`
      + (failed.length ? ' Not done: ' + failed.join('; ') : ''), failed.length > 0);
    load();
  }
}

// ---------- Resolve Conflicts: the same field of a matched contact changed in XPM and in Karbon to different values
// before the two met; with the firm's policy "Ask a person" each system keeps its own value until someone chooses here.

const FIELD_WORDS = { NAME: 'Name', EMAIL: 'Email', PHONE: 'Phone', PHYSICAL_ADDRESS: 'Physical address',
  POSTAL_ADDRESS: 'Postal address' };
const SIDES = { XPM: "XPM's value", KARBON: "Karbon's value" };

function fieldWords(c) {
  return c.fieldLabel || FIELD_WORDS[c.field] || String(c.field || 'A field');
}

// a value as people read it; none is said in words
function valueOf(value) {
  return value === null || value === undefined || value === '' ? h('span', { class: 'note', text: 'empty' })
    : h('span', { class: 'value', text: value });
}

// The firm's open conflicts, oldest first (one of them is enough to say how many and since when); null when unknown.
async function openConflicts() {
  try {
    return await api('GET', mapping('/conflicts?status=OPEN&page=0&size=1'));
  } catch (e) {
    return null;
  }
}

// The number of open conflicts beside the nav link: one small read; nothing is shown when it cannot be had.
async function refreshConflictCount() {
  try {
    const page = await api('GET', mapping('/conflicts?status=OPEN&page=0&size=1'));
    showConflictCount(page.total);
  } catch (e) {
    showConflictCount(null);
  }
}

function showConflictCount(total) {
  const badge = document.getElementById('conflicts-count');
  if (!badge) return;
  badge.hidden = !total;
  badge.dataset.count = String(total || 0);
  badge.textContent = total ? String(total) : '';
  badge.title = total ? plural(total, 'open conflict', 'open conflicts') : '';
  const link = badge.closest('a');
  if (total) link.setAttribute('aria-label', `Resolve Conflicts (${plural(total, 'open', 'open')})`);
  else link.removeAttribute('aria-label');
}

async function conflictsScreen() {
  const list = h('div', { id: 'conflicts' });
  const more = h('p', { id: 'conflicts-more', class: 'note', hidden: true });
  const selectAll = h('input', { type: 'checkbox', id: 'conflicts-select-all', onchange: () => list
    .querySelectorAll('input[type="checkbox"][data-id]').forEach((c) => { c.checked = selectAll.checked; }) });
  const xpmWins = h('button', { type: 'button', id: 'conflicts-xpm-wins', onclick: () => bulk('XPM') },
    'XPM wins for all selected');
  const karbonWins = h('button', { type: 'button', class: 'secondary', id: 'conflicts-karbon-wins',
    onclick: () => bulk('KARBON') }, 'Karbon wins for all selected');
  const bulkBar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Bulk actions' },
    h('label', { class: 'select-all' }, selectAll, ' Select all'), xpmWins, karbonWins);
  const results = h('ul', { id: 'conflicts-results', class: 'results' });
  const resultsCard = h('section', { class: 'card', id: 'conflicts-outcome',
    'aria-labelledby': 'conflicts-outcome-title', hidden: true },
  h('h2', { id: 'conflicts-outcome-title', text: 'What happened to the selected conflicts' }), results);
  const resolvedList = h('ul', { id: 'resolved-conflicts-list', class: 'results' });
  const resolved = h('details', { id: 'resolved-conflicts', class: 'card', ontoggle: () => {
    if (resolved.open) loadResolved();
  } }, h('summary', { text: 'Recently resolved' }), resolvedList);
  view.replaceChildren(heading('Resolve Conflicts'),
    h('p', { class: 'note', text: 'Conflicts to resolve: the same field of a matched contact changed in XPM and in'
        + ' Karbon to different values before the two met. Each system keeps its own value until you choose here;'
        + " the value you choose is written to both, and the other stays in the contact's history." }),
    bulkBar, resultsCard, more, list, resolved);
  let conflicts = [];
  await load();

  async function load() {
    const page = await api('GET', mapping('/conflicts?status=OPEN&page=0&size=200'));
    conflicts = page.items || [];
    showConflictCount(page.total);
    selectAll.checked = false;
    bulkBar.hidden = conflicts.length === 0;
    more.hidden = !(page.total > conflicts.length);
    more.textContent = `Showing ${conflicts.length} of ${page.total} open conflicts; the rest show once these are`
      + ' resolved.';
    list.replaceChildren(...(conflicts.length ? conflicts.map(card)
      : [h('p', { id: 'no-conflicts', text: 'No conflicts to resolve.' })]));
    if (resolved.open) loadResolved();
  }

  function card(c) {
    const titleId = `conflict-${c.id}`;
    const fieldId = `conflict-field-${c.id}`;
    const field = fieldWords(c);
    const error = h('p', { class: 'alert', role: 'alert', hidden: true });
    const choices = [
      h('button', { type: 'button', 'data-choice': 'XPM', 'aria-describedby': `${titleId} ${fieldId}`,
        onclick: () => resolve(c, 'XPM') }, "Keep XPM's value"),
      h('button', { type: 'button', class: 'secondary', 'data-choice': 'KARBON',
        'aria-describedby': `${titleId} ${fieldId}`, onclick: () => resolve(c, 'KARBON') }, "Keep Karbon's value")];
    let own = null;
    if (c.typeable) {
      const inputId = `conflict-value-${c.id}`;
      const input = h('input', { id: inputId, name: 'value', type: 'text', required: true, autocomplete: 'off',
        inputmode: c.field === 'EMAIL' ? 'email' : c.field === 'PHONE' ? 'tel' : null });
      const use = h('button', { type: 'submit', class: 'secondary', 'data-choice': 'VALUE',
        'aria-describedby': `${titleId} ${fieldId}` }, 'Use this value');
      own = h('form', { class: 'own-value', onsubmit: (event) => {
        event.preventDefault();
        resolve(c, 'VALUE', input.value.trim());
      } }, h('label', { for: inputId, text: `Or type the ${field.toLowerCase()}` }),
      h('div', { class: 'own-value-row' }, input, use));
    }
    const article = h('article', { class: 'card conflict', 'data-conflict': c.id, 'data-field': c.field,
      'aria-labelledby': titleId },
      h('input', { type: 'checkbox', 'data-id': c.id, 'aria-label': `Select ${field} of ${c.contactName}` }),
      h('div', { class: 'conflict-body' },
        h('h2', { id: titleId, text: c.contactName }),
        h('p', { id: fieldId }, h('strong', { text: field }), ' changed in both systems',
          c.openedAt ? [' (found ', timeOf(c.openedAt), ')'] : null, '.'),
        h('table', { class: 'values' },
          h('caption', { class: 'note', text: `${field} in each system` }),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Where' }), h('th', { scope: 'col', text: 'Value' }),
            h('th', { scope: 'col', text: 'Changed' }))),
          h('tbody', {},
            h('tr', { 'data-side': 'XPM' }, h('th', { scope: 'row', text: 'XPM' }), h('td', {}, valueOf(c.xpmValue)),
              h('td', {}, timeOf(c.xpmChangedAt))),
            h('tr', { 'data-side': 'KARBON' }, h('th', { scope: 'row', text: 'Karbon' }),
              h('td', {}, valueOf(c.karbonValue)), h('td', {}, timeOf(c.karbonChangedAt))),
            h('tr', { 'data-side': 'BASE' }, h('th', { scope: 'row', text: 'Last agreed value' }),
              h('td', {}, c.baseValue === null || c.baseValue === undefined
                ? h('span', { class: 'note', text: 'none known' }) : valueOf(c.baseValue)),
              h('td', {}, h('span', { class: 'note', text: 'before both changes' }))))),
        h('div', { class: 'toolbar choices', role: 'group', 'aria-label': `Choose the ${field.toLowerCase()} of`
          + ` ${c.contactName}` }, choices),
        own, error));
    return article;
  }

  async function resolve(c, choice, value) {
    const article = list.querySelector(`article[data-conflict="${CSS.escape(c.id)}"]`);
    const buttons = article.querySelectorAll('button[data-choice]');
    const error = article.querySelector('p.alert');
    error.hidden = true;
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const done = await api('POST', mapping(`/conflicts/${encodeURIComponent(c.id)}/resolve`),
        choice === 'VALUE' ? { choice, value } : { choice });
      const now = done && 'resolvedValue' in done ? done.resolvedValue
        : choice === 'XPM' ? c.xpmValue : choice === 'KARBON' ? c.karbonValue : value;
      say(`${c.contactName}: ${fieldWords(c)} is now ${now ? `“${now}”` : 'empty'} in XPM and in Karbon.`);
    } catch (e) {
      buttons.forEach((b) => { b.disabled = false; });
      say(`${c.contactName}, ${fieldWords(c)}: ${e.message}`, true);
      if (e.status !== 404 && e.status !== 409) {
        error.textContent = e.message;
        error.hidden = false;
        return;
      }
    }
    await load();
  }

  async function bulk(choice) {
    const chosen = [...list.querySelectorAll('input[type="checkbox"][data-id]:checked')].map((c) => c.dataset.id);
    if (!chosen.length) {
      say('Select the conflicts first.', true);
      return;
    }
    xpmWins.disabled = true;
    karbonWins.disabled = true;
    try {
      const answer = await api('POST', mapping('/conflicts/resolve'), { ids: chosen, choice });
      const outcomes = (answer && answer.results) || [];
      const done = outcomes.filter((r) => r.resolved).length;
      results.replaceChildren(...outcomes.map((r) => {
        const c = conflicts.find((x) => x.id === r.id);
        return h('li', { 'data-conflict': r.id, class: r.resolved ? 'done' : 'not-done' },
          h('strong', { text: c ? `${c.contactName}, ${fieldWords(c)}` : 'A conflict' }), ': ',
          r.message || (r.resolved ? `${SIDES[choice]} kept.` : 'Not resolved.'));
      }));
      resultsCard.hidden = outcomes.length === 0;
      say(`${SIDES[choice]} kept for ${done} of ${chosen.length}.`
        + (done < chosen.length ? ' The others are listed with the reason.' : ''), done < chosen.length);
    } catch (e) {
      say(e.message, true);
    } finally {
      xpmWins.disabled = false;
      karbonWins.disabled = false;
    }
    await load();
  }

  async function loadResolved() {
    try {
      const page = await api('GET', mapping('/conflicts?status=RESOLVED&page=0&size=20'));
      const items = [...(page.items || [])].sort((a, b) => String(b.resolvedAt || '').localeCompare(
        String(a.resolvedAt || '')));
      resolvedList.replaceChildren(...(items.length ? items.map((c) => h('li', { 'data-conflict': c.id },
        h('strong', { text: `${c.contactName}, ${fieldWords(c)}` }), ': now ',
        valueOf(c.resolvedValue), ' in both systems. ',
        c.decidedByWords || (c.decidedBy ? `Resolved by ${c.decidedBy}` : 'Resolved'),
        c.resolvedAt ? [', ', timeOf(c.resolvedAt)] : null, '.'))
        : [h('li', { text: 'Nothing resolved yet.' })]));
    } catch (e) {
      resolvedList.replaceChildren(h('li', { class: 'alert', role: 'alert', text: e.message }));
    }
  }
}

// ---------- Live Activity

async function activityScreen() {
  const log = h('ol', { class: 'log', id: 'activity', role: 'log', 'aria-live': 'polite', 'aria-label': 'Activity' });
  const tally = { match: 0, mapping: 0, push: 0 };
  const summary = h('p', { id: 'activity-summary' });
  const connection = h('span', { id: 'stream-state', class: 'badge', text: 'connecting' });
  view.replaceChildren(heading('Live Activity'),
    h('p', { class: 'note' }, 'Match, mapping and push events for this firm as they happen. Stream: ', connection),
    summary, log);
  const recent = await api('GET', `/api/firms/${encodeURIComponent(firm)}/activity?limit=50`);
  recent.reverse().forEach(add);
  const source = new EventSource(`/api/firms/${encodeURIComponent(firm)}/activity/stream`);
  source.onopen = () => { connection.textContent = 'live'; };
  source.onerror = () => { connection.textContent = 'reconnecting'; };
  source.onmessage = (event) => add(JSON.parse(event.data));
  cleanup.push(() => source.close());

  function add(a) {
    tally[a.kind] = (tally[a.kind] || 0) + 1;
    summary.textContent = `${tally.match} matches, ${tally.mapping} mapping changes, ${tally.push} pushes`;
    log.prepend(h('li', { 'data-kind': a.kind }, h('time', { datetime: a.occurredAt,
      text: new Date(a.occurredAt).toLocaleTimeString() }), h('span', { class: 'badge', text: a.kind }),
    h('span', { class: 'badge', text: a.outcome }), a.summary));
    while (log.children.length > 200) log.lastChild.remove();
  }
}

// ---------- Failures: what could not be processed, in words, and Try again

const PARTS = { connector: 'connector-service', matching: 'matching-service', mapping: 'mapping-service',
  push: 'push-service' };

// A failure's reason without the API call it names ("POST /practicemanager/3.1/client.api/add: ...").
function inWords(reason) {
  if (!reason) return 'not recorded';
  return reason.replace(/^(GET|POST|PUT|PATCH|DELETE) \/\S+: /, '')
    .replace(/^XPM answered Status ERROR: /, 'XPM refused it: ');
}

async function failuresScreen() {
  const list = h('ul', { class: 'failures', id: 'failures' });
  const empty = h('p', { id: 'no-failures', text: 'Nothing has failed for this firm.', hidden: true });
  view.replaceChildren(heading('Failures'), h('p', { class: 'note' }, 'Records xpm-sync could not process for this'
    + ' firm, and why. When the cause is mended (a refused value corrected, an app reconnected), Try again sends the'
    + ' record through once more; nothing is processed twice.'), empty, list);
  const found = [];
  for (const [part, service] of Object.entries(PARTS)) {
    const letters = await api('GET', `/api/${part}/firms/${encodeURIComponent(firm)}/dead-letters`);
    letters.forEach((l) => found.push({ ...l, part, service }));
  }
  found.sort((a, b) => b.at.localeCompare(a.at));
  empty.hidden = found.length > 0;
  found.forEach((l) => {
    const button = h('button', { type: 'button', class: 'secondary',
      'aria-label': `Try again: ${l.what}${l.contactName ? ' for ' + l.contactName : ''}`, onclick: retry }, 'Try again');
    list.append(h('li', { 'data-failure': `${l.topic}/${l.partition}/${l.offset}` },
      h('p', {}, h('strong', { text: l.contactName || 'A record' }), ` — ${l.what}, ${when(l.at)}`),
      h('p', { class: 'reason', text: 'Why: ' + inWords(l.reason) }),
      l.replayedFrom ? h('p', { class: 'note', text: 'This is itself a second try.' }) : null,
      button));

    async function retry() {
      button.disabled = true;
      try {
        await api('POST', `/api/${l.part}/firms/${encodeURIComponent(firm)}/dead-letters/replay`,
          { topic: l.topic, partition: l.partition, offset: l.offset });
        say(`Sent again: ${l.contactName || l.what}.`);
      } catch (e) {
        button.disabled = false;
        say('Could not try again: ' + e.message, true);
      }
    }
  });
}

// ---------- routing

const SCREENS = { 'connected-apps': connectedApps, settings: settingsScreen, sync: syncScreen, clients: clientsScreen,
  history: historyScreen, partials: partialsScreen, conflicts: conflictsScreen, activity: activityScreen,
  failures: failuresScreen };

async function render() {
  cleanup.forEach((f) => f());
  cleanup = [];
  const name = (location.hash.replace(/^#\//, '') || 'connected-apps').split('?')[0];
  const screen = SCREENS[name] || connectedApps;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  // the link's own words (not the count of open conflicts beside one)
  document.title = `${document.querySelector(`nav a[data-view="${name}"]`)?.firstChild.textContent.trim()
    || (name === 'history' ? 'Contact history' : 'Connected Apps')}`
    + ` · ${firm} · xpm-sync`;
  if (name !== 'conflicts') refreshConflictCount();
  try {
    await screen();
  } catch (e) {
    view.replaceChildren(h('p', { role: 'alert', class: 'alert', text: e.message }));
  }
}

async function start() {
  const params = new URLSearchParams(location.search);
  const settings = await api('GET', '/api/console');
  document.getElementById('user').textContent = settings.user;
  if (settings.firms.length === 0) {
    view.replaceChildren(h('p', { role: 'alert', class: 'alert', text: 'You are signed in as ' + settings.user
      + ', but no firm is given to you yet. Ask your firm\'s administrator to add you.' }));
    return;
  }
  // only the firms of the signed-in person can be chosen; an address naming another opens the first of theirs
  const wanted = [params.get('firm'), localStorage.getItem('xpmsync.firm')];
  firm = wanted.find((f) => settings.firms.includes(f)) || settings.defaultFirm;
  firmInput.replaceChildren(...settings.firms.map((f) => h('option', { value: f, text: f })));
  firmInput.value = firm;
  if (params.get('firm') && params.get('firm') !== firm) {
    say(`You have no access to the firm ${params.get('firm')}; showing ${firm}.`, true);
  }
  document.getElementById('firm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    firm = firmInput.value;
    localStorage.setItem('xpmsync.firm', firm);
    say(`Showing firm ${firm}.`);
    render();
  });
  window.addEventListener('hashchange', () => { say(''); render(); });
  render();
}

start();
