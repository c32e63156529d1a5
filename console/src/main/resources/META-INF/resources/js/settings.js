// Contact Sync Settings: the firm's settings (connector-service), shown and edited.

import { api, connector, h, heading, render, say, view } from './shared.js';

const KNOWN_TYPES = ['Client', 'Prospect', 'Supplier', 'Contact', 'Other'];

// the firm's choice when the same field changed in XPM and in Karbon before the two met (settings without one: ASK)
const CONFLICT_POLICIES = [['ASK', 'Ask a person'], ['XPM_WINS', 'XPM wins'], ['KARBON_WINS', 'Karbon wins'],
  ['MOST_RECENT', 'The most recent change wins']];

function conflictPolicyWords(policy) {
  return (CONFLICT_POLICIES.find(([p]) => p === (policy || 'ASK')) || [null, policy])[1];
}

export async function settingsScreen() {
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
