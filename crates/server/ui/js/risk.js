// The Risk view: ratings per country or admin1 region with every category's
// level and the 30-day trend, the areas whose level changed or whose trend
// turned, how good the ratings are as forecasts (the server's latest
// backtest), and one rating explained — its top contributing events with
// their places, baseline, spill-over and any analyst override — with its
// daily history as a sparkline. Areas are named by the API (`name`). An
// analyst sets an override there (level, written reason, expiry) or ends one;
// the Overrides tab lists every override with the audit log.

import { api, canWrite, countryNames, isAbort, seg } from './api.js';
import {
  categoryTag, clear, dl, errorBox, fmtInt, fmtNum, fmtScore, fmtTime, h, levelChip, loading, Panel, setHash, svg, table, trendArrow,
} from './dom.js';
import { showEvent } from './detail.js';
import { CATEGORIES, level, LEVELS } from './taxonomy.js';

/**
 * An area's name when the API gave none: `NG/Borno` → `Borno, Nigeria` with
 * `names` (ISO alpha-2 → country name), else `Borno, NG`.
 */
export function areaName(area, names) {
  const [cc, admin1, city] = String(area).split('/');
  const country = (names && names.get(cc)) || cc;
  return [city, admin1, country].filter(Boolean).join(', ');
}

/** `Maiduguri, Borno, Nigeria`: the parts of a contribution's place that are known. */
export function placeText(place) {
  if (!place) return '—';
  const parts = [];
  for (const p of [place.name, place.admin1, place.country_name || place.country]) {
    const t = String(p || '').trim();
    if (t && !parts.some((q) => q.toLowerCase() === t.toLowerCase())) parts.push(t);
  }
  return parts.join(', ') || '—';
}

/** The events view's address for an area: its country, and its region for an admin1 area or a city. */
export function eventsHref(area) {
  const [cc, admin1] = String(area).split('/');
  const query = new URLSearchParams({ country: cc });
  if (admin1) query.set('admin1', admin1);
  return `#/events?${query.toString()}`;
}

function eventsLinkText(area) {
  const parts = String(area).split('/');
  if (parts.length > 2) return parts[1] ? 'Events in its region →' : 'Events in this country →';
  return parts.length === 2 ? 'Events in this region →' : 'Events in this country →';
}

function streamLabel(stream) {
  if (!stream || stream === 'overall') return 'Overall';
  return CATEGORIES.find((c) => c.id === stream)?.label || stream;
}

function trendText(t) {
  const pct = t.change_pct === null ? 'new activity' : `${t.change_pct > 0 ? '+' : ''}${fmtNum(t.change_pct)}%`;
  return `${fmtInt(t.events)} events (${fmtInt(t.events_before)} the ${t.window_days} days before), ${pct}, ${t.direction} (${t.band}, p=${fmtNum(t.p_value, 3)}); ${fmtInt(t.fatalities)} fatalities`;
}

function overrideBox(o, computed, onChange) {
  const status = h('p', { class: 'small override-status', role: 'status' });
  const end = async () => {
    try {
      await api(`/api/v1/overrides/${o.id}/expire`, { method: 'POST', body: {} });
      onChange();
    } catch (error) {
      status.textContent = `Could not end the override: ${error.message}`;
    }
  };
  return h('div', { class: 'override', role: 'note' },
    h('strong', null, 'Analyst override'), ' ', levelChip(o.level), ' ',
    h('span', { class: 'muted' }, `(computed: ${computed} ${level(computed).name})`),
    h('p', { class: 'override-reason' }, o.reason),
    h('p', { class: 'muted small' }, `by ${o.author} · ${fmtTime(o.created)}${o.expires ? ` · expires ${o.expires}` : ' · until withdrawn'}`),
    canWrite() ? h('button', { type: 'button', class: 'end-override', on: { click: end } }, 'End override today') : null,
    status);
}

let formCount = 0;

