// Sync Now and Preview Sync: a run followed to its end, a preview's groups of records, the run after a preview
// compared with it, and the last runs (connector-service and mapping-service).

import { api, cleanup, connector, h, heading, mapping, plural, say, view, when } from './shared.js';

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

export async function syncScreen() {
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
