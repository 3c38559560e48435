// The Reports view: paste an analyst report (plain text, Markdown or HTML) to
// have its events extracted and stored (POST /api/v1/reports), see what was
// extracted, and browse the stored reports with the events read from each.

import { api, isAbort, seg } from './api.js';
import { categoryTag, dl, errorBox, extLink, fmtEventDate, fmtInt, fmtTime, h, loading, Panel, setHash, table } from './dom.js';
import { showEvent } from './detail.js';

const MAX_SHOWN = 200;

/** Fetches the events `ids` (at most MAX_SHOWN) and renders them as a table. */
async function eventsTable(panel, ids) {
  const shown = ids.slice(0, MAX_SHOWN);
  const events = await Promise.all(shown.map((id) => api(`/api/v1/events/${seg(id)}`).catch((error) => ({ id, error }))));
  const rows = events.map((e) => (e.error
    ? h('tr', null, h('td', { colspan: 4 }, h('code', null, e.id), ' ', errorBox(e.error)))
    : h('tr', { class: 'extracted', dataset: { id: e.id } },
      h('td', { class: 'nowrap' }, fmtEventDate(e.date)),
      h('td', null,
        h('button', { type: 'button', class: 'linklike', on: { click: () => showEvent(panel, e.id) } }, e.sub_event_type || e.event_type), ' ', categoryTag(e.category),
        e.actors.length ? h('div', { class: 'sub' }, e.actors.map((a) => `${a.name} (${a.role})`).join('; ')) : null),
      h('td', { class: 'place' }, e.location.name, h('div', { class: 'sub' }, [e.location.admin1, e.location.country].filter(Boolean).join(', '))),
      h('td', { class: 'num' }, e.fatalities === null ? '—' : fmtInt(e.fatalities)))));
  return h('div', null,
    table([{ label: 'Date' }, { label: 'Event · actors' }, { label: 'Place' }, { label: 'Fatal.', class: 'num' }], rows, { cls: 'grid compact extracted-events' }),
    ids.length > shown.length ? h('p', { class: 'muted' }, `and ${fmtInt(ids.length - shown.length)} more`) : null);
}