/** The form that sets `area`'s `stream` level by hand, for analysts. */
function overrideForm(area, stream, computed, onChange) {
  formCount += 1;
  const id = (name) => `ovr-${name}-${formCount}`;
  const levelSelect = h('select', { id: id('level'), class: 'ovr-level' },
    LEVELS.map((l, i) => h('option', { value: String(i + 1) }, `${i + 1} ${l.name}`)));
  levelSelect.value = String(Math.min(5, computed + 1));
  const reason = h('textarea', { id: id('reason'), class: 'ovr-reason', rows: '3', required: true, placeholder: 'Why the computed level is wrong, and on what evidence' });
  const expires = h('input', { id: id('expires'), class: 'ovr-expires', type: 'date' });
  const status = h('p', { class: 'small override-status', role: 'status' });
  const form = h('form', { class: 'override-form' },
    h('label', { for: id('level') }, 'Level'), levelSelect,
    h('label', { for: id('reason') }, 'Justification'), reason,
    h('label', { for: id('expires') }, 'Ends (first day it no longer applies; empty: until ended)'), expires,
    h('button', { type: 'submit' }, 'Set override'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Saving…';
    try {
      await api('/api/v1/overrides', {
        method: 'POST',
        body: { area, category: stream, level: Number(levelSelect.value), reason: reason.value, expires: expires.value || null },
      });
      onChange();
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  });
  return h('details', { class: 'override-editor' }, h('summary', null, `Override the ${streamLabel(stream).toLowerCase()} level`), form);
}

/** A score sparkline with a level strip beneath and level changes marked. */
export function sparkline(history) {
  const days = history.days || [];
  const width = 360;
  const height = 64;
  const strip = 6;
  if (days.length < 2) return h('p', { class: 'muted' }, 'Not enough history to draw.');
  const max = Math.max(10, ...days.map((d) => d.score));
  const x = (i) => (i / (days.length - 1)) * width;
  const y = (s) => height - strip - 3 - (s / max) * (height - strip - 8);
  const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.score).toFixed(1)}`).join(' ');
  const stripRects = [];
  let start = 0;
  for (let i = 1; i <= days.length; i += 1) {
    if (i === days.length || days[i].level !== days[start].level) {
      stripRects.push(svg('rect', {
        x: x(start).toFixed(1), y: height - strip, width: Math.max(1, x(i - 1) - x(start) + width / days.length).toFixed(1), height: strip,
        class: `fill-lvl-${days[start].level}`,
      }, svg('title', null, `${days[start].day} – ${days[i - 1].day}: ${days[start].level} ${level(days[start].level).name}`)));
      start = i;
    }
  }
  const index = new Map(days.map((d, i) => [d.day, i]));
  const marks = (history.changes || []).filter((c) => index.has(c.day)).map((c) => svg('circle', {
    cx: x(index.get(c.day)).toFixed(1), cy: y(c.score_after).toFixed(1), r: 3, class: `mark fill-lvl-${c.to}`,
  }, svg('title', null, `${c.day}: level ${c.from} → ${c.to}`)));
  const last = days[days.length - 1];
  return h('figure', { class: 'sparkline' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Score from ${days[0].day} to ${last.day}` },
      svg('polyline', { points: `0,${height - strip} ${points} ${width},${height - strip}`, class: 'spark-area' }),
      svg('polyline', { points, class: 'spark-line' }),
      stripRects, marks),
    h('figcaption', { class: 'muted small' },
      `${days[0].day} – ${last.day} · score now ${fmtNum(last.score)} · peak ${fmtNum(max === 10 ? Math.max(...days.map((d) => d.score)) : max)}`));
}

/**
 * Opens the explanation of `area`'s rating in `panel`. `onEvent(id)` opens a
 * contributing event (on top of the explanation by default); `onOverride()`
 * runs after an override was set or ended there.
 */
