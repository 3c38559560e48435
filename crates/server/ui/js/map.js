// The Map view: a Web-Mercator world drawn on a <canvas> from the country
// polygons the server serves (/api/v1/areas — no tile server, nothing from
// outside), coloured by each country's risk level, with events on top: grid
// cells sized by count from /api/v1/events/aggregate at world scale, single
// events from /api/v1/events once zoomed in. Zoomed into a country, its
// admin-1 regions (/api/v1/areas?level=admin1&country=CC) are drawn coloured
// by their own ratings (each region's `area` property names the rating area
// of /api/v1/risk?level=admin1). Drag to pan, wheel or buttons to zoom; a
// click on a country or region opens its rating, on an event its details.
//
// The world repeats east and west, so panning across the antimeridian is
// seamless; rings are unwrapped (no jump of more than 180° between vertices)
// and drawn once per visible copy of the world.

import { api, areas, isAbort, stats } from './api.js';
import { debounce, fmtInt, h, Panel, setHash } from './dom.js';
import { showEvent } from './detail.js';
import { areaName, showExplain } from './risk.js';
import { CATEGORIES, category, level, LEVELS } from './taxonomy.js';

const TILE = 256;
const MAX_LAT = 85.0511;
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 14;
/** From this zoom on, single events instead of grid cells. */
const DETAIL_ZOOM = 6;
/** From this zoom on, the admin-1 regions of the country in the middle of the view. */
const ADMIN1_ZOOM = 4;
const EVENT_LIMIT = 1500;
const GRID_CELLS = 8;
const OCEAN = '#cfdae5';
const UNRATED = '#eceee9';
const BORDER = '#7d8a97';
const PERIODS = [
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last 365 days' },
  { value: 'all', label: 'All time' },
];

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
const mercX = (lon) => (lon + 180) / 360;
function mercY(lat) {
  const s = Math.sin((clamp(lat, -MAX_LAT, MAX_LAT) * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}
const lonOf = (x) => x * 360 - 180;
const latOf = (y) => (180 / Math.PI) * Math.atan(Math.sinh(Math.PI * (1 - 2 * y)));
const wrapLon = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;

/** GeoJSON countries → rings of Web-Mercator unit coordinates with bounding boxes. */
function prepare(fc) {
  const shapes = [];
  for (const f of fc.features) {
    const rings = [];
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of f.geometry.coordinates) {
      for (const ring of polygon) {
        const xy = new Float64Array(ring.length * 2);
        const rbox = [Infinity, Infinity, -Infinity, -Infinity];
        let prev = null;
        ring.forEach(([lon0, lat], i) => {
          let lon = lon0;
          if (prev !== null) {
            while (lon - prev > 180) lon -= 360;
            while (lon - prev < -180) lon += 360;
          }
          prev = lon;
          const x = mercX(lon);
          const y = mercY(lat);
          xy[2 * i] = x;
          xy[2 * i + 1] = y;
          rbox[0] = Math.min(rbox[0], x); rbox[1] = Math.min(rbox[1], y);
          rbox[2] = Math.max(rbox[2], x); rbox[3] = Math.max(rbox[3], y);
        });
        rings.push({ xy, box: rbox });
        box[0] = Math.min(box[0], rbox[0]); box[1] = Math.min(box[1], rbox[1]);
        box[2] = Math.max(box[2], rbox[2]); box[3] = Math.max(box[3], rbox[3]);
      }
    }
    shapes.push({ iso2: f.properties.iso2 || f.id, id: f.id, name: f.properties.name, area: f.properties.area || null, rings, box });
  }
  return shapes;
}

function insideRings(rings, x, y) {
  let inside = false;
  for (const { xy, box } of rings) {
    if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
    for (let i = 0, j = xy.length - 2; i < xy.length; j = i, i += 2) {
      const yi = xy[i + 1];
      const yj = xy[j + 1];
      if ((yi > y) !== (yj > y) && x < ((xy[j] - xy[i]) * (y - yi)) / (yj - yi) + xy[i]) inside = !inside;
    }
  }
  return inside;
}

/** The start of a period ending on `last` (YYYY-MM-DD), or undefined for all time. */
function periodStart(period, last) {
  if (period === 'all' || !last) return undefined;
  const d = new Date(`${last}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - Number(period) + 1);
  return d.toISOString().slice(0, 10);
}

export function createMapView() {
  const canvas = h('canvas', {
    class: 'map-canvas',
    tabindex: 0,
    role: 'img',
    'aria-label': 'World map of risk levels and events. Drag or use the arrow keys to pan; wheel, + and - to zoom.',
  });
  const tooltip = h('div', { class: 'map-tip', hidden: true, role: 'status' });
  const status = h('p', { class: 'map-status', 'aria-live': 'polite' });
  const riskSelect = h('select', { id: 'map-risk' }, h('option', { value: 'overall' }, 'Overall'), CATEGORIES.map((c) => h('option', { value: c.id }, c.label)));
  const showEvents = h('input', { id: 'map-events', type: 'checkbox', checked: true });
  const periodSelect = h('select', { id: 'map-period' }, PERIODS.map((p) => h('option', { value: p.value }, p.label)));
  periodSelect.value = '365';
  const catSelect = h('select', { id: 'map-category' }, h('option', { value: '' }, 'All categories'), CATEGORIES.map((c) => h('option', { value: c.id }, c.label)));
  const button = (label, title, fn) => h('button', { type: 'button', class: 'btn-map', title, 'aria-label': title, on: { click: fn } }, label);
  const zoomBox = h('div', { class: 'map-zoom' },
    button('+', 'Zoom in', () => zoomBy(1)),
    button('−', 'Zoom out', () => zoomBy(-1)),
    button('⌂', 'Whole world', () => { fit(); changed(); }));
  const layers = h('form', { class: 'map-layers card', 'aria-label': 'Map layers' },
    h('label', { class: 'field' }, h('span', null, 'Risk layer'), riskSelect),
    h('label', { class: 'check' }, showEvents, ' Events'),
    h('label', { class: 'field' }, h('span', null, 'Period'), periodSelect),
    h('label', { class: 'field' }, h('span', null, 'Category'), catSelect),
    status);
  const eventLegend = h('div', { class: 'legend-events' });
  const legend = h('div', { class: 'map-legend card', 'aria-label': 'Legend' },
    h('div', { class: 'legend-title' }, 'Risk level'),
    h('ul', { class: 'legend-levels' },
      LEVELS.map((l) => h('li', null, h('span', { class: ['swatch', `lvl-${l.number}`] }), `${l.number} ${l.name}`)),
      h('li', null, h('span', { class: 'swatch unrated' }), 'Not rated')),
    eventLegend);
  const attribution = h('p', { class: 'map-attrib' }, 'Boundaries: Natural Earth · Mercator');
  const stage = h('div', { class: 'map-stage' }, canvas, zoomBox, layers, legend, tooltip, attribution);
  const panel = new Panel({ label: 'Country or event', onClose: () => { selected = null; draw(); setHash('#/map'); } });
  const el = h('section', { class: 'view view-map', 'aria-label': 'Map' }, h('div', { class: 'view-main map-main' }, stage), panel.el);

  const ctx = canvas.getContext('2d');
  let W = 0;
  let H = 0;
  let dpr = 1;
  let cx = 0.5;
  let cy = 0.5;
  let zoom = 2;
  let shapes = [];
  let ratings = new Map();
  let names = new Map();
  let cells = [];
  let points = [];
  let mode = 'grid';
  let marks = [];
  let selected = null;
  /** The admin-1 layer: the country shown, its prepared regions and their ratings by lower-case area. */
  let admin1 = { country: null, shapes: [], ratings: new Map() };
  const admin1Cache = new Map();
  let admin1Wanted = null;
  let frame = 0;
  let controller = null;
  let fitted = false;
  let lastDay = null;

  const scale = () => TILE * 2 ** zoom;

  function fit() {
    if (!W || !H) return;
    const top = mercY(76);
    const bottom = mercY(-56);
    zoom = clamp(Math.log2(Math.min(W / TILE, H / (TILE * (bottom - top)))), MIN_ZOOM, MAX_ZOOM);
    cx = mercX(12);
    cy = (top + bottom) / 2;
    clampView();
  }

  function clampView() {
    const s = scale();
    cx = ((cx % 1) + 1) % 1;
    const half = H / 2 / s;
    cy = half >= 0.5 ? 0.5 : clamp(cy, half, 1 - half);
  }

  function toScreen(x, y) {
    const s = scale();
    return [(x - cx) * s + W / 2, (y - cy) * s + H / 2];
  }

  function toWorld(sx, sy) {
    const s = scale();
    return [cx + (sx - W / 2) / s, cy + (sy - H / 2) / s];
  }

  function colourOf(iso2) {
    const r = ratings.get(iso2);
    return r ? level(r.level).colour : UNRATED;
  }

  /** Copies k of the world in which box [x0, _, x1, _] is visible. */
  function copies(box, left, right) {
    return [Math.ceil(left - box[2]), Math.floor(right - box[0])];
  }

  function traceShape(shape, left, right, top, bottom, s) {
    const [k0, k1] = copies(shape.box, left, right);
    const oy = H / 2 - cy * s;
    const minStep = 0.36; // squared pixels: drop vertices closer than 0.6 px
    for (let k = k0; k <= k1; k += 1) {
      const ox = W / 2 + (k - cx) * s;
      for (const { xy, box } of shape.rings) {
        if (box[2] + k < left || box[0] + k > right || box[3] < top || box[1] > bottom) continue;
        let px = xy[0] * s + ox;
        let py = xy[1] * s + oy;
        ctx.moveTo(px, py);
        const n = xy.length;
        for (let i = 2; i < n; i += 2) {
          const x = xy[i] * s + ox;
          const y = xy[i + 1] * s + oy;
          const dx = x - px;
          const dy = y - py;
          if (dx * dx + dy * dy < minStep && i < n - 2) continue;
          ctx.lineTo(x, y);
          px = x;
          py = y;
        }
        ctx.closePath();
      }
    }
    return k1 >= k0;
  }

  function draw() {
    frame = 0;
    if (!W || !H) return;
    const s = scale();
    const left = cx - W / 2 / s;
    const right = cx + W / 2 / s;
    const top = cy - H / 2 / s;
    const bottom = cy + H / 2 / s;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = OCEAN;
    ctx.fillRect(0, 0, W, H);
    ctx.lineJoin = 'round';
    ctx.lineWidth = zoom > 5 ? 0.9 : 0.55;
    ctx.strokeStyle = BORDER;
    let drawn = 0;
    for (const shape of shapes) {
      if (shape.box[3] < top || shape.box[1] > bottom) continue;
      ctx.beginPath();
      if (!traceShape(shape, left, right, top, bottom, s)) continue;
      ctx.fillStyle = colourOf(shape.iso2);
      ctx.fill('evenodd');
      ctx.stroke();
      drawn += 1;
    }
    const regions = drawAdmin1(left, right, top, bottom, s);
    if (selected) {
      ctx.lineWidth = 2.2;
      ctx.strokeStyle = '#14213d';
      for (const shape of shapes) {
        if (shape.iso2 !== selected) continue;
        ctx.beginPath();
        traceShape(shape, left, right, top, bottom, s);
        ctx.stroke();
      }
    }
    marks = [];
    if (showEvents.checked) drawEvents(left, right, s);
    canvas.dataset.countries = String(drawn);
    canvas.dataset.marks = String(marks.length);
    canvas.dataset.mode = mode;
    canvas.dataset.zoom = zoom.toFixed(2);
    canvas.dataset.admin1 = regions ? admin1.country : '';
    canvas.dataset.admin1Regions = String(regions);
    canvas.dataset.admin1Rated = String(admin1.shapes.filter((r) => regionRating(r)).length);
  }

  function regionRating(region) {
    return region.area ? admin1.ratings.get(region.area.toLowerCase()) : undefined;
  }

  /** Draws the admin-1 regions of the country in view; returns how many. */
  function drawAdmin1(left, right, top, bottom, s) {
    if (!admin1.country || zoom < ADMIN1_ZOOM) return 0;
    let drawn = 0;
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    for (const region of admin1.shapes) {
      if (region.box[3] < top || region.box[1] > bottom) continue;
      ctx.beginPath();
      if (!traceShape(region, left, right, top, bottom, s)) continue;
      const r = regionRating(region);
      ctx.fillStyle = r ? level(r.level).colour : UNRATED;
      ctx.fill('evenodd');
      ctx.stroke();
      drawn += 1;
    }
    // The country's own border over its regions.
    ctx.lineWidth = 1.4;
    ctx.strokeStyle = BORDER;
    for (const shape of shapes) {
      if (shape.iso2 !== admin1.country) continue;
      ctx.beginPath();
      traceShape(shape, left, right, top, bottom, s);
      ctx.stroke();
    }
    return drawn;
  }

  /** The regions of the country in the middle of the view, once zoomed in far enough. */
  async function updateAdmin1() {
    if (zoom < ADMIN1_ZOOM || !W) {
      admin1Wanted = null;
      return;
    }
    const centre = hitCountry(W / 2, H / 2);
    const country = centre ? centre.iso2 : null;
    if (!country || country === admin1.country || country === admin1Wanted) return;
    admin1Wanted = country;
    try {
      const category = riskSelect.value === 'overall' ? undefined : riskSelect.value;
      const [regions, list] = await Promise.all([
        admin1Cache.get(country) || api('/api/v1/areas', { params: { level: 'admin1', country } }).then((fc) => {
          const prepared = prepare(fc);
          admin1Cache.set(country, prepared);
          return prepared;
        }),
        api('/api/v1/risk', { params: { level: 'admin1', country, category, limit: 10000 } }).catch(() => ({ areas: [] })),
      ]);
      if (admin1Wanted !== country) return;
      admin1 = { country, shapes: regions, ratings: ratingMap(list) };
      draw();
    } catch (error) {
      if (admin1Wanted === country) admin1Wanted = null;
      status.textContent = `Regions: ${error.message}`;
    }
  }

  function ratingMap(list) {
    return new Map(list.areas.map((a) => [a.area.toLowerCase(), { area: a.area, name: a.name, level: a.rating.level, score: a.rating.score, override: a.rating.override }]));
  }

  async function reloadAdmin1Ratings() {
    if (!admin1.country) return;
    const country = admin1.country;
    const category = riskSelect.value === 'overall' ? undefined : riskSelect.value;
    const list = await api('/api/v1/risk', { params: { level: 'admin1', country, category, limit: 10000 } }).catch(() => ({ areas: [] }));
    if (admin1.country === country) {
      admin1.ratings = ratingMap(list);
      draw();
    }
  }

  function drawEvents(left, right, s) {
    const oy = H / 2 - cy * s;
    const place = (x, y, fn) => {
      for (let k = Math.ceil(left - x - 0.05); k <= Math.floor(right - x + 0.05); k += 1) {
        const sx = (x + k - cx) * s + W / 2;
        const sy = y * s + oy;
        if (sx < -40 || sx > W + 40 || sy < -40 || sy > H + 40) continue;
        fn(sx, sy);
      }
    };
    if (mode === 'grid') {
      const max = Math.max(1, ...cells.map((c) => c.events));
      ctx.font = '600 10px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (const cell of cells) {
        const r = 3.5 + 15 * Math.sqrt(cell.events / max);
        place(cell.wx, cell.wy, (sx, sy) => {
          ctx.beginPath();
          ctx.arc(sx, sy, r, 0, 2 * Math.PI);
          ctx.fillStyle = 'rgba(150, 20, 45, 0.62)';
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
          ctx.stroke();
          if (r >= 10) {
            ctx.fillStyle = '#ffffff';
            ctx.fillText(compact(cell.events), sx, sy + 0.5);
          }
          marks.push({ sx, sy, r, kind: 'cell', item: cell });
        });
      }
    } else {
      for (const p of points) {
        place(p.wx, p.wy, (sx, sy) => {
          ctx.beginPath();
          ctx.arc(sx, sy, 4.5, 0, 2 * Math.PI);
          ctx.fillStyle = category(p.event.category).colour;
          ctx.fill();
          ctx.lineWidth = 1.2;
          ctx.strokeStyle = '#ffffff';
          ctx.stroke();
          marks.push({ sx, sy, r: 4.5, kind: 'event', item: p });
        });
      }
    }
  }

  function compact(n) {
    return n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
  }

  function requestDraw() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function resize() {
    const rect = canvas.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    dpr = window.devicePixelRatio || 1;
    W = rect.width;
    H = rect.height;
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(H * dpr);
    if (!fitted && shapes.length) {
      fit();
      fitted = true;
    }
    clampView();
    draw();
    scheduleLoad();
  }

  function changed() {
    clampView();
    requestDraw();
    scheduleLoad();
    scheduleAdmin1();
  }

  function zoomAt(next, sx, sy) {
    const target = clamp(next, MIN_ZOOM, MAX_ZOOM);
    const [wx, wy] = toWorld(sx, sy);
    zoom = target;
    const s = scale();
    cx = wx - (sx - W / 2) / s;
    cy = wy - (sy - H / 2) / s;
    changed();
  }

  function zoomBy(dz) {
    zoomAt(zoom + dz, W / 2, H / 2);
  }

  function panBy(dx, dy) {
    const s = scale();
    cx -= dx / s;
    cy -= dy / s;
    changed();
  }

  // --- data -------------------------------------------------------------------

  function filters() {
    return {
      from: periodStart(periodSelect.value, lastDay),
      category: catSelect.value || undefined,
    };
  }

  function viewBbox() {
    const s = scale();
    const left = cx - W / 2 / s;
    const right = cx + W / 2 / s;
    const north = clamp(latOf(clamp(cy - H / 2 / s, 0, 1)), -85, 85);
    const south = clamp(latOf(clamp(cy + H / 2 / s, 0, 1)), -85, 85);
    const [west, east] = right - left >= 1 ? [-180, 180] : [wrapLon(lonOf(left)), wrapLon(lonOf(right))];
    return [west, south, east, north].map((v) => v.toFixed(4)).join(',');
  }

  const scheduleLoad = debounce(loadEvents, 220);
  const scheduleAdmin1 = debounce(() => updateAdmin1(), 220);

  async function loadEvents() {
    if (!W || !lastDayLoaded) return;
    if (controller) controller.abort();
    eventLegend.hidden = !showEvents.checked;
    if (!showEvents.checked) {
      status.textContent = 'Events hidden';
      canvas.dataset.ready = '1';
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    const bbox = viewBbox();
    const base = { ...filters(), bbox };
    try {
      if (zoom >= DETAIL_ZOOM) {
        const page = await api('/api/v1/events', { params: { ...base, limit: EVENT_LIMIT }, signal });
        points = page.events.map((e) => ({ event: e, wx: mercX(e.location.lon), wy: mercY(e.location.lat) }));
        mode = 'events';
        status.textContent = page.total > page.events.length
          ? `Newest ${fmtInt(page.events.length)} of ${fmtInt(page.total)} events in view — zoom in or shorten the period`
          : `${fmtInt(page.total)} events in view`;
      } else {
        const grid = await api('/api/v1/events/aggregate', { params: { ...base, by: 'grid', zoom: clamp(Math.floor(zoom), 0, 20), cells: GRID_CELLS }, signal });
        cells = grid.cells.map((c) => ({ ...c, wx: mercX(c.lon), wy: mercY(c.lat) }));
        mode = 'grid';
        const total = cells.reduce((sum, c) => sum + c.events, 0);
        status.textContent = `${fmtInt(total)} events in view · zoom in for single events`;
      }
      renderEventLegend();
      draw();
      canvas.dataset.ready = '1';
    } catch (error) {
      if (isAbort(error)) return;
      status.textContent = `Events: ${error.message}`;
    }
  }

  function renderEventLegend() {
    eventLegend.replaceChildren(
      h('div', { class: 'legend-title' }, mode === 'grid' ? 'Events (circle area ∝ count)' : 'Events by category'),
      mode === 'grid'
        ? h('ul', { class: 'legend-levels' }, h('li', null, h('span', { class: 'swatch dot cell' }), 'Grid cell; click to zoom'))
        : h('ul', { class: 'legend-levels' }, CATEGORIES.map((c) => h('li', null, h('span', { class: ['swatch', 'dot', `cat-bg-${c.id}`] }), c.label))));
  }

  let lastDayLoaded = false;

  async function loadRatings() {
    const params = { level: 'country', limit: 10000, category: riskSelect.value === 'overall' ? undefined : riskSelect.value };
    try {
      const list = await api('/api/v1/risk', { params });
      ratings = new Map(list.areas.map((a) => [a.area, { level: a.rating.level, score: a.rating.score, override: a.rating.override }]));
      canvas.dataset.rated = String(ratings.size);
      canvas.dataset.ratedAt = list.at;
    } catch (error) {
      ratings = new Map();
      status.textContent = `Ratings: ${error.message}`;
    }
    draw();
  }

  async function loadBase() {
    status.textContent = 'Loading the map…';
    const [fc] = await Promise.all([
      areas().catch((error) => {
        status.textContent = `No country boundaries: ${error.message}`;
        return { features: [] };
      }),
      stats().then((s) => { lastDay = s.last_date; }).catch(() => {}),
      loadRatings(),
    ]);
    lastDayLoaded = true;
    names = new Map(fc.features.map((f) => [f.properties.iso2, f.properties.name]));
    shapes = prepare(fc);
    if (W && !fitted) {
      fit();
      fitted = true;
    }
    draw();
    loadEvents();
  }

  // --- interaction ------------------------------------------------------------

  function hitMark(sx, sy) {
    for (let i = marks.length - 1; i >= 0; i -= 1) {
      const m = marks[i];
      const dx = m.sx - sx;
      const dy = m.sy - sy;
      if (dx * dx + dy * dy <= (m.r + 2) ** 2) return m;
    }
    return null;
  }

  function hitCountry(sx, sy, among = shapes) {
    const [wx, wy] = toWorld(sx, sy);
    const x = ((wx % 1) + 1) % 1;
    for (const shape of among) {
      for (const k of [0, -1, 1]) {
        const px = x + k;
        if (px < shape.box[0] || px > shape.box[2] || wy < shape.box[1] || wy > shape.box[3]) continue;
        if (insideRings(shape.rings, px, wy)) return shape;
      }
    }
    return null;
  }

  function describe(sx, sy) {
    const mark = showEvents.checked ? hitMark(sx, sy) : null;
    if (mark && mark.kind === 'cell') {
      const c = mark.item;
      return [`${fmtInt(c.events)} events`, `${fmtInt(c.fatalities)} known fatalities`, 'Click to zoom in'];
    }
    if (mark && mark.kind === 'event') {
      const e = mark.item.event;
      return [`${e.date.start} · ${e.sub_event_type || e.event_type}`, [e.location.name, e.location.country].filter(Boolean).join(', '), 'Click for details'];
    }
    const region = admin1Shown() ? hitCountry(sx, sy, admin1.shapes) : null;
    if (region) {
      const rr = regionRating(region);
      const country = names.get(region.iso2) || region.iso2;
      return rr
        ? [`${region.name}, ${country}`, `${rr.level} ${level(rr.level).name} · score ${rr.score}${rr.override ? ' · analyst override' : ''}`, region.area.toLowerCase() === `${region.iso2}/${region.name}`.toLowerCase() ? 'Click for the rating' : `Rated as ${rr.name} · click for the rating`]
        : [`${region.name}, ${country}`, 'Not rated: no events name this region'];
    }
    const shape = hitCountry(sx, sy);
    if (!shape) return null;
    const r = ratings.get(shape.iso2);
    const name = names.get(shape.iso2) || shape.name;
    return r
      ? [`${name} (${shape.iso2})`, `${r.level} ${level(r.level).name} · score ${r.score}${r.override ? ' · analyst override' : ''}`, 'Click for the rating']
      : [`${name} (${shape.iso2})`, 'Not rated: no events'];
  }

  function admin1Shown() {
    return admin1.country && zoom >= ADMIN1_ZOOM && admin1.shapes.length > 0;
  }

  function openRegion(region) {
    const r = regionRating(region);
    selected = region.iso2;
    draw();
    if (r) {
      setHash(`#/map/${encodeURIComponent(r.area)}`);
      showExplain(panel, r.area, { category: riskSelect.value, onEvent: (id) => showEvent(panel, id) });
    } else {
      panel.open(`${region.name}, ${names.get(region.iso2) || region.iso2}`, (body) => body.replaceChildren(
        h('p', null, 'No event in the store names this region, so it has no rating of its own.'),
        h('p', { class: 'muted small' }, 'Its country\'s rating still counts the events there that name no region.')));
    }
  }

  function openCountry(iso2) {
    if (iso2.includes('/')) {
      // A region's rating (an address made by openRegion).
      selected = iso2.split('/')[0];
      draw();
      showExplain(panel, iso2, { category: riskSelect.value, onEvent: (id) => showEvent(panel, id) });
      return;
    }
    selected = iso2;
    draw();
    setHash(`#/map/${encodeURIComponent(iso2)}`);
    if (ratings.has(iso2)) {
      showExplain(panel, iso2, { category: riskSelect.value, onEvent: (id) => showEvent(panel, id) });
    } else {
      panel.open(areaName(iso2, names), (body) => body.replaceChildren(
        h('p', null, 'No event in the store names this country, so it has no rating.'),
        h('p', { class: 'muted small' }, 'Ratings are computed from the stored events; import a dataset covering it to rate it.')));
    }
  }

  function click(sx, sy) {
    tooltip.hidden = true;
    const mark = showEvents.checked ? hitMark(sx, sy) : null;
    if (mark && mark.kind === 'cell') {
      const [wx, wy] = [mark.item.wx, mark.item.wy];
      const [msx, msy] = toScreen(wx, wy);
      zoomAt(zoom + 2, msx, msy);
      return;
    }
    if (mark && mark.kind === 'event') {
      setHash('#/map');
      showEvent(panel, mark.item.event.id, { replace: true });
      return;
    }
    const region = admin1Shown() ? hitCountry(sx, sy, admin1.shapes) : null;
    if (region) {
      openRegion(region);
      return;
    }
    const shape = hitCountry(sx, sy);
    if (shape) openCountry(shape.iso2);
  }

  let drag = null;
  const local = (e) => {
    const rect = canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const [sx, sy] = local(e);
    drag = { sx, sy, x: sx, y: sy, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    const [sx, sy] = local(e);
    if (drag) {
      const dx = sx - drag.x;
      const dy = sy - drag.y;
      if (Math.abs(sx - drag.sx) + Math.abs(sy - drag.sy) > 4) drag.moved = true;
      drag.x = sx;
      drag.y = sy;
      if (drag.moved) {
        tooltip.hidden = true;
        canvas.classList.add('dragging');
        panBy(dx, dy);
      }
      return;
    }
    const lines = describe(sx, sy);
    if (!lines) {
      tooltip.hidden = true;
      canvas.style.cursor = '';
      return;
    }
    canvas.style.cursor = 'pointer';
    tooltip.replaceChildren(...lines.map((line, i) => h('div', { class: i === 0 ? 'tip-title' : 'tip-line' }, line)));
    tooltip.hidden = false;
    const tw = tooltip.offsetWidth;
    tooltip.style.left = `${Math.min(sx + 14, W - tw - 6)}px`;
    tooltip.style.top = `${Math.max(6, sy - 10)}px`;
  });
  const endDrag = (e) => {
    if (!drag) return;
    const wasClick = !drag.moved;
    drag = null;
    canvas.classList.remove('dragging');
    if (e.type === 'pointerup' && wasClick) click(...local(e));
  };
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  canvas.addEventListener('pointerleave', () => { tooltip.hidden = true; });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [sx, sy] = local(e);
    const dz = clamp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0022), -1, 1);
    zoomAt(zoom + dz, sx, sy);
  }, { passive: false });
  canvas.addEventListener('dblclick', (e) => {
    const [sx, sy] = local(e);
    zoomAt(zoom + 1, sx, sy);
  });
  canvas.addEventListener('keydown', (e) => {
    const step = 90;
    const keys = {
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
      '+': () => zoomBy(1),
      '=': () => zoomBy(1),
      '-': () => zoomBy(-1),
      0: () => { fit(); changed(); },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  });
  layers.addEventListener('submit', (e) => e.preventDefault());
  riskSelect.addEventListener('change', () => {
    loadRatings();
    reloadAdmin1Ratings();
  });
  showEvents.addEventListener('change', () => {
    draw();
    loadEvents();
  });
  periodSelect.addEventListener('change', loadEvents);
  catSelect.addEventListener('change', loadEvents);
  new ResizeObserver(() => resize()).observe(canvas);

  // A small hook for tests and debugging: screen position of a place.
  window.sitrepMap = {
    project(lon, lat) {
      const x = mercX(lon);
      const k = Math.round(cx - x);
      return toScreen(x + k, mercY(lat));
    },
    view: () => ({ zoom, lon: lonOf(cx), lat: latOf(cy), mode, marks: marks.length }),
    /** Centres the view on a place at a zoom. */
    goTo(lon, lat, z) {
      zoom = clamp(z, MIN_ZOOM, MAX_ZOOM);
      cx = mercX(lon);
      cy = mercY(lat);
      changed();
    },
    /** The admin-1 layer: its country and regions with their rating areas. */
    admin1: () => ({
      country: admin1.country,
      regions: admin1.shapes.map((r) => ({ id: r.id, area: r.area, rated: Boolean(regionRating(r)) })),
    }),
    /** Milliseconds one full redraw takes. */
    timeDraw() {
      const t0 = performance.now();
      draw();
      return performance.now() - t0;
    },
    marks: () => marks.map((m) => ({ x: m.sx, y: m.sy, r: m.r, kind: m.kind, events: m.item.events || 1 })),
  };

  let started = false;
  return {
    el,
    show(arg) {
      if (!started) {
        started = true;
        loadBase().then(() => {
          if (arg) openCountry(arg);
        });
      } else if (arg) {
        openCountry(arg);
      }
      requestAnimationFrame(resize);
    },
  };
}
