// What every screen shares: the DOM helper, calls to the services' public APIs (through the console's /api gateway)
// for the firm shown, the status line, times and counts in words, the confirmation dialog, and the nav that shows one
// screen at a time (the screens themselves are named in console.js).

// ---------- the page's parts and the DOM helper

export const view = document.getElementById('view');
const statusLine = document.getElementById('status');

export function h(tag, attrs = {}, ...children) {
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

export function heading(text) {
  const h1 = h('h1', { text, tabindex: '-1' });
  return h1;
}

export function say(message, error = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle('error', error);
}

// Asks before something that cannot be undone; optionText adds a checkbox (unticked), read back with confirmOption().
export function confirmDialog(title, text, okLabel, optionText) {
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

export function confirmOption() {
  return !document.getElementById('confirm-option').hidden && document.getElementById('confirm-option-box').checked;
}

// ---------- calls to the services, for the firm shown

// the firm shown: screens read it, openFirm changes it
export let firm = null;

export function openFirm(id) {
  firm = id;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.field = problem.field;
  }
}

export async function api(method, path, body) {
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

export const connector = (p) => `/api/connector/firms/${encodeURIComponent(firm)}${p}`;
export const matching = (p) => `/api/matching/firms/${encodeURIComponent(firm)}${p}`;
export const mapping = (p) => `/api/mapping/firms/${encodeURIComponent(firm)}${p}`;
export const push = (p) => `/api/push/firms/${encodeURIComponent(firm)}${p}`;

// ---------- times and counts in words

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

// A moment no reader can misread ("7 Dec 2026, 1:03 pm", in the browser's time zone): the month in words, never
// "12/7/2026"; the zone's name in the tooltip.
const PLAIN_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric',
  hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }); // h12: "12:03 pm", where hour12 says "0:03 pm"
const ZONED_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long' });

export function timeOf(iso) {
  if (!iso) return h('span', { class: 'note', text: 'not known' });
  const date = new Date(iso);
  return h('time', { datetime: iso, title: ZONED_TIME.format(date), text: PLAIN_TIME.format(date) });
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------- the nav

// The firm's open conflicts, oldest first (one of them is enough to say how many and since when); null when unknown.
export async function openConflicts() {
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

export function showConflictCount(total) {
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

let screens = {};
// what the current screen stops (a poll, a stream) when another is shown
export let cleanup = [];

// console.js names the screens once; render() shows the one the address names (and again after a change).
export function useScreens(named) {
  screens = named;
}

export async function render() {
  cleanup.forEach((f) => f());
  cleanup = [];
  const name = (location.hash.replace(/^#\//, '') || 'connected-apps').split('?')[0];
  const screen = screens[name] || screens['connected-apps'];
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