export function showExplain(panel, area, { category = 'overall', replace = true, onEvent, onOverride } = {}) {
  const build = async (body, page) => {
    body.replaceChildren(loading());
    const picker = h('select', { class: 'explain-stream', 'aria-label': 'Rating stream' },
      h('option', { value: 'overall' }, 'Overall'),
      CATEGORIES.map((c) => h('option', { value: c.id }, c.label)));
    picker.value = category;
    const content = h('div', { class: 'explain-content' });
    const render = async (stream) => {
      content.replaceChildren(loading());
      const params = { category: stream === 'overall' ? undefined : stream, top: 15 };
      const [why, history] = await Promise.all([
        api(`/api/v1/risk/${seg(area)}/explain`, { params }),
        api(`/api/v1/risk/${seg(area)}/history`, { params: { category: params.category } }).catch((e) => ({ error: e })),
      ]);
      panel.setTitle(page, why.name || area);
      const rerender = () => {
        render(picker.value).catch((e) => content.replaceChildren(errorBox(e)));
        if (onOverride) onOverride();
      };
      content.replaceChildren(renderExplanation(why, history, area, (id) => (onEvent ? onEvent(id) : showEvent(panel, id)), rerender));
    };
    picker.addEventListener('change', () => render(picker.value).catch((e) => content.replaceChildren(errorBox(e))));
    body.replaceChildren(
      h('div', { class: 'explain-head' },
        h('code', { class: 'area-code' }, area),
        h('label', { class: 'inline' }, 'Stream ', picker),
        h('a', { href: eventsHref(area), class: 'small events-link' }, eventsLinkText(area))),
      content);
    await render(category);
  };
  return replace ? panel.open(area, build) : panel.push(area, build);
}

function renderExplanation(why, history, area, openEvent, onChange) {
  const r = why.rating;
  const maxPoints = Math.max(1e-9, ...why.events.map((c) => c.points));
  const eventRows = why.events.map((c) => h('tr', { class: 'contribution', dataset: { id: c.id } },
    h('td', { class: 'nowrap' }, c.date),
    h('td', null, h('button', { type: 'button', class: 'linklike', on: { click: () => openEvent(c.id) } }, c.type),
      h('div', { class: 'sub place' }, placeText(c.place)),
      h('div', { class: 'sub' }, categoryTag(c.category))),
    h('td', { class: 'num' }, c.fatalities === null ? '—' : fmtInt(c.fatalities)),
    h('td', { class: 'num', title: `severity ${fmtNum(c.severity, 2)}, ${fmtNum(c.decayed, 2)} left after decay` },
      h('span', { class: 'bar' }, h('span', { class: 'bar-fill', style: { width: `${Math.max(2, (100 * c.points) / maxPoints).toFixed(0)}%` } })),
      fmtNum(c.points, 2))));
  const overridden = r.override;
  return h('div', { class: 'explain', dataset: { area } },
    h('div', { class: 'rating-head' },
      h('div', { class: ['level-badge', `lvl-${r.level}`] }, h('span', { class: 'big' }, String(r.level)), h('span', null, level(r.level).name)),
      h('div', null,
        h('div', { class: 'score' }, h('strong', null, fmtScore(r.score)), h('span', { class: 'muted' }, ' / 100 score')),
        h('div', { class: 'muted small' }, `${streamLabel(why.stream)} rating as of ${why.at}`),
        h('div', { class: 'small' }, '30 days ', trendArrow(why.trend_30d), ' · 90 days ', trendArrow(why.trend_90d)))),
    overridden ? overrideBox(overridden, r.computed_level, onChange) : null,
    canWrite() ? overrideForm(why.area || area, why.stream, r.computed_level, onChange) : null,
    h('p', { class: 'definition' }, h('strong', null, `${why.level.name}: `), why.level.definition),
    h('p', { class: 'advice' }, h('strong', null, 'Advice: '), why.level.advice),
    h('h3', null, 'History (365 days)'),
    history.error ? errorBox(history.error) : sparkline(history),
    history.changes && history.changes.length
      ? h('ul', { class: 'plain changes-list small' }, history.changes.slice(-4).reverse().map((c) => h('li', null,
        h('span', { class: 'nowrap' }, c.day), ' ', levelChip(c.from, { label: false, small: true }), ' → ', levelChip(c.to, { label: false, small: true }),
        ` score ${fmtScore(c.score_before)} → ${fmtScore(c.score_after)}`,
        c.entering.length ? ` · ${c.entering.length} event${c.entering.length > 1 ? 's' : ''} entered` : '',
        c.override_after !== null && c.override_after !== c.override_before ? ' · override' : '')))
      : null,
    h('h3', null, `Top contributing events (${why.events.length})`),
    why.events.length
      ? table([{ label: 'Date', class: 'c-date' }, { label: 'Event, place' }, { label: 'Fatal.', class: 'num c-fat' }, { label: 'Points', class: 'num c-pts' }], eventRows, { cls: 'grid compact contributions' })
      : h('p', { class: 'muted' }, 'No event contributes to this rating on this day.'),
    h('h3', null, 'What makes the score'),
    dl([
      ['Top events', `${fmtNum(why.events.reduce((s, c) => s + c.points, 0), 2)} points from ${why.events.length}`],
      ['Other events', `${fmtNum(why.other_points, 2)} points from ${fmtInt(why.other_events)}`],
      ['Baseline', `${fmtNum(why.baseline_points, 2)} points`],
      ['Spill-over', why.spill_points.length ? why.spill_points.map((s) => `${s.name || s.area} ${fmtNum(s.points, 2)}`).join(', ') : 'none'],
      ['Total', `${fmtNum(why.total_points, 2)} points`],
      ['Trend, 30 days', trendText(why.trend_30d)],
      ['Trend, 90 days', trendText(why.trend_90d)],
    ]));
}

