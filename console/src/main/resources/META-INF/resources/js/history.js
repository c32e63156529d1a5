// A contact's history (from the Client List's options): its timeline, newest first, a page at a time.

import { api, h, heading, mapping, view, when } from './shared.js';

const WRITTEN_TO = { KARBON: 'Written to Karbon', XPM: 'Written to XPM' };

export async function historyScreen() {
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
