// One event in full — every field, its actors with their roles, its sources
// with record ids and links, the provenance of its fields when several
// sources were merged, the reports it was read from, and its revision
// history — rendered into a side panel page.

import { api, countryName, seg } from './api.js';
import { categoryTag, dl, extLink, fmtEventDate, fmtInt, fmtTime, h, loading, safeUrl, table } from './dom.js';

/** Opens event `id` on top of `panel`'s pages (or alone with `replace`). */
export function showEvent(panel, id, { replace = false } = {}) {
  const build = async (body, page) => {
    body.replaceChildren(loading());
    const [event, reports] = await Promise.all([
      api(`/api/v1/events/${seg(id)}`),
      api('/api/v1/reports', { params: { event: id } }).catch(() => ({ reports: [] })),
    ]);
    panel.setTitle(page, event.sub_event_type ? `${event.event_type} — ${event.sub_event_type}` : event.event_type);
    // Country names as far as they are loaded: the event never waits for them.
    body.replaceChildren(renderEvent(event, { get: countryName }, reports.reports || []));
  };
  return replace ? panel.open('Event', build) : panel.push('Event', build);
}

function nullable(n, unit = '') {
  return n === null || n === undefined ? h('span', { class: 'muted' }, 'unknown') : `${fmtInt(n)}${unit}`;
}

export function renderEvent(e, names, reports) {
  const loc = e.location || {};
  const country = loc.country ? `${names.get(loc.country) || loc.country} (${loc.country})` : '—';
  const place = [loc.name, loc.admin2, loc.admin1].filter(Boolean).join(', ');
  const out = h('div', { class: 'event-detail', dataset: { eventId: e.id } },
    h('p', { class: 'lede' },
      h('span', { class: 'event-place' }, place || '—'), ' · ', country, ' · ', fmtEventDate(e.date)),
    dl([
      ['ID', h('code', null, e.id)],
      ['Type', e.event_type],
      ['Sub-type', e.sub_event_type || h('span', { class: 'muted' }, 'none given')],
      ['Status', e.status],
      ['Category', categoryTag(e.category)],
      ['Date', `${e.date.start}${e.date.end ? ` – ${e.date.end}` : ''} (${e.date.precision})`],
      ['Place', loc.name || '—'],
      ['Admin 1', loc.admin1 || '—'],
      ['Admin 2', loc.admin2 || '—'],
      ['Country', country],
      ['Coordinates', `${loc.lat}, ${loc.lon} (${loc.precision})`],
      ['Fatalities', nullable(e.fatalities)],
      ['Injuries', nullable(e.injuries)],
      ['Tags', e.tags && e.tags.length ? h('span', { class: 'tags' }, e.tags.map((t) => h('span', { class: 'tag' }, t))) : '—'],
      ['First seen', fmtTime(e.first_seen)],
      ['Updated', fmtTime(e.updated)],
    ]),
    h('h3', null, 'Notes'),
    e.notes ? h('p', { class: 'notes' }, e.notes) : h('p', { class: 'muted' }, 'No notes.'),
    h('h3', null, `Actors (${e.actors.length})`),
    e.actors.length
      ? table(
        [{ label: 'Name' }, { label: 'Kind' }, { label: 'Role' }, { label: 'Claimed' }],
        e.actors.map((a) => h('tr', null,
          h('td', { class: 'actor-name' }, a.name),
          h('td', null, a.kind.replaceAll('_', ' ')),
          h('td', null, h('span', { class: ['role', `role-${a.role}`] }, a.role)),
          h('td', null, a.claimed ? 'yes' : '')),
        ), { cls: 'grid compact actors' })
      : h('p', { class: 'muted' }, 'No actors named.'),
    h('h3', null, `Sources (${e.sources.length})`),
    table(
      [{ label: 'Dataset · record id' }, { label: 'Reported by · link' }, { label: 'Retrieved' }],
      e.sources.map((s) => h('tr', { class: 'source' },
        h('td', null, h('span', { class: 'dataset' }, s.dataset), h('div', { class: 'record-id' }, h('code', null, s.record_id))),
        h('td', null, s.name || h('span', { class: 'muted' }, 'not named'),
          h('div', { class: 'source-url' }, s.url ? extLink(s.url, safeUrl(s.url) ? hostOf(s.url) : s.url) : h('span', { class: 'muted' }, 'no link'))),
        h('td', { class: 'nowrap', title: fmtTime(s.retrieved_at) }, String(s.retrieved_at).slice(0, 10)))),
      { cls: 'grid compact sources' }),
    provenance(e.provenance || []),
    reports.length ? [
      h('h3', null, `Read from reports (${reports.length})`),
      h('ul', { class: 'plain' }, reports.map((r) => h('li', null,
        h('a', { href: `#/reports/${encodeURIComponent(r.id)}` }, r.title || r.id),
        r.published ? ` · ${r.published}` : ''))),
    ] : null,
    h('h3', null, `Revision history (${e.history.length})`),
    e.history.length
      ? h('ol', { class: 'history' }, e.history.map((r) => h('li', null,
        h('div', { class: 'rev-head' },
          h('strong', null, `Revision ${r.revision}`), ' · ', fmtTime(r.at), ' · from ', h('code', null, r.source)),
        r.changes.length
          ? table([{ label: 'Field' }, { label: 'Old' }, { label: 'New' }],
            r.changes.map((c) => h('tr', null, h('td', null, c.field), h('td', { class: 'old' }, c.old), h('td', { class: 'new' }, c.new))),
            { cls: 'grid compact changes' })
          : h('p', { class: 'muted' }, r.revision === 1 ? 'Created.' : 'No field changes recorded.'))))
      : h('p', { class: 'muted' }, 'No revisions recorded.'));
  return out;
}

const FIELD_LABELS = {
  event_type: 'Type',
  status: 'Status',
  date: 'Date',
  location: 'Place',
  fatalities: 'Fatalities',
  injuries: 'Injuries',
};

// For an event merged from several sources: per field, the value shown and
// who states it, and what the other sources say (conflicts highlighted).
function provenance(fields) {
  if (!fields.length) return null;
  const sourceList = (ids) => h('span', { class: 'prov-sources' },
    ids.map((id, i) => [i ? ', ' : '', h('code', null, id)]));
  const conflicts = fields.filter((f) => f.alternatives.length).length;
  return [
    h('h3', null, 'Provenance'),
    h('p', { class: 'muted' }, conflicts
      ? `Sources disagree on ${conflicts} field${conflicts === 1 ? '' : 's'}: the value most sources state is shown.`
      : 'Every source agrees on the fields below.'),
    table(
      [{ label: 'Field' }, { label: 'Shown' }, { label: 'Stated by' }, { label: 'Other values' }],
      fields.map((f) => h('tr', { class: f.alternatives.length ? 'prov-field conflict' : 'prov-field', dataset: { field: f.field } },
        h('td', null, FIELD_LABELS[f.field] || f.field),
        h('td', { class: 'prov-shown' }, f.shown),
        h('td', null, sourceList(f.sources)),
        h('td', null, f.alternatives.length
          ? h('ul', { class: 'plain prov-alternatives' }, f.alternatives.map((a) => h('li', null,
            h('span', { class: 'prov-value' }, a.value), ' — ', sourceList(a.sources))))
          : h('span', { class: 'muted' }, 'none')))),
      { cls: 'grid compact provenance' }),
  ];
}

function hostOf(url) {
  try {
    const u = new URL(url);
    return u.host + (u.pathname.length > 1 ? u.pathname : '');
  } catch {
    return url;
  }
}
