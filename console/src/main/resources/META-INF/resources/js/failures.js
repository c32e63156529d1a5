// Failures: what could not be processed, in words, and Try again (each service's dead letters).

import { api, firm, h, heading, say, view, when } from './shared.js';

const PARTS = { connector: 'connector-service', matching: 'matching-service', mapping: 'mapping-service',
  push: 'push-service' };

// A failure's reason without the API call it names ("POST /practicemanager/3.1/client.api/add: ...").
function inWords(reason) {
  if (!reason) return 'not recorded';
  return reason.replace(/^(GET|POST|PUT|PATCH|DELETE) \/\S+: /, '')
    .replace(/^XPM answered Status ERROR: /, 'XPM refused it: ');
}

export async function failuresScreen() {
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
