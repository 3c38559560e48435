// The Feeds view: every feed sitrep polls (RSS, Atom, GeoJSON, GDELT) with
// its health — last success, last error, failures in a row, items — and the
// open admin alerts a failing feed raises (GET /api/v1/feeds and
// /api/v1/alerts/admin). Admins add feeds here (or with `sitrep feeds add
// URL`) and remove them, with a second click to confirm.

import { api, canAdmin } from './api.js';
import { confirmButton, errorBox, fmtInt, fmtTime, h, loading, table } from './dom.js';

const STATUS_LABELS = { ok: 'OK', failing: 'Failing', pending: 'Not polled yet' };

function every(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function when(iso) {
  return iso ? fmtTime(iso) : h('span', { class: 'muted' }, 'never');
}

function feedRow(f, onRemoved) {
  const health = f.health;
  return h('tr', { class: `feed feed-${health.status}`, dataset: { feedId: String(f.id) } },
    h('td', null,
      h('strong', { class: 'feed-name' }, f.name),
      h('div', { class: 'sub' }, h('code', { class: 'feed-url' }, f.url))),
    h('td', null, f.kind, h('div', { class: 'sub' }, `every ${every(f.every_secs)}`)),
    h('td', null, h('span', { class: ['feed-status', `status-${health.status}`] }, STATUS_LABELS[health.status] || health.status),
      health.consecutive_failures ? h('div', { class: 'sub' }, `${fmtInt(health.consecutive_failures)} failed in a row`) : null),
    h('td', { class: 'nowrap' }, when(health.last_success)),
    h('td', { class: 'feed-error' }, health.last_error
      ? [h('span', null, health.last_error), h('div', { class: 'sub' }, when(health.last_error_at))]
      : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'num' }, fmtInt(health.items_total), h('div', { class: 'sub' }, `${fmtInt(health.items_new_last_poll)} new last poll`)),
    onRemoved
      ? h('td', null, confirmButton('Remove', 'Confirm removal', 'remove-feed', async () => {
        await api(`/api/v1/feeds/${f.id}`, { method: 'DELETE' });
        onRemoved();
      }))
      : null);
}

const INTERVALS = [[300, 'every 5 min'], [900, 'every 15 min'], [3600, 'every hour'], [21600, 'every 6 h'], [86400, 'every day']];

/** The admins' form that adds a feed. */
function addFeedForm(onAdded) {
  const url = h('input', { id: 'feed-url', type: 'url', required: true, placeholder: 'https://example.org/feed.xml', spellcheck: 'false' });
  const kind = h('select', { id: 'feed-kind' },
    h('option', { value: '' }, 'Guess from the URL'),
    ['rss', 'atom', 'geojson', 'gdelt'].map((k) => h('option', { value: k }, k)));
  const interval = h('select', { id: 'feed-every' }, INTERVALS.map(([s, label]) => h('option', { value: String(s) }, label)));
  interval.value = '900';
  const name = h('input', { id: 'feed-name', type: 'text', placeholder: 'default: the host' });
  const status = h('p', { class: 'small feed-form-status', role: 'status' });
  const form = h('form', { class: 'feed-form', 'aria-label': 'Add a feed' },
    h('label', { for: 'feed-url' }, 'URL'), url,
    h('label', { for: 'feed-kind' }, 'Kind'), kind,
    h('label', { for: 'feed-every' }, 'Poll'), interval,
    h('label', { for: 'feed-name' }, 'Name'), name,
    h('button', { type: 'submit' }, 'Add feed'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Adding…';
    try {
      const feed = await api('/api/v1/feeds', {
        method: 'POST',
        body: { url: url.value.trim(), kind: kind.value || null, every_secs: Number(interval.value), name: name.value.trim() || null },
      });
      status.textContent = `Added ${feed.name} (${feed.kind}); the poller reads it on its next round.`;
      url.value = '';
      name.value = '';
      onAdded();
    } catch (error) {
      status.textContent = `Not added: ${error.message}`;
    }
  });
  return form;
}

function alertItem(a) {
  return h('li', { class: 'admin-alert', dataset: { alertId: String(a.id) } },
    h('strong', null, a.kind.replaceAll('_', ' ')), ' · ', fmtTime(a.raised_at),
    h('div', null, a.message));
}

export function createFeedsView() {
  const alertsBody = h('div', { class: 'alerts-body' });
  const feedsBody = h('div', { class: 'feeds-body' });
  const refresh = h('button', { type: 'button', class: 'btn', on: { click: () => load() } }, 'Refresh');
  const el = h('section', { class: 'view view-feeds', 'aria-label': 'Feeds' },
    h('div', { class: 'view-main scroll' },
      h('div', { class: 'card' },
        h('div', { class: 'card-head' }, h('h2', null, 'Admin alerts'), refresh),
        alertsBody),
      h('div', { class: 'card' },
        h('h2', null, 'Feeds'),
        h('p', { class: 'muted small' }, 'Polled in the background by sitrep serve (or ', h('code', null, 'sitrep feeds add URL'), '). Each new item is read like a report and its events are stored.'),
        canAdmin() ? addFeedForm(() => load()) : null,
        feedsBody)));

  async function load() {
    alertsBody.replaceChildren(loading());
    feedsBody.replaceChildren(loading());
    try {
      const [{ feeds }, { alerts }] = await Promise.all([api('/api/v1/feeds'), api('/api/v1/alerts/admin')]);
      alertsBody.replaceChildren(alerts.length
        ? h('ul', { class: 'plain admin-alerts' }, alerts.map(alertItem))
        : h('p', { class: 'muted no-alerts' }, 'No open alerts: every feed polled fine last time.'));
      feedsBody.replaceChildren(feeds.length
        ? table(
          [{ label: 'Feed' }, { label: 'Kind' }, { label: 'Health' }, { label: 'Last success' }, { label: 'Last error' }, { label: 'Items', class: 'num' },
            ...(canAdmin() ? [{ label: '' }] : [])],
          feeds.map((f) => feedRow(f, canAdmin() ? () => load() : null)),
          { cls: 'grid compact feeds-table' })
        : h('p', { class: 'muted empty' }, 'No feeds yet.'));
    } catch (error) {
      alertsBody.replaceChildren();
      feedsBody.replaceChildren(errorBox(error));
    }
  }

  return { el, show: () => load() };
}
