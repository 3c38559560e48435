// The Actors view: one actor's reach (GET /api/v1/actors/{name}) — its names,
// parent and affiliates from the actor registry, home country, footprint per
// quarter (where it acted, plotted or was disrupted, how far from home) and
// the expansion signal with the events abroad that raised it. Routes:
// #/actors/NAME, with ?affiliates=1 to pool the registry's affiliates.

import { api, seg } from './api.js';
import { dl, errorBox, fmtInt, h, loading, setHash, table } from './dom.js';

const DEFAULT_ACTOR = 'Islamic State Khorasan Province';

function pct(share) {
  return `${Math.round(share * 100)} %`;
}

function km(d) {
  return d === null || d === undefined ? '–' : fmtInt(d);
}

function places(list) {
  return list.map((c) => `${c.place} ${fmtInt(c.events)}`).join(', ');
}

function quarterRow(q) {
  return h('tr', { class: 'quarter', dataset: { quarter: q.quarter } },
    h('td', { class: 'nowrap' }, q.quarter),
    h('td', { class: 'num' }, fmtInt(q.events)),
    h('td', { class: 'num' }, fmtInt(q.acted)),
    h('td', { class: 'num' }, fmtInt(q.plotted)),
    h('td', { class: 'num' }, fmtInt(q.disrupted)),
    h('td', { class: 'num' }, `${fmtInt(q.abroad)} (${pct(q.abroad_share)})`),
    h('td', { class: 'num' }, km(q.mean_distance_km)),
    h('td', { class: 'num' }, km(q.max_distance_km)),
    h('td', { class: 'quarter-countries' }, places(q.countries)));
}

function evidenceRow(e) {
  return h('tr', { class: 'evidence' },
    h('td', { class: 'nowrap' }, e.date),
    h('td', null, e.country, e.admin1 ? h('div', { class: 'sub' }, e.admin1) : null),
    h('td', null, e.involvement),
    h('td', null, e.kind),
    h('td', null, h('a', { href: `#/events/${seg(e.id)}` }, e.id)));
}

function signalCard(s) {
  if (!s) return null;
  return h('div', { class: ['card', 'signal', s.fires ? 'signal-fires' : 'signal-quiet'] },
    h('h2', null, 'Expansion signal: ', h('strong', { class: 'signal-verdict' }, s.fires ? 'YES' : 'no')),
    h('p', { class: 'signal-reason' }, s.reason),
    dl([
      ['Windows', `${s.earlier_from} – ${s.later_from} vs ${s.later_from} – ${s.later_to} (${fmtInt(s.window_days)} days each)`],
      ['Abroad', `${fmtInt(s.abroad_earlier)} → ${fmtInt(s.abroad_later)} (one-sided p = ${s.p_abroad.toFixed(4)})`],
      ['At home', `${fmtInt(s.home_earlier)} → ${fmtInt(s.home_later)} (p of a rise = ${s.p_home_rise.toFixed(4)})`],
      ['New countries', s.new_countries.length ? s.new_countries.join(', ') : 'none'],
    ]),
    s.fires && s.evidence.length
      ? table(
        [{ label: 'Date' }, { label: 'Where' }, { label: 'Involvement' }, { label: 'Kind' }, { label: 'Event' }],
        s.evidence.map(evidenceRow),
        { cls: 'grid compact evidence-table', caption: 'Events abroad in the later window' })
      : null);
}

function reachCard(r) {
  const span = r.first_date ? `${r.first_date} – ${r.last_date}` : '–';
  return h('div', { class: 'card reach' },
    h('h2', { class: 'actor-name' }, r.name, r.kind ? h('span', { class: 'muted small' }, ` (${r.kind})`) : null),
    dl([
      ['Also known as', r.aliases.length ? r.aliases.join('; ') : '–'],
      ['Part of', r.parent || '–'],
      ['Affiliates', r.affiliates.length ? r.affiliates.join('; ') : '–'],
      ['Home', `${r.home || '–'}${r.home_given ? ' (from the registry)' : ' (most of its events)'}`],
      ['Events', `${fmtInt(r.events)} (${span}), abroad ${fmtInt(r.abroad)} (${pct(r.abroad_share)})`],
      ['Countries', places(r.countries) || '–'],
      r.pooled.length
        ? ['Pooled with', h('span', { class: 'pooled' }, r.pooled.filter((p) => p.events > 0).map((p) => `${p.name} (${fmtInt(p.events)})`).join('; ') || 'no affiliate events')]
        : null,
    ].filter(Boolean)),
    table(
      [{ label: 'Quarter' }, { label: 'Events', class: 'num' }, { label: 'Acted', class: 'num' }, { label: 'Plotted', class: 'num' },
        { label: 'Disrupted', class: 'num' }, { label: 'Abroad', class: 'num' }, { label: 'Mean km', class: 'num', title: 'Mean distance from home' },
        { label: 'Max km', class: 'num' }, { label: 'Countries' }],
      r.quarters.map(quarterRow),
      { cls: 'grid compact quarters-table', caption: 'Footprint per quarter' }));
}

export function createActorsView() {
  const name = h('input', { id: 'actor-name', name: 'name', type: 'search', required: true, placeholder: 'name or alias: ISKP, ISWAP, Al Shabaab…' });
  const pool = h('input', { id: 'actor-affiliates', name: 'affiliates', type: 'checkbox' });
  const body = h('div', { class: 'actor-body' });
  const form = h('form', { class: 'card actor-form', 'aria-label': 'Find an actor' },
    h('div', { class: 'row' },
      h('label', { for: 'actor-name' }, 'Actor'), name,
      h('label', { class: 'check' }, pool, ' with its affiliates'),
      h('button', { type: 'submit', class: 'btn' }, 'Show reach')));
  const el = h('section', { class: 'view view-actors', 'aria-label': 'Actors' },
    h('div', { class: 'view-main scroll' }, form, body));
  let shown = null;

  async function load(actor, affiliates) {
    shown = `${actor}|${affiliates}`;
    name.value = actor;
    pool.checked = affiliates;
    body.replaceChildren(loading());
    try {
      const r = await api(`/api/v1/actors/${seg(actor)}`, { params: affiliates ? { affiliates: 'true' } : {} });
      body.replaceChildren(reachCard(r), signalCard(r.signal));
    } catch (error) {
      body.replaceChildren(errorBox(error));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const actor = name.value.trim();
    if (!actor) return;
    const hash = `#/actors/${seg(actor)}${pool.checked ? '?affiliates=1' : ''}`;
    setHash(hash);
    load(actor, pool.checked);
  });

  return {
    el,
    show(arg, query) {
      const actor = arg || DEFAULT_ACTOR;
      const affiliates = query.get('affiliates') === '1';
      if (shown !== `${actor}|${affiliates}`) load(actor, affiliates);
    },
  };
}