const PREDICTORS = [
  { key: 'model', label: 'Model', title: 'The forecast derived from the rating, fitted on earlier periods only' },
  { key: 'rating', label: 'Rating', title: 'The rating\'s score alone' },
  { key: 'persistence', label: 'Persist.', title: 'Baseline: fatalities of the period just ended' },
  { key: 'historical_mean', label: 'Hist. mean', title: 'Baseline: fatalities per period since the first event' },
];
const METRICS = [
  { key: 'auc', label: 'AUC', better: 'high', title: 'How well it ranks areas by whether a fatal event follows in the next period: 1 perfect, 0.5 chance' },
  { key: 'brier', label: 'Brier', better: 'low', title: 'Squared error of its calibrated probability of a fatal event: lower is better' },
  { key: 'spearman', label: 'Spearman', better: 'high', title: 'Rank correlation with next-period fatalities: higher is better' },
];

/** One level's backtest as a table: per stream, every predictor's AUC, Brier and Spearman. */
export function renderScores(level, stale) {
  if (level.error) return h('p', { class: 'muted empty scores-error' }, `No scores: ${level.error}`);
  const scored = level.steps.slice(level.steps.length - level.scored_steps);
  const intro = h('p', { class: 'scores-intro small' },
    `Every ${level.step_days} days from ${scored[0] || '—'} to ${scored[scored.length - 1] || '—'}, every ${level.level === 'admin1' ? 'region' : 'country'} with events (${fmtInt(level.areas)}) is rated with only the events known the day before, and the rating is scored as a forecast of the next ${level.horizon_days} days against two baselines. `,
    'Bold: the best of the four. ✓: the model beats both baselines (95 % bootstrap interval above zero, ', fmtInt(level.resamples), ' resamples).');
  const head1 = h('tr', null, h('th', { scope: 'col', rowspan: 2 }, 'Stream'), h('th', { scope: 'col', rowspan: 2, class: 'num', title: 'Area × period pairs scored (with a fatal event next period)' }, 'Pairs (fatal)'),
    METRICS.map((m) => h('th', { scope: 'colgroup', colspan: PREDICTORS.length, class: 'metric', title: m.title }, m.label)));
  const head2 = h('tr', null, METRICS.map(() => PREDICTORS.map((p) => h('th', { scope: 'col', class: 'num pred', title: p.title }, p.label))));
  const rows = level.streams.map((s) => {
    const cells = METRICS.map((m) => {
      const values = PREDICTORS.map((p) => s[p.key] ? s[p.key][m.key] : null);
      const known = values.filter((v) => v !== null && v !== undefined);
      const best = known.length ? (m.better === 'high' ? Math.max(...known) : Math.min(...known)) : null;
      const beats = ['vs_persistence', 'vs_historical_mean'].every((k) => s[k] && s[k][m.key] && s[k][m.key].better);
      return PREDICTORS.map((p, i) => {
        const v = values[i];
        const text = v === null || v === undefined ? '—' : Number(v).toFixed(3);
        return h('td', { class: ['num', 'score-cell', v !== null && v === best && 'best'], dataset: { predictor: p.key, metric: m.key } },
          text, p.key === 'model' && beats ? h('span', { class: 'beats', title: 'Better than both baselines' }, ' ✓') : null);
      });
    });
    return h('tr', { dataset: { stream: s.stream } },
      h('th', { scope: 'row' }, streamLabel(s.stream)),
      h('td', { class: 'num' }, `${fmtInt(s.pairs)} (${fmtInt(s.positives)})`),
      cells);
  });
  return h('div', { class: ['scores', stale && 'stale'], dataset: { level: level.level } },
    intro,
    h('div', { class: 'scores-wrap' }, h('table', { class: 'grid compact scores-table' }, h('thead', null, head1, head2), h('tbody', null, rows))),
    h('p', { class: 'muted small' }, 'Method and caveats: docs/risk-model.md §7. Kidnap and political have too few fatal events to score.'));
}

