// sitrep's single-page UI: hash routes (#/map, #/events/ID, #/risk/AREA,
// #/reports/ID, #/feeds, #/actors/NAME, #/access (admins), with filters as a query: #/events?country=UA), one view per
// route kept alive once built, and the store's figures in the header. A server
// that needs keys asks for one first (the sign-in form sets an HttpOnly
// cookie); the header then names the organisation and the key's role.

import { createAccessView } from './access.js';
import { createActorsView } from './actors.js';
import { api, setSession, stats } from './api.js';
import { fmtInt, h } from './dom.js';
import { createEventsView } from './events.js';
import { createFeedsView } from './feeds.js';
import { createMapView } from './map.js';
import { createReportsView } from './reports.js';
import { createRiskView } from './risk.js';

const root = document.getElementById('view');
const notice = document.getElementById('notice');
const statsEl = document.getElementById('stats');
const sessionEl = document.getElementById('session');
const signin = document.getElementById('signin');
const signinError = document.getElementById('signin-error');
const keyInput = document.getElementById('signin-key');

async function showStats(refresh = false) {
  try {
    const s = await stats({ refresh });
    const span = s.first_date ? `${s.first_date} – ${s.last_date}` : 'no events yet';
    statsEl.replaceChildren(
      ...[['Events', fmtInt(s.events)], ['Actors', fmtInt(s.actors)], ['Sources', fmtInt(s.sources)], ['Span', span]]
        .flatMap(([k, v]) => [h('dt', null, k), h('dd', { dataset: { stat: k.toLowerCase() } }, v)]),
    );
  } catch (error) {
    notice.textContent = `Cannot reach the sitrep API: ${error.message}`;
    notice.hidden = false;
  }
}

const factories = {
  map: createMapView,
  events: createEventsView,
  risk: createRiskView,
  reports: () => createReportsView({ onStored: () => showStats(true) }),
  feeds: createFeedsView,
  actors: createActorsView,
  access: () => createAccessView({ session }),
};
/** Who the page is signed in as; null on a server over one store, without keys. */
let session = null;
const views = {};

function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const slash = path.indexOf('/');
  const name = slash >= 0 ? path.slice(0, slash) : path;
  const rest = slash >= 0 ? path.slice(slash + 1) : '';
  let arg = null;
  if (rest) {
    try {
      arg = decodeURIComponent(rest);
    } catch {
      arg = rest;
    }
  }
  const allowed = factories[name] && (name !== 'access' || (session && session.role === 'admin'));
  return { name: allowed ? name : 'map', arg, query };
}

function route() {
  const { name, arg, query } = parseHash();
  if (!views[name]) {
    views[name] = factories[name]();
    root.append(views[name].el);
  }
  for (const [key, view] of Object.entries(views)) view.el.hidden = key !== name;
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `sitrep — ${name[0].toUpperCase()}${name.slice(1)}`;
  views[name].show(arg, query);
}

function showSignIn(message) {
  root.hidden = true;
  statsEl.hidden = true;
  sessionEl.hidden = true;
  notice.hidden = true;
  signin.hidden = false;
  signinError.textContent = message || '';
  signinError.hidden = !message;
  keyInput.focus();
}

/** The organisation and key in the header, with a sign-out button. */
function showSession(session) {
  const who = session.open ? 'local, no keys yet' : `${session.role} · ${session.key}`;
  sessionEl.replaceChildren(
    h('span', { class: 'org', text: session.org_name }),
    h('span', { class: 'who', text: who }),
    session.open ? null : h('button', { type: 'button', class: 'signout', on: { click: signOut } }, 'Sign out'),
  );
  sessionEl.hidden = false;
}

async function signOut() {
  await api('/api/v1/session', { method: 'DELETE' });
  window.location.reload();
}

document.getElementById('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('/api/v1/session', { method: 'POST', body: { key: keyInput.value.trim() } });
    keyInput.value = '';
    window.location.reload();
  } catch (error) {
    showSignIn(error.status === 401 ? 'That key is unknown, revoked or expired.' : error.message);
  }
});

window.addEventListener('sitrep:unauthorized', () => showSignIn('Your key is no longer accepted: sign in again.'));

async function start() {
  try {
    session = await api('/api/v1/session');
    setSession(session);
    showSession(session);
    document.getElementById('tab-access').hidden = session.role !== 'admin';
  } catch (error) {
    if (error.status === 401) {
      showSignIn();
      return;
    }
    // Not found: a server over one store, without keys.
  }
  window.addEventListener('hashchange', route);
  showStats();
  route();
}

start();
