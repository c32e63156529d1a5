// Resolve Partial Matches: each XPM record beside its ranked Karbon candidates; Confirm or Create New, one or in bulk.

import { api, h, heading, mapping, say, view } from './shared.js';

export async function partialsScreen() {
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