export function createRiskView() {
  const panel = new Panel({ label: 'Rating explanation', onClose: () => { markSelected(null); setHash('#/risk'); } });
  const levelSelect = h('select', { id: 'risk-level', name: 'level' }, h('option', { value: 'country' }, 'Countries'), h('option', { value: 'admin1' }, 'Admin 1 regions'), h('option', { value: 'city' }, 'Cities (100,000+)'));
  const streamSelect = h('select', { id: 'risk-stream', name: 'category' }, h('option', { value: 'overall' }, 'Overall'), CATEGORIES.map((c) => h('option', { value: c.id }, c.label)));
  const countryInput = h('input', { id: 'risk-country', name: 'country', type: 'text', placeholder: 'e.g. NG,ML', size: 8, autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'filters', 'aria-label': 'Rating filters' },
    h('label', { class: 'field' }, h('span', null, 'Areas'), levelSelect),
    h('label', { class: 'field' }, h('span', null, 'Rank by'), streamSelect),
    h('label', { class: 'field' }, h('span', null, 'Country'), countryInput),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Apply')));
  const ratingsTab = h('button', { type: 'button', class: 'seg-btn', 'aria-pressed': 'true' }, 'Ratings');
  const changesTab = h('button', { type: 'button', class: 'seg-btn', 'aria-pressed': 'false' }, 'Changes (30 days)');
  const scoresTab = h('button', { type: 'button', class: 'seg-btn scores-tab', 'aria-pressed': 'false' }, 'How good are these ratings?');
  const overridesTab = h('button', { type: 'button', class: 'seg-btn overrides-tab', 'aria-pressed': 'false' }, 'Overrides');
  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const body = h('div', { class: 'list-scroll' });
  const legend = h('div', { class: 'legend-inline', 'aria-label': 'Risk levels' }, LEVELS.map((l) => levelChip(l.number, { small: true })));
  const el = h('section', { class: 'view view-risk', 'aria-label': 'Risk' },
    h('div', { class: 'view-main' },
      form,
      h('div', { class: 'subbar' }, h('div', { class: 'seg', role: 'group', 'aria-label': 'Show' }, ratingsTab, changesTab, scoresTab, overridesTab), summary, legend),
      body),
    panel.el);

  let mode = 'ratings';
  let controller = null;
  let poll = null;

  function markSelected(area) {
    for (const tr of body.querySelectorAll('tr[data-area]')) tr.classList.toggle('selected', tr.dataset.area === area);
  }

  function open(area) {
    markSelected(area);
    setHash(`#/risk/${encodeURIComponent(area)}`);
    showExplain(panel, area, { category: streamSelect.value, onOverride: () => load({ quiet: true }) });
  }

  function areaCell(area, name) {
    return h('td', { class: 'area' },
      h('button', { type: 'button', class: 'linklike', on: { click: () => open(area) } }, name || areaName(area)),
      ' ', h('code', { class: 'muted' }, area));
  }

  async function loadRatings(signal) {
    const list = await api('/api/v1/risk', { params: { level: levelSelect.value, category: streamSelect.value, country: countryInput.value.trim(), limit: 500 }, signal });
    summary.textContent = `${fmtInt(list.total)} areas rated as of ${list.at}${list.total > list.areas.length ? ` · top ${list.areas.length} shown` : ''} · ranked by ${streamLabel(list.stream)}`;
    const rows = list.areas.map((a, i) => h('tr', { dataset: { area: a.area, level: String(a.rating.level) }, on: { click: (ev) => { if (!ev.target.closest('button, a')) open(a.area); } } },
      h('td', { class: 'num muted' }, String(i + 1)),
      areaCell(a.area, a.name),
      h('td', { class: 'nowrap' }, levelChip(a.rating.level),
        a.rating.override ? h('span', { class: 'ovr', title: `Analyst override (computed: ${a.rating.computed_level}): ${a.rating.override.reason}` }, ' ✎') : null),
      h('td', { class: 'num' }, fmtScore(a.rating.score)),
      h('td', { class: 'nowrap' }, trendArrow(a.trend_30d)),
      CATEGORIES.map((c) => {
        const r = a.categories[c.id];
        return h('td', { class: 'cat-cell' }, r ? levelChip(r.level, { label: false, small: true, title: `${c.label}: ${r.level} ${r.level_name}, score ${fmtScore(r.score)}${r.override ? ' (override)' : ''}` }) : '—');
      }),
      h('td', { class: 'num' }, a.trend_30d ? fmtInt(a.trend_30d.events) : '—')));
    body.replaceChildren(table([
      { label: '#', class: 'num' }, { label: 'Area' }, { label: streamLabel(list.stream) }, { label: 'Score', class: 'num' }, { label: 'Trend 30d' },
      ...CATEGORIES.map((c) => ({ label: c.short, title: c.label, class: 'cat-cell' })),
      { label: 'Events 30d', class: 'num' },
    ], rows, { cls: 'grid risk-table' }));
    if (!list.areas.length) body.append(h('p', { class: 'muted empty' }, 'No areas match.'));
  }

  async function loadChanges(signal) {
    const changes = await api('/api/v1/risk/changes', { params: { level: levelSelect.value, category: streamSelect.value }, signal });
    const wanted = countryInput.value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
    const areas = changes.areas.filter((c) => !wanted.length || wanted.includes(c.area.split('/')[0]));
    summary.textContent = `${fmtInt(areas.length)} areas changed between ${changes.since} and ${changes.at} · ${streamLabel(changes.stream)}`;
    const rows = areas.map((c) => h('tr', { dataset: { area: c.area }, on: { click: (ev) => { if (!ev.target.closest('button, a')) open(c.area); } } },
      areaCell(c.area, c.name),
      h('td', { class: 'nowrap' }, levelChip(c.level_before, { small: true }), ' → ', levelChip(c.level_after, { small: true })),
      h('td', { class: 'num' }, `${fmtScore(c.score_before)} → ${fmtScore(c.score_after)}`),
      h('td', null, `${c.trend_before} → ${c.trend_after}`),
      h('td', null, [c.level_changed ? h('span', { class: 'flag' }, 'level') : null, c.trend_turned ? h('span', { class: 'flag' }, 'trend') : null, c.override ? h('span', { class: 'flag' }, 'override') : null])));
    body.replaceChildren(table([{ label: 'Area' }, { label: 'Level' }, { label: 'Score', class: 'num' }, { label: '30-day trend' }, { label: 'Changed' }], rows, { cls: 'grid changes-table' }));
    if (!areas.length) body.append(h('p', { class: 'muted empty' }, 'No level changes or trend turns in this window.'));
  }

  async function loadOverrides(signal) {
    const [{ overrides, audit }, names] = await Promise.all([api('/api/v1/overrides', { signal }), countryNames()]);
    const active = overrides.filter((o) => o.active).length;
    summary.textContent = `${fmtInt(overrides.length)} overrides, ${fmtInt(active)} in force today`;
    summary.title = '';
    const rows = overrides.map((o) => h('tr', { class: ['override-row', o.active ? 'active' : 'ended'], dataset: { area: o.area, overrideId: String(o.id) } },
      areaCell(o.area, areaName(o.area, names)),
      h('td', null, streamLabel(o.stream)),
      h('td', null, levelChip(o.level, { small: true })),
      h('td', { class: 'override-reason' }, o.reason),
      h('td', { class: 'nowrap' }, o.author, h('div', { class: 'sub' }, fmtTime(o.created))),
      h('td', { class: 'nowrap' }, o.active ? (o.expires ? `until ${o.expires}` : 'until ended') : h('span', { class: 'muted' }, `ended ${o.expires}`))));
    const log = audit.slice().reverse().map((l) => h('li', { class: 'audit-entry' },
      h('span', { class: 'nowrap' }, fmtTime(l.at)), ' · ', h('strong', null, `#${l.override_id} ${l.action}`), ` by ${l.by}: `, l.detail));
    body.replaceChildren(
      overrides.length
        ? table([{ label: 'Area' }, { label: 'Rating' }, { label: 'Level' }, { label: 'Justification' }, { label: 'By' }, { label: 'In force' }], rows, { cls: 'grid overrides-table' })
        : h('p', { class: 'muted empty' }, 'No overrides: every rating shown is the model\'s. Analysts set one from a rating\'s explanation.'),
      audit.length ? h('div', { class: 'audit' }, h('h3', null, 'Audit log, newest first'), h('ul', { class: 'plain audit-log small' }, log)) : null);
  }

  async function loadScores(signal) {
    const scores = await api('/api/v1/risk/scores', { signal });
    const computing = scores.status !== 'ready';
    if (computing) {
      // Computed in the background on the server: ask again shortly.
      clearTimeout(poll);
      poll = setTimeout(() => { if (mode === 'scores') load({ quiet: true }); }, 1500);
    }
    const level = (scores.levels || []).find((l) => l.level === levelSelect.value);
    const span = scores.first_date ? `${scores.first_date} – ${scores.last_date}` : '';
    summary.textContent = computing
      ? (scores.stale ? 'Recomputing for new events; the scores shown are of an earlier state of the store…' : 'Computing the backtest of the stored events…')
      : `Backtest of ${fmtInt(scores.events)} events, ${span}`;
    summary.title = scores.computed_at ? `computed ${fmtTime(scores.computed_at)} in ${fmtNum(scores.seconds, 1)} s` : '';
    if (!level) {
      body.replaceChildren(h('p', { class: 'muted empty scores-pending' }, computing ? 'The scores appear here when the backtest is done.' : 'No scores at this level.'));
      return;
    }
    body.replaceChildren(renderScores(level, computing && scores.stale));
  }

  async function load({ quiet = false } = {}) {
    if (controller) controller.abort();
    clearTimeout(poll);
    controller = new AbortController();
    const { signal } = controller;
    if (!quiet) {
      summary.textContent = 'Loading…';
      summary.title = '';
      clear(body);
    }
    try {
      if (mode === 'ratings') await loadRatings(signal);
      else if (mode === 'changes') await loadChanges(signal);
      else if (mode === 'overrides') await loadOverrides(signal);
      else await loadScores(signal);
    } catch (error) {
      if (isAbort(error)) return;
      summary.textContent = '';
      body.replaceChildren(errorBox(error));
    }
  }

  const setMode = (m) => {
    mode = m;
    ratingsTab.setAttribute('aria-pressed', String(m === 'ratings'));
    changesTab.setAttribute('aria-pressed', String(m === 'changes'));
    scoresTab.setAttribute('aria-pressed', String(m === 'scores'));
    overridesTab.setAttribute('aria-pressed', String(m === 'overrides'));
    load();
  };
  ratingsTab.addEventListener('click', () => setMode('ratings'));
  changesTab.addEventListener('click', () => setMode('changes'));
  scoresTab.addEventListener('click', () => setMode('scores'));
  overridesTab.addEventListener('click', () => setMode('overrides'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });

  let started = false;
  return {
    el,
    show(arg) {
      if (!started) {
        started = true;
        load();
      }
      if (arg) {
        markSelected(arg);
        showExplain(panel, arg, { category: streamSelect.value, onOverride: () => load({ quiet: true }) });
      }
    },
  };
}
