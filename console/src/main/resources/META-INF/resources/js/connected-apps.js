// Connected Apps: the firm's Xero Practice Manager connection (connector-service) and its Karbon connection
// (matching-service).

import { api, confirmDialog, confirmOption, connector, firm, h, heading, matching, openConflicts, plural, render, say,
  timeOf, view, when } from './shared.js';

const COUNTRIES = [['AU', 'Australia'], ['NZ', 'New Zealand'], ['ZA', 'South Africa'], ['GB', 'United Kingdom'],
  ['CA', 'Canada'], ['US', 'United States'], ['DE', 'Germany'], ['IE', 'Ireland'], ['SG', 'Singapore']];

export async function connectedApps() {
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
