// sitrep's single-page UI: hash routes (#/map, #/events/ID, #/risk/AREA,
// #/reports/ID, #/feeds, #/actors/NAME, with filters as a query: #/events?country=UA), one view per
// route kept alive once built, and the store's figures in the header.

import { createActorsView } from './actors.js';
import { stats } from './api.js';
import { fmtInt, h } from './dom.js';
import { createEventsView } from './events.js';
import { createFeedsView } from './feeds.js';
import { createMapView } from './map.js';
import { createReportsView } from './reports.js';
import { createRiskView } from './risk.js';

const root = document.getElementById('view');
const notice = document.getElementById('notice');
const statsEl = document.getElementById('stats');

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
};
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
  return { name: factories[name] ? name : 'map', arg, query };
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

window.addEventListener('hashchange', route);
showStats();
route();
