// The Events view: a filter bar driving GET /api/v1/events, a dense table of
// the results paged with the API's cursor ("Load more"), and the event's
// detail in a side panel.

import { api, countryName, isAbort } from './api.js';
import { categoryTag, clear, errorBox, fmtEventDate, fmtInt, h, Panel, setHash } from './dom.js';
import { showEvent } from './detail.js';
import { CATEGORIES, EVENT_TYPES, STATUSES } from './taxonomy.js';

const PAGE = 100;
const FIELDS = ['from', 'to', 'type', 'sub_type', 'category', 'status', 'country', 'admin1', 'actor', 'text', 'min_fatalities'];

export function createEventsView() {
  const panel = new Panel({ label: 'Event details', onClose: () => { markSelected(null); setHash('#/events'); } });
  const input = (name, label, props = {}) => h('label', { class: 'field' }, h('span', null, label), h('input', { name, id: `ev-${name}`, ...props }));
  const option = (value, label) => h('option', { value }, label ?? value);
  const typeSelect = h('select', { name: 'type', id: 'ev-type' }, option('', 'Any type'), EVENT_TYPES.map((t) => option(t.label)));
  const subSelect = h('select', { name: 'sub_type', id: 'ev-sub_type' });
  const fillSubTypes = () => {
    const chosen = EVENT_TYPES.filter((t) => !typeSelect.value || t.label === typeSelect.value);
    const keep = subSelect.value;
    subSelect.replaceChildren(option('', 'Any sub-type'), chosen.flatMap((t) => t.sub).map((s) => option(s)));
    if ([...subSelect.options].some((o) => o.value === keep)) subSelect.value = keep;
  };
  typeSelect.addEventListener('change', fillSubTypes);
  fillSubTypes();

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Event filters' },
    input('from', 'From', { type: 'date' }),
    input('to', 'To', { type: 'date' }),
    h('label', { class: 'field' }, h('span', null, 'Type'), typeSelect),
    h('label', { class: 'field' }, h('span', null, 'Sub-type'), subSelect),
    h('label', { class: 'field' }, h('span', null, 'Category'),
      h('select', { name: 'category', id: 'ev-category' }, option('', 'Any category'), CATEGORIES.map((c) => option(c.id, c.label)))),
    h('label', { class: 'field' }, h('span', null, 'Status'),
      h('select', { name: 'status', id: 'ev-status' }, option('', 'Any status'), STATUSES.map((s) => option(s)))),
    input('country', 'Country', { type: 'text', placeholder: 'e.g. UA,RU', size: 7, autocomplete: 'off', spellcheck: 'false' }),
    input('admin1', 'Admin 1', { type: 'text', placeholder: 'region (with country)', size: 14, autocomplete: 'off', spellcheck: 'false' }),
    input('actor', 'Actor', { type: 'text', placeholder: 'name or alias', size: 14 }),
    input('text', 'Text', { type: 'search', placeholder: 'words in notes, place, actors', size: 18 }),
    input('min_fatalities', 'Min. fatalities', { type: 'number', min: 0, step: 1, class: 'narrow' }),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit', class: 'btn primary' }, 'Search'),
      h('button', { type: 'reset', class: 'btn' }, 'Reset')));

  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const tableEl = h('table', { class: 'grid events-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'col-date' }, 'Date'),
      h('th', { scope: 'col', class: 'col-type' }, 'Type / sub-type'),
      h('th', { scope: 'col', class: 'col-place' }, 'Place'),
      h('th', { scope: 'col', class: 'col-cc' }, 'Country'),
      h('th', { scope: 'col', class: 'num col-fat', title: 'Reported fatalities (— unknown)' }, 'Fatal.'),
      h('th', { scope: 'col' }, 'Actors'))),
    tbody);
  const more = h('button', { type: 'button', class: 'btn load-more', hidden: true }, 'Load more');
  const status = h('div', { class: 'list-status' });
  const list = h('div', { class: 'list-scroll' }, tableEl, status, more);
  const el = h('section', { class: 'view view-events', 'aria-label': 'Events' },
    h('div', { class: 'view-main' }, form, summary, list), panel.el);

  let cursor = null;
  let params = {};
  let controller = null;
  let loaded = 0;

  function readForm() {
    const data = new FormData(form);
    const out = {};
    for (const name of FIELDS) {
      const v = String(data.get(name) ?? '').trim();
      if (v) out[name] = v;
    }
    return out;
  }

  function writeForm(values) {
    for (const name of FIELDS) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      field.value = values[name] ?? '';
      if (name === 'type') fillSubTypes();
    }
  }

  function markSelected(id) {
    for (const tr of tbody.children) tr.classList.toggle('selected', tr.dataset.id === id);
  }

  function open(id) {
    markSelected(id);
    setHash(`#/events/${encodeURIComponent(id)}`);
    showEvent(panel, id, { replace: true });
  }

  function row(e) {
    const actors = e.actors.map((a) => a.name).join('; ');
    const loc = e.location;
    return h('tr', { dataset: { id: e.id }, on: { click: (ev) => { if (!ev.target.closest('button, a')) open(e.id); } } },
      h('td', { class: 'nowrap', title: fmtEventDate(e.date) }, e.date.start,
        e.date.precision !== 'day' || e.date.end ? h('div', { class: 'sub' }, e.date.end ? `to ${e.date.end}` : `${e.date.precision} precision`) : null),
      h('td', { class: 'type' },
        h('button', { type: 'button', class: 'linklike', on: { click: () => open(e.id) } }, e.event_type),
        h('div', { class: 'sub' }, e.sub_event_type ? `${e.sub_event_type} ` : '', categoryTag(e.category))),
      h('td', { class: 'place' }, loc.name, loc.admin1 ? h('div', { class: 'sub' }, loc.admin1) : null),
      h('td', { class: 'cc', title: countryName(loc.country) || '' }, loc.country || '—'),
      h('td', { class: 'num' }, e.fatalities === null ? h('span', { class: 'muted', title: 'unknown' }, '—') : fmtInt(e.fatalities)),
      h('td', { class: 'actors-cell', title: actors }, actors));
  }

  async function load(append) {
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!append) {
      clear(tbody);
      loaded = 0;
      cursor = null;
      summary.textContent = 'Searching…';
    }
    status.replaceChildren();
    more.disabled = true;
    try {
      const page = await api('/api/v1/events', { params: { ...params, limit: PAGE, cursor: append ? cursor : undefined }, signal });
      tbody.append(...page.events.map(row));
      loaded += page.events.length;
      cursor = page.next_cursor;
      const one = page.total === 1;
      summary.textContent = `${fmtInt(page.total)} event${one ? '' : 's'} match${one ? 'es' : ''} · showing ${fmtInt(loaded)}`;
      more.hidden = !cursor;
      if (page.total === 0) status.replaceChildren(h('p', { class: 'muted empty' }, 'No events match these filters.'));
    } catch (error) {
      if (isAbort(error)) return;
      summary.textContent = '';
      status.replaceChildren(errorBox(error));
    } finally {
      more.disabled = false;
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    params = readForm();
    load(false);
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      fillSubTypes();
      params = {};
      load(false);
    }, 0);
  });
  more.addEventListener('click', () => load(true));

  let started = false;
  return {
    el,
    show(arg, query) {
      const fromQuery = {};
      for (const name of FIELDS) if (query.get(name)) fromQuery[name] = query.get(name);
      if (Object.keys(fromQuery).length) {
        writeForm(fromQuery);
        params = readForm();
        load(false);
        started = true;
      } else if (!started) {
        started = true;
        load(false);
      }
      if (arg) {
        markSelected(arg);
        showEvent(panel, arg, { replace: true });
      }
    },
  };
}
