// Resolve Conflicts: the same field of a matched contact changed in XPM and in Karbon to different values
// before the two met; with the firm's policy "Ask a person" each system keeps its own value until someone chooses here.

import { api, h, heading, mapping, say, showConflictCount, timeOf, view } from './shared.js';

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

export async function conflictsScreen() {
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
