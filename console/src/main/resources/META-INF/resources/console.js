// xpm-sync console: the seed's screens over the services' public REST APIs (through the console's /api gateway)
// and the live activity stream. No framework, no build step: native modules under js/, each screen a function that
// renders into #view (README: the module layout).

import { activityScreen } from './js/activity.js';
import { clientsScreen } from './js/clients.js';
import { conflictsScreen } from './js/conflicts.js';
import { connectedApps } from './js/connected-apps.js';
import { failuresScreen } from './js/failures.js';
import { historyScreen } from './js/history.js';
import { partialsScreen } from './js/partials.js';
import { api, firm, h, openFirm, render, say, useScreens, view } from './js/shared.js';
import { settingsScreen } from './js/settings.js';
import { syncScreen } from './js/sync.js';

const firmInput = document.getElementById('firm-id');

useScreens({ 'connected-apps': connectedApps, settings: settingsScreen, sync: syncScreen, clients: clientsScreen,
  history: historyScreen, partials: partialsScreen, conflicts: conflictsScreen, activity: activityScreen,
  failures: failuresScreen });

async function start() {
  const params = new URLSearchParams(location.search);
  const settings = await api('GET', '/api/console');
  document.getElementById('user').textContent = settings.user;
  if (settings.firms.length === 0) {
    view.replaceChildren(h('p', { role: 'alert', class: 'alert', text: 'You are signed in as ' + settings.user
      + ', but no firm is given to you yet. Ask your firm\'s administrator to add you.' }));
    return;
  }
  // only the firms of the signed-in person can be chosen; an address naming another opens the first of theirs
  const wanted = [params.get('firm'), localStorage.getItem('xpmsync.firm')];
  openFirm(wanted.find((f) => settings.firms.includes(f)) || settings.defaultFirm);
  firmInput.replaceChildren(...settings.firms.map((f) => h('option', { value: f, text: f })));
  firmInput.value = firm;
  if (params.get('firm') && params.get('firm') !== firm) {
    say(`You have no access to the firm ${params.get('firm')}; showing ${firm}.`, true);
  }
  document.getElementById('firm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    openFirm(firmInput.value);
    localStorage.setItem('xpmsync.firm', firm);
    say(`Showing firm ${firm}.`);
    render();
  });
  window.addEventListener('hashchange', () => { say(''); render(); });
  render();
}

start();
