// Live Activity: the firm's match, mapping and push events as they happen (the console's own stream).

import { api, cleanup, firm, h, heading, view } from './shared.js';

export async function activityScreen() {
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