export function createReportsView({ onStored } = {}) {
  const panel = new Panel({ label: 'Report', onClose: () => setHash('#/reports') });
  const field = (label, control) => h('label', { class: 'field block' }, h('span', null, label), control);
  const title = h('input', { id: 'rep-title', name: 'title', type: 'text', placeholder: 'read from the document when empty' });
  const published = h('input', { id: 'rep-published', name: 'published', type: 'date' });
  const url = h('input', { id: 'rep-url', name: 'url', type: 'url', placeholder: 'https://…' });
  const format = h('select', { id: 'rep-format', name: 'format' },
    h('option', { value: 'plain' }, 'Plain text'), h('option', { value: 'markdown' }, 'Markdown'), h('option', { value: 'html' }, 'HTML'));
  const text = h('textarea', { id: 'rep-text', name: 'text', rows: 12, required: true, placeholder: 'Paste the report here…', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Extract and store');
  const formStatus = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'report-form card', 'aria-label': 'Add a report' },
    h('h2', null, 'Add a report'),
    h('p', { class: 'muted small' }, 'Events are extracted by rules (incident cues, dates, places, casualties, actors) and stored with the report as their source. Storing the same text again changes nothing.'),
    h('div', { class: 'row' }, field('Title', title), field('Published', published)),
    h('div', { class: 'row' }, field('Source URL', url), field('Format', format)),
    field('Text', text),
    h('div', { class: 'actions' }, submit, formStatus));

  const listBody = h('div', { class: 'report-list' });
  const el = h('section', { class: 'view view-reports', 'aria-label': 'Reports' },
    h('div', { class: 'view-main scroll' }, form, h('div', { class: 'card' }, h('h2', null, 'Stored reports'), listBody)),
    panel.el);

  async function loadList() {
    listBody.replaceChildren(loading());
    try {
      const { reports } = await api('/api/v1/reports', { params: { limit: 200 } });
      if (!reports.length) {
        listBody.replaceChildren(h('p', { class: 'muted empty' }, 'No reports stored yet.'));
        return;
      }
      listBody.replaceChildren(table([{ label: 'Title' }, { label: 'Published' }, { label: 'Events', class: 'num' }, { label: 'Stored' }],
        reports.map((r) => h('tr', { dataset: { id: r.id } },
          h('td', null, h('button', { type: 'button', class: 'linklike', on: { click: () => openReport(r.id) } }, r.title || `Report ${r.id.slice(0, 8)}`)),
          h('td', { class: 'nowrap' }, r.published || '—'),
          h('td', { class: 'num' }, fmtInt(r.events.length)),
          h('td', { class: 'nowrap' }, fmtTime(r.retrieved_at), r.submitted_by ? h('div', { class: 'sub submitter' }, `by ${r.submitted_by}`) : null))),
        { cls: 'grid reports-table' }));
    } catch (error) {
      if (!isAbort(error)) listBody.replaceChildren(errorBox(error));
    }
  }

  function openReport(id) {
    setHash(`#/reports/${encodeURIComponent(id)}`);
    panel.open('Report', async (body, page) => {
      body.replaceChildren(loading());
      const r = await api(`/api/v1/reports/${seg(id)}`);
      panel.setTitle(page, r.title || 'Untitled report');
      body.replaceChildren(
        dl([
          ['ID', h('code', null, r.id)],
          ['Published', r.published || '—'],
          ['Source', r.url ? extLink(r.url) : '—'],
          ['Stored', fmtTime(r.retrieved_at)],
          ['Submitted by', r.submitted_by || 'a feed, or before submitters were recorded'],
          ['Events', fmtInt(r.events.length)],
        ]),
        h('h3', null, 'Events read from it'),
        r.events.length ? await eventsTable(panel, r.events) : h('p', { class: 'muted' }, 'The extractor found no events in it.'),
        h('h3', null, 'Text'),
        h('pre', { class: 'report-text' }, r.text || ''));
    });
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) {
      formStatus.replaceChildren(errorBox('Paste the text of a report first.'));
      return;
    }
    submit.disabled = true;
    formStatus.replaceChildren(loading('Extracting…'));
    try {
      const stored = await api('/api/v1/reports', {
        method: 'POST',
        body: {
          text: text.value,
          format: format.value,
          title: title.value.trim() || undefined,
          published: published.value || undefined,
          url: url.value.trim() || undefined,
        },
      });
      formStatus.replaceChildren(h('span', { class: 'ok' }, stored.created ? 'Stored.' : 'Already stored.'));
      setHash(`#/reports/${encodeURIComponent(stored.report.id)}`);
      panel.open(stored.created ? 'Report stored' : 'Report already stored', async (body, page) => {
        panel.setTitle(page, stored.report.title || 'Report stored');
        body.replaceChildren(
          h('div', { class: 'result', dataset: { extracted: String(stored.extracted) } },
            dl([
              ['Report', h('code', null, stored.report.id)],
              ['Status', stored.created ? 'new report' : 'stored before; nothing changed'],
              ['Extracted', `${fmtInt(stored.extracted)} events${stored.skipped ? ` (${fmtInt(stored.skipped)} skipped: no valid place)` : ''}`],
              ['Written', `${fmtInt(stored.inserted)} new, ${fmtInt(stored.updated)} updated, ${fmtInt(stored.unchanged)} unchanged`],
            ])),
          h('h3', null, `Extracted events (${stored.report.events.length})`),
          loading());
        const events = stored.report.events.length
          ? await eventsTable(panel, stored.report.events)
          : h('p', { class: 'muted' }, 'No events found in this text.');
        body.lastChild.replaceWith(events);
      });
      loadList();
      if (onStored) onStored();
    } catch (error) {
      formStatus.replaceChildren(errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });

  let started = false;
  return {
    el,
    show(arg) {
      if (!started) {
        started = true;
        loadList();
      }
      if (arg) openReport(arg);
    },
  };
}
