// Client List: the firm's mapped contacts (mapping-service), searched, sorted and paged; History or Remove Match.

import { api, confirmDialog, h, heading, mapping, say, view, when } from './shared.js';

export async function clientsScreen() {
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
