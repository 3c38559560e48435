// Browser tests of sitrep's web UI: Debian's chromium (never a downloaded
// browser) driven by playwright-core against a running sitrep server.
//
//   node run.mjs http://127.0.0.1:8080
//
// The store behind the server must hold real events and one hostile event
// whose notes and place name are `<img src=x onerror=alert(1)>` (the Rust test
// crates/server/tests/ui.rs builds exactly that). Environment:
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   SITREP_UI_REPORT the report to paste (default crates/extract/test_data/iskp_report.txt)
//   SITREP_UI_SHOTS  a folder to save screenshots in (none by default)
//   SITREP_UI_KEY    an analyst's API key: the page must ask for it first
//                    (none: the server must serve without keys)
//   SITREP_UI_ADMIN_KEY an admin's key of the same organisation, to manage feeds
//
// Exits 0 when every check passes; otherwise prints what failed and exits 1.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] || '').replace(/\/$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node run.mjs http://HOST:PORT');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`no browser at ${executablePath}: install Debian's chromium: apt-get install chromium`);
  process.exit(1);
}
const reportPath = process.env.SITREP_UI_REPORT || resolve(here, '../../extract/test_data/iskp_report.txt');
const shots = process.env.SITREP_UI_SHOTS || '';
const key = process.env.SITREP_UI_KEY || '';
const adminKey = process.env.SITREP_UI_ADMIN_KEY || '';
if (shots) mkdirSync(shots, { recursive: true });

const PAYLOAD = '<img src=x onerror=alert(1)>';
const TIMEOUT = 30_000;

let passed = 0;
let failed = 0;
const failures = [];

function check(condition, what) {
  if (condition) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failed += 1;
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
}

async function step(name, fn) {
  console.log(`# ${name}`);
  try {
    await fn();
  } catch (error) {
    failed += 1;
    failures.push(`${name}: ${error.message.split('\n')[0]}`);
    console.log(`FAIL ${name}: ${error.stack || error}`);
  }
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`) });
}

const browser = await chromium.launch({ executablePath, headless: true, timeout: 60_000 });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();

const consoleErrors = [];
const dialogs = [];
const badResponses = [];
page.on('console', (msg) => {
  if (msg.type() === 'error') consoleErrors.push(msg.text());
});
page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
page.on('dialog', async (dialog) => {
  dialogs.push(`${dialog.type()}: ${dialog.message()}`);
  await dialog.dismiss();
});
page.on('response', (response) => {
  if (response.status() >= 400) badResponses.push(`${response.status()} ${response.url()}`);
});

/** The API, through the page's own origin. */
async function apiGet(path) {
  const response = await page.request.get(`${base}${path}`);
  if (!response.ok()) throw new Error(`${path}: HTTP ${response.status()}`);
  return response.json();
}

async function canvasPixels() {
  return page.evaluate(() => {
    const canvas = document.querySelector('.map-canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const hex = (i) => `#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    const counts = {};
    for (let i = 0; i < data.length; i += 4 * 3) {
      const c = hex(i);
      counts[c] = (counts[c] || 0) + 1;
    }
    return counts;
  });
}

const LEVEL_COLOURS = ['#5aa469', '#a3c85a', '#f2c230', '#ea7a2c', '#c42638'];

async function waitMap(predicate) {
  await page.waitForFunction(predicate, null, { timeout: TIMEOUT });
}

async function clickCanvas(x, y) {
  const box = await page.locator('.map-canvas').boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
}

// --- signing in ---------------------------------------------------------------
if (key) {
  await step('the page asks for a key, refuses a wrong one and signs in with the right one', async () => {
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.waitForSelector('#signin:not([hidden])');
    check(await page.locator('#view').isHidden(), 'no view is shown before signing in');
    const unauthorized = await page.request.get(`${base}/api/v1/events`);
    check(unauthorized.status() === 401, 'the API refuses a request without a key');
    await page.fill('#signin-key', 'sitrep_not-a-key');
    await page.click('#signin-form button[type="submit"]');
    await page.waitForSelector('#signin-error:not([hidden])');
    const refused = await page.textContent('#signin-error');
    check(/unknown, revoked or expired/.test(refused), `a wrong key is refused (${refused})`);
    await page.fill('#signin-key', key);
    await Promise.all([page.waitForNavigation(), page.click('#signin-form button[type="submit"]')]);
    await page.waitForSelector('#session:not([hidden]) .org');
    const org = await page.textContent('#session .org');
    check(org.includes(PAYLOAD), `the header names the organisation, as text (${org})`);
    check((await page.locator('#session img').count()) === 0, 'the organisation name is not markup');
    check((await page.textContent('#session .who')).includes('analyst'), "the header shows the key's role");
    check(await page.locator('#tab-access').isHidden(), 'an analyst is not offered the Access view');
    const cookies = await context.cookies();
    const cookie = cookies.find((c) => c.name === 'sitrep_key');
    check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the key is kept in an HttpOnly, SameSite=Strict cookie');
    check(await page.evaluate(() => !document.cookie.includes('sitrep_key')), 'scripts cannot read the key');
    await shot(page, 'signed-in');
  });
  // The 401s and their console lines above were expected.
  badResponses.length = 0;
  consoleErrors.length = 0;
}

// --- page and headers ---------------------------------------------------------
await step('page loads with its security headers', async () => {
  const response = await page.goto(`${base}/`, { waitUntil: 'load' });
  const headers = response.headers();
  check(response.status() === 200, 'GET / answers 200');
  check((headers['content-type'] || '').startsWith('text/html'), 'the page is text/html');
  check((headers['content-security-policy'] || '').includes("default-src 'self'"), 'the page carries a Content-Security-Policy');
  check(headers['x-content-type-options'] === 'nosniff', 'the page is nosniff');
  await page.waitForSelector('#stats dd[data-stat="events"]');
  const events = await page.textContent('#stats dd[data-stat="events"]');
  check(/^[\d,]+$/.test(events.trim()) && Number(events.replace(/,/g, '')) > 1000, `header shows the store's event count (${events})`);
  const span = await page.textContent('#stats dd[data-stat="span"]');
  check(/\d{4}-\d{2}-\d{2}/.test(span), `header shows the date span (${span})`);
});

// --- map ----------------------------------------------------------------------
await step('map draws countries coloured by risk and event cells', async () => {
  await page.goto(`${base}/#/map`);
  await waitMap(() => {
    const c = document.querySelector('.map-canvas');
    return c && c.dataset.ready === '1' && Number(c.dataset.countries) > 100 && Number(c.dataset.marks) > 0;
  });
  const canvas = page.locator('.map-canvas');
  const countries = Number(await canvas.getAttribute('data-countries'));
  const marks = Number(await canvas.getAttribute('data-marks'));
  const rated = Number(await canvas.getAttribute('data-rated'));
  check(countries > 150, `map draws country shapes (${countries})`);
  check(rated > 20, `map has risk levels for rated countries (${rated})`);
  check(marks > 10 && (await canvas.getAttribute('data-mode')) === 'grid', `map draws event grid cells at world scale (${marks})`);
  const pixels = await canvasPixels();
  const levelsShown = LEVEL_COLOURS.filter((c) => (pixels[c] || 0) > 50);
  check(levelsShown.length >= 3, `choropleth shows several level colours (${levelsShown.join(' ')})`);
  check((pixels['#cfdae5'] || 0) > 10_000, 'ocean is drawn');
  check((pixels['#eceee9'] || 0) > 500, 'unrated land is drawn');
  const legend = await page.textContent('.map-legend');
  check(['Negligible', 'Low', 'Medium', 'High', 'Extreme'].every((l) => legend.includes(l)), 'legend names the five levels');
  await shot(page, 'map-world');
  const times = [];
  for (let i = 0; i < 5; i += 1) times.push(await page.evaluate(() => window.sitrepMap.timeDraw()));
  const ms = Math.min(...times);
  check(ms < 250, `a world redraw is fast enough to pan (${ms.toFixed(1)} ms)`);
  const size = await page.evaluate(async () => (await (await fetch('/api/v1/areas?level=country')).text()).length);
  console.log(`     (areas document: ${(size / 1e6).toFixed(1)} MB)`);

  // Hiding events removes the marks; the country colours stay.
  await page.uncheck('#map-events');
  await waitMap(() => document.querySelector('.map-canvas').dataset.marks === '0');
  const bare = await canvasPixels();
  const diff = Object.keys({ ...pixels, ...bare }).reduce((s, k) => s + Math.abs((pixels[k] || 0) - (bare[k] || 0)), 0);
  check(diff > 500, `event marks change the drawing (${diff} sampled pixels differ)`);
  await page.check('#map-events');
  await waitMap(() => Number(document.querySelector('.map-canvas').dataset.marks) > 0);
});

await step('map pans and zooms', async () => {
  const before = await page.evaluate(() => window.sitrepMap.view());
  await page.click('button[aria-label="Zoom in"]');
  await waitMap(() => Number(document.querySelector('.map-canvas').dataset.zoom) > 2.5);
  const zoomed = await page.evaluate(() => window.sitrepMap.view());
  check(Math.abs(zoomed.zoom - before.zoom - 1) < 0.01, `zoom button zooms in one step (${before.zoom.toFixed(2)} → ${zoomed.zoom.toFixed(2)})`);
  const box = await page.locator('.map-canvas').boundingBox();
  await page.mouse.move(box.x + 400, box.y + 400);
  await page.mouse.down();
  await page.mouse.move(box.x + 300, box.y + 350, { steps: 5 });
  await page.mouse.up();
  const panned = await page.evaluate(() => window.sitrepMap.view());
  check(panned.lon > zoomed.lon + 1, `dragging pans east (${zoomed.lon.toFixed(1)} → ${panned.lon.toFixed(1)})`);
  await page.mouse.move(box.x + 500, box.y + 300);
  await page.mouse.wheel(0, 400);
  await page.waitForTimeout(100);
  const wheeled = await page.evaluate(() => window.sitrepMap.view());
  check(wheeled.zoom < panned.zoom, `wheel zooms out (${panned.zoom.toFixed(2)} → ${wheeled.zoom.toFixed(2)})`);
  await page.click('button[aria-label="Whole world"]');
});

await step('zoomed in, the map shows single events; a click opens one', async () => {
  await waitMap(() => document.querySelector('.map-canvas').dataset.mode === 'grid' && Number(document.querySelector('.map-canvas').dataset.marks) > 0);
  for (let i = 0; i < 3; i += 1) {
    const view = await page.evaluate(() => window.sitrepMap.view());
    if (view.zoom >= 6) break;
    const marks = await page.evaluate(() => window.sitrepMap.marks());
    const biggest = marks.filter((m) => m.kind === 'cell').sort((a, b) => b.events - a.events)[0];
    await clickCanvas(biggest.x, biggest.y);
    await page.waitForTimeout(400);
    await waitMap(() => Number(document.querySelector('.map-canvas').dataset.marks) > 0);
  }
  await waitMap(() => document.querySelector('.map-canvas').dataset.mode === 'events' && Number(document.querySelector('.map-canvas').dataset.marks) > 0);
  const marks = await page.evaluate(() => window.sitrepMap.marks());
  check(marks.length > 0 && marks.every((m) => m.kind === 'event'), `zoomed in, the map draws single events (${marks.length})`);
  await shot(page, 'map-zoomed');
  const box = await page.locator('.map-canvas').boundingBox();
  const target = marks.find((m) => m.x > 20 && m.y > 20 && m.x < box.width - 240 && m.y < box.height - 20) || marks[0];
  await clickCanvas(target.x, target.y);
  await page.waitForSelector('.view-map .panel .event-detail');
  const sources = await page.locator('.view-map .panel .sources tr.source').count();
  check(sources > 0, 'a click on an event opens its details with sources');
  await page.click('.view-map .panel .panel-close');
});

await step('a click on a country opens its rating', async () => {
  await page.click('button[aria-label="Whole world"]');
  await page.uncheck('#map-events');
  await page.waitForTimeout(200);
  const risk = await apiGet('/api/v1/risk?level=country&limit=5');
  let opened = null;
  for (const area of risk.areas) {
    const page1 = await apiGet(`/api/v1/events?country=${area.area}&limit=10`);
    for (const e of page1.events) {
      const [x, y] = await page.evaluate(([lon, lat]) => window.sitrepMap.project(lon, lat), [e.location.lon, e.location.lat]);
      await clickCanvas(x, y);
      try {
        await page.waitForSelector(`.view-map .panel .explain[data-area="${area.area}"]`, { timeout: 4000 });
        opened = area.area;
        break;
      } catch {
        // a neighbour's polygon or the sea: try the next event
      }
    }
    if (opened) break;
  }
  check(opened !== null, `clicking a country opens its risk panel (${opened})`);
  if (opened) {
    await page.waitForSelector('.view-map .panel tr.contribution');
    const n = await page.locator('.view-map .panel tr.contribution').count();
    check(n > 0, `the country's panel lists contributing events (${n})`);
    const badge = await page.textContent('.view-map .panel .level-badge');
    check(/[1-5]/.test(badge), `the country's panel shows its level (${badge.trim()})`);
    await shot(page, 'map-country');
  }
  await page.check('#map-events');
});

// --- events -------------------------------------------------------------------
await step('events table fills, pages and opens details', async () => {
  await page.goto(`${base}/#/events`);
  await page.waitForSelector('.events-table tbody tr');
  const rows = await page.locator('.events-table tbody tr').count();
  check(rows === 100, `the table shows the first page of real events (${rows})`);
  const summary = await page.textContent('.view-events .summary');
  check(/[\d,]+ events match/.test(summary), `the summary gives the total (${summary})`);
  await page.click('.view-events .load-more');
  await page.waitForFunction(() => document.querySelectorAll('.events-table tbody tr').length > 100);
  check((await page.locator('.events-table tbody tr').count()) === 200, 'Load more appends the next page');
  const first = page.locator('.events-table tbody tr').first();
  const firstId = await first.getAttribute('data-id');
  await first.locator('button.linklike').click();
  await page.waitForSelector('.view-events .panel .event-detail');
  const detail = page.locator('.view-events .panel .event-detail');
  check((await detail.getAttribute('data-event-id')) === firstId, `the panel shows the clicked event (${firstId})`);
  const recordIds = await page.locator('.view-events .panel .sources .record-id').allTextContents();
  check(recordIds.length > 0 && recordIds.every((t) => t.trim().length > 0), `the panel lists sources with record ids (${recordIds.join(', ')})`);
  const text = await detail.textContent();
  for (const label of ['Status', 'Category', 'Coordinates', 'Fatalities', 'Notes', 'Actors', 'Revision history']) {
    check(text.includes(label), `the panel shows ${label}`);
  }
  check((await page.locator('.view-events .panel .history li').count()) >= 1, 'the panel shows the revision history');
  check(page.url().includes('#/events/'), 'the address names the open event');
  await shot(page, 'events-detail');
});

await step('filters drive the query', async () => {
  await page.fill('#ev-country', 'AR');
  await page.selectOption('#ev-type', 'Protests');
  await page.click('.view-events button[type="submit"]');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('.events-table tbody td.cc')];
    return cells.length > 0 && cells.every((c) => c.textContent === 'AR');
  });
  const summary = await page.textContent('.view-events .summary');
  check(/events? match/.test(summary), `country and type filters apply (${summary})`);
  await page.fill('#ev-min_fatalities', '5');
  await page.selectOption('#ev-type', '');
  await page.fill('#ev-country', '');
  await page.click('.view-events button[type="submit"]');
  await page.waitForTimeout(300);
  await page.waitForSelector('.events-table tbody tr');
  const fat = await page.locator('.events-table tbody td.num').allTextContents();
  check(fat.length > 0 && fat.every((t) => Number(t.replace(/,/g, '')) >= 5), 'min fatalities applies');
  await page.click('.view-events button[type="reset"]');
});

await step('hostile text is shown as text, never run', async () => {
  await page.fill('#ev-text', 'onerror');
  await page.click('.view-events button[type="submit"]');
  await page.waitForFunction(() => [...document.querySelectorAll('.events-table td.place')].some((td) => td.textContent.includes('<img')));
  const places = await page.locator('.events-table td.place').allTextContents();
  check(places.some((p) => p.includes(PAYLOAD)), 'the place name appears literally in the table');
  await page.locator('.events-table tbody tr').first().locator('button.linklike').click();
  await page.waitForSelector('.view-events .panel .notes');
  const notes = await page.textContent('.view-events .panel .notes');
  check(notes.includes(PAYLOAD), 'the notes appear literally in the panel');
  const actors = await page.locator('.view-events .panel td.actor-name').allTextContents();
  check(actors.some((a) => a.includes(PAYLOAD)), 'the actor name appears literally in the panel');
  check((await page.locator('img').count()) === 0, 'no <img> element was created from data');
  const unsafe = await page.locator('.view-events .panel .source-url a').count();
  const unsafeText = await page.locator('.view-events .panel .source-url .unsafe-url').count();
  check(unsafe === 0 && unsafeText === 1, 'a javascript: source URL is shown as text, not a link');
  await page.waitForTimeout(300);
  check(dialogs.length === 0, `no dialog fired (${dialogs.join('; ')})`);
  await shot(page, 'events-hostile');
  await page.click('.view-events button[type="reset"]');
});

await step('an event merged from two sources shows who says what', async () => {
  await page.goto(`${base}/#/events/${encodeURIComponent('ucdp-ged:ui-merge-1')}`);
  await page.waitForSelector('.panel .provenance');
  const sources = await page.locator('.panel .event-detail tr.source').count();
  check(sources === 2, `the merged event lists both sources (${sources})`);
  const conflict = page.locator('.panel .provenance tr.conflict[data-field="fatalities"]');
  check((await conflict.count()) === 1, 'the fatalities row is marked as a conflict');
  const text = (await conflict.textContent()) || '';
  check(text.includes('ucdp-ged:ui-merge-1') && /acled:/.test(text), `both sources are named for the fatalities (${text.trim()})`);
  await shot(page, 'event-provenance');
});

await step('feeds show their health and the alert a failing feed raised', async () => {
  await page.goto(`${base}/#/feeds`);
  await page.waitForSelector('.view-feeds .feeds-table');
  const status = await page.textContent('.view-feeds tr.feed-failing .feed-status');
  check(status === 'Failing', `the failing feed is marked (${status})`);
  const name = await page.textContent('.view-feeds tr.feed-failing .feed-name');
  check(name.includes(PAYLOAD), 'the feed name appears literally');
  const alerts = await page.locator('.view-feeds .admin-alert').count();
  check(alerts === 1, `the open admin alert is listed (${alerts})`);
  const error = await page.textContent('.view-feeds tr.feed-failing .feed-error');
  check(error.includes(PAYLOAD), 'the last error appears literally');
  check((await page.locator('img').count()) === 0, 'no <img> element was created from feed data');
  if (key) {
    check((await page.locator('.view-feeds .feed-form').count()) === 0, 'an analyst is not offered the form that adds feeds');
    check((await page.locator('.view-feeds .remove-feed').count()) === 0, 'nor a button that removes them');
  }
  await shot(page, 'feeds');
});

await step("an actor's reach: footprint, pooled affiliates, expansion signal", async () => {
  // The registry's ACLED spellings pool the Islamic State provinces of the sample.
  await page.goto(`${base}/#/actors/${encodeURIComponent('Islamic State')}?affiliates=1`);
  await page.waitForSelector('.view-actors .quarters-table');
  const name = await page.textContent('.view-actors .actor-name');
  check(name.startsWith('Islamic State (terrorist)'), `the registry's name is shown (${name})`);
  const pooled = await page.textContent('.view-actors .pooled');
  check(pooled.includes('Islamic State West Africa Province'), `ISWAP's events are pooled (${pooled})`);
  const quarters = await page.locator('.view-actors tr.quarter').count();
  check(quarters >= 1, `quarters are listed (${quarters})`);
  check((await page.locator('.view-actors .signal .signal-verdict').count()) === 1, 'the expansion signal is shown');
  // The form looks an alias up.
  await page.fill('#actor-name', 'ISWAP');
  await page.uncheck('#actor-affiliates');
  await page.click('.actor-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.view-actors .actor-name')?.textContent.includes('West Africa'));
  check(page.url().includes('#/actors/ISWAP'), `the address follows the form (${page.url()})`);
  // An actor named with markup is shown as text.
  await page.goto(`${base}/#/actors/${encodeURIComponent(`Actor ${PAYLOAD}`)}`);
  await page.waitForFunction(() => document.querySelector('.view-actors .actor-name')?.textContent.includes('Actor'));
  const hostile = await page.textContent('.view-actors .actor-name');
  check(hostile.includes(PAYLOAD), 'the hostile actor name appears literally');
  check((await page.locator('img').count()) === 0, 'no <img> element was created from actor data');
  await shot(page, 'actors');
});

// --- risk ---------------------------------------------------------------------
await step('risk table shows levels, categories and trends', async () => {
  await page.goto(`${base}/#/risk`);
  await page.waitForSelector('.risk-table tbody tr[data-area]');
  const rows = await page.locator('.risk-table tbody tr[data-area]').count();
  check(rows > 20, `the table lists rated countries (${rows})`);
  const levels = await page.locator('.risk-table tbody tr[data-area]').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.level)));
  check(levels.every((l) => l >= 1 && l <= 5) && new Set(levels).size >= 3, `rows carry levels 1–5 (${[...new Set(levels)].sort().join(',')})`);
  check((await page.locator('.risk-table td.cat-cell .chip').count()) >= rows * 6, 'every row has six category chips');
  check((await page.locator('.risk-table .trend').count()) >= rows, 'every row has a trend');
  const names = await page.locator('.risk-table td.area button').allTextContents();
  check(names.some((n) => /[a-z]/.test(n) && n.length > 2), `areas are named (${names.slice(0, 3).join(', ')})`);

  await page.locator('.risk-table tbody tr[data-area]').first().locator('td.area button').click();
  await page.waitForSelector('.view-risk .panel tr.contribution');
  const contributions = await page.locator('.view-risk .panel tr.contribution').count();
  check(contributions > 0, `the explain panel lists contributing events (${contributions})`);
  const points = await page.locator('.view-risk .panel tr.contribution td.num').last().textContent();
  check(/\d/.test(points), `each contribution has its points (${points})`);
  check((await page.locator('.view-risk .panel .sparkline polyline.spark-line').count()) === 1, 'the history sparkline is drawn');
  const definition = await page.textContent('.view-risk .panel .definition');
  check(definition.length > 20, 'the level definition is shown');
  const title = (await page.textContent('.view-risk .panel .panel-title')).trim();
  const firstName = (await page.locator('.risk-table tbody tr[data-area]').first().locator('td.area button').textContent()).trim();
  check(title === firstName && /[a-z]/.test(title) && !/^[A-Z]{2}$/.test(title), `the panel is titled with the area's name (${title})`);
  const places = await page.locator('.view-risk .panel tr.contribution .place').allTextContents();
  check(places.length > 0 && places.every((p) => /\S, \S/.test(p)), `each contributing event shows its place (${places.slice(0, 2).join(' | ')})`);
  await shot(page, 'risk-explain');

  // An analyst's override (the test store overrides Mali) shows as an override.
  const mali = page.locator('.risk-table tbody tr[data-area="ML"]');
  check((await mali.getAttribute('data-level')) === '5' && (await mali.locator('.ovr').count()) === 1, 'an overridden rating is marked in the table');
  await mali.locator('td.area button').click();
  await page.waitForSelector('.view-risk .panel .explain[data-area="ML"] .override');
  const override = await page.textContent('.view-risk .panel .override');
  check(override.includes('Analyst override') && override.includes(PAYLOAD) && override.includes('computed'), 'the explanation shows the override, its literal reason and the computed level');
  await shot(page, 'risk-override');
  await page.locator('.risk-table tbody tr[data-area]').first().locator('td.area button').click();
  await page.waitForSelector('.view-risk .panel tr.contribution');

  await page.selectOption('.view-risk .panel select.explain-stream', 'armed_conflict');
  await page.waitForFunction(() => (document.querySelector('.view-risk .panel .explain .muted.small') || {}).textContent?.includes('Armed conflict'));
  check(true, 'the explain panel switches stream');

  await page.locator('.view-risk .panel tr.contribution button').first().click();
  await page.waitForSelector('.view-risk .panel .event-detail');
  check((await page.locator('.view-risk .panel button[aria-label="Back"]').count()) === 1, 'a contributing event opens on top, with Back');
  await page.click('.view-risk .panel button[aria-label="Back"]');
  await page.waitForSelector('.view-risk .panel .explain');
});

await step('an analyst sets an override in the explain panel, then ends it', async () => {
  await page.goto(`${base}/#/risk`);
  await page.waitForSelector('.risk-table tbody tr[data-area]');
  const row = page.locator('.risk-table tbody tr[data-area]:not([data-area="ML"])').first();
  const area = await row.getAttribute('data-area');
  await row.locator('td.area button').click();
  await page.waitForSelector(`.view-risk .panel .explain[data-area="${area}"] .override-editor`);
  check((await page.locator('.view-risk .panel .explain .override').count()) === 0, `${area} starts without an override`);
  const explain = page.locator(`.view-risk .panel .explain[data-area="${area}"]`);
  await explain.locator('.override-editor summary').click();
  await explain.locator('select.ovr-level').selectOption('5');
  const reason = `Election violence expected ${PAYLOAD}`;
  await explain.locator('textarea.ovr-reason').fill(reason);
  await explain.locator('.override-form button[type="submit"]').click();
  await page.waitForSelector(`.view-risk .panel .explain[data-area="${area}"] .override`);
  const box = await page.locator(`.view-risk .panel .explain[data-area="${area}"] .override`).textContent();
  check(box.includes(reason), 'the new override shows its reason, as text');
  check(box.includes('ui-test analyst (key'), `the signed-in key is its author (${box.slice(0, 120)})`);
  const badge = await page.locator(`.view-risk .panel .explain[data-area="${area}"] .level-badge .big`).textContent();
  check(badge.trim() === '5', 'the rating now shows the analyst\'s level');
  await page.waitForSelector(`.risk-table tbody tr[data-area="${area}"][data-level="5"] .ovr`);
  check(true, 'the ratings table follows: the row shows level 5 and the override mark');
  await page.locator(`.view-risk .panel .explain[data-area="${area}"] .end-override`).click();
  const today = new Date().toISOString().slice(0, 10);
  await page.waitForFunction(([a, day]) => (document.querySelector(`.view-risk .panel .explain[data-area="${a}"] .override`) || {}).textContent?.includes(`expires ${day}`), [area, today]);
  check(true, 'ending it today sets its expiry to today');
  const list = await apiGet('/api/v1/overrides');
  const mine = list.overrides.find((o) => o.area === area);
  check(mine && mine.active === false, 'the API lists it as no longer active');
  const log = list.audit.filter((l) => mine && l.override_id === mine.id).map((l) => `${l.action} by ${l.by}`);
  check(log.length === 2 && log.every((l) => l.includes('ui-test analyst (key')), `the audit log names the key for each step (${log.join('; ')})`);
  await page.click('.view-risk .overrides-tab');
  await page.waitForSelector('.view-risk .overrides-table tr.override-row');
  const listed = await page.locator('.view-risk .overrides-table tr.override-row').count();
  check(listed === list.overrides.length, `the Overrides tab lists every override (${listed})`);
  const ended = page.locator(`.view-risk .overrides-table tr.override-row.ended[data-area="${area}"]`);
  check((await ended.locator('.override-reason').textContent()) === reason, 'the ended override is listed, its reason as text');
  check((await page.locator('.view-risk .audit-log li').count()) >= 3, 'the audit log is shown');
  check((await page.locator('img').count()) === 0, 'no <img> element was created from override text');
  await shot(page, 'risk-overrides');
  await page.click('.view-risk .seg-btn:first-child');
  await shot(page, 'risk-override-set');
});

await step('admin1 ratings and changes', async () => {
  await page.selectOption('#risk-level', 'admin1');
  await page.click('.view-risk button[type="submit"]');
  await page.waitForFunction(() => {
    const tr = document.querySelector('.risk-table tbody tr[data-area]');
    return tr && tr.dataset.area.includes('/');
  });
  check(true, 'admin1 regions are listed');
  await page.locator('.risk-table tbody tr[data-area]').first().locator('td.area button').click();
  await page.waitForSelector('.view-risk .panel .explain[data-area*="/"]');
  check((await page.locator('.view-risk .panel tr.contribution').count()) > 0, 'an admin1 rating is explained');
  await page.selectOption('#risk-level', 'country');
  await page.click('.seg-btn:has-text("Changes")');
  await page.waitForFunction(() => /areas changed between/.test(document.querySelector('.view-risk .summary').textContent));
  const changed = await page.locator('.changes-table tbody tr').count();
  check(changed > 0, `changes list areas whose level or trend changed (${changed})`);
  await shot(page, 'risk-changes');
});

await step('the risk view names areas without fetching the polygons', async () => {
  const fresh = await context.newPage();
  const urls = [];
  fresh.on('request', (request) => urls.push(request.url()));
  await fresh.goto(`${base}/#/risk`);
  await fresh.waitForSelector('.risk-table tbody tr[data-area="UA"]');
  const ua = (await fresh.locator('.risk-table tbody tr[data-area="UA"] td.area button').textContent()).trim();
  check(ua === 'Ukraine', `countries are named by the API (${ua})`);
  await fresh.selectOption('#risk-level', 'admin1');
  await fresh.fill('#risk-country', 'NG');
  await fresh.click('.view-risk button[type="submit"]');
  await fresh.waitForSelector('.risk-table tbody tr[data-area^="NG/"]');
  const region = (await fresh.locator('.risk-table tbody tr[data-area^="NG/"]').first().locator('td.area button').textContent()).trim();
  check(/, Nigeria$/.test(region), `regions are named "Region, Country" (${region})`);
  const polygons = urls.filter((u) => u.includes('/api/v1/areas'));
  check(polygons.length === 0, `no polygons are fetched for names (${polygons.join(' ')})`);
  await fresh.close();
});

await step("a region's events link filters the events by region", async () => {
  await page.goto(`${base}/#/risk`);
  await page.click('.view-risk .seg-btn:has-text("Ratings")');
  await page.selectOption('#risk-level', 'admin1');
  await page.fill('#risk-country', 'NG');
  await page.selectOption('#risk-stream', 'overall');
  await page.click('.view-risk button[type="submit"]');
  await page.waitForSelector('.risk-table tbody tr[data-area^="NG/"]');
  const row = page.locator('.risk-table tbody tr[data-area^="NG/"]').first();
  const area = await row.getAttribute('data-area');
  const admin1 = area.slice(3);
  await row.locator('td.area button').click();
  await page.waitForSelector(`.view-risk .panel .explain[data-area="${area}"]`);
  const link = page.locator('.view-risk .panel a.events-link');
  const href = await link.getAttribute('href');
  check(href.includes('country=NG') && href.includes('admin1='), `the region's link asks for its events (${href})`);
  await link.click();
  await page.waitForFunction((name) => {
    const cells = [...document.querySelectorAll('.events-table tbody td.place .sub')];
    return document.querySelector('#ev-admin1').value === name && cells.length > 0
      && cells.every((c) => c.textContent.toLowerCase() === name.toLowerCase());
  }, admin1);
  const expected = await apiGet(`/api/v1/events?country=NG&admin1=${encodeURIComponent(admin1)}&limit=1`);
  const summary = await page.textContent('.view-events .summary');
  check(summary.startsWith(`${expected.total.toLocaleString('en')} event`), `the events view lists the region's events (${admin1}: ${summary})`);
  await shot(page, 'events-admin1');
  await page.click('.view-events button[type="reset"]');
});

await step('how good are these ratings: the latest backtest', async () => {
  await page.goto(`${base}/#/risk`);
  await page.selectOption('#risk-level', 'country');
  await page.fill('#risk-country', '');
  await page.click('.view-risk .scores-tab');
  await page.waitForSelector('.scores[data-level="country"] .scores-table tbody tr[data-stream]', { timeout: 120_000 });
  const streams = await page.locator('.scores-table tbody tr[data-stream]').evaluateAll((trs) => trs.map((tr) => tr.dataset.stream));
  check(streams.length === 7 && streams[0] === 'overall', `the table has the overall rating and six categories (${streams.join(',')})`);
  const auc = parseFloat(await page.locator('.scores-table tr[data-stream="overall"] td[data-predictor="model"][data-metric="auc"]').textContent());
  check(auc > 0.5 && auc <= 1, `the model's AUC is shown (${auc})`);
  const baseline = await page.locator('.scores-table tr[data-stream="overall"] td[data-predictor="persistence"][data-metric="brier"]').textContent();
  check(/^\d\.\d{3}$/.test(baseline.trim()), `the baselines are shown beside it (${baseline})`);
  const summary = await page.textContent('.view-risk .summary');
  check(/Backtest of [\d,]+ events/.test(summary), `the summary says what was scored (${summary})`);
  await shot(page, 'risk-scores');
  await page.selectOption('#risk-level', 'admin1');
  await page.click('.view-risk button[type="submit"]');
  await page.waitForSelector('.scores[data-level="admin1"] .scores-table tbody tr[data-stream]');
  check(true, 'admin1 scores are shown for the admin1 level');
  await page.selectOption('#risk-level', 'country');
  await page.click('.view-risk .seg-btn:has-text("Ratings")');
});

await step('zoomed into a country, the map colours its admin1 regions', async () => {
  await page.goto(`${base}/#/map`);
  await waitMap(() => document.querySelector('.map-canvas').dataset.ready === '1');
  if (await page.locator('.view-map .panel .panel-close').count()) await page.click('.view-map .panel .panel-close');
  await page.uncheck('#map-events');
  await page.evaluate(() => window.sitrepMap.goTo(8.6, 9.2, 5.5));
  await waitMap(() => {
    const c = document.querySelector('.map-canvas');
    return c.dataset.admin1 === 'NG' && Number(c.dataset.admin1Regions) > 30;
  });
  const layer = await page.evaluate(() => window.sitrepMap.admin1());
  const rated = layer.regions.filter((r) => r.rated);
  check(layer.regions.length >= 37, `Nigeria's states are drawn (${layer.regions.length})`);
  check(rated.length >= 10, `the states with events are coloured by their rating (${rated.length})`);
  const pixels = await canvasPixels();
  const levelsShown = LEVEL_COLOURS.filter((c) => (pixels[c] || 0) > 50);
  check(levelsShown.length >= 2, `the regions show level colours (${levelsShown.join(' ')})`);
  await shot(page, 'map-admin1');
  let opened = null;
  for (const region of rated.slice(0, 6)) {
    const name = region.area.slice(3);
    const events = await apiGet(`/api/v1/events?country=NG&admin1=${encodeURIComponent(name)}&limit=5`);
    for (const e of events.events) {
      const [x, y] = await page.evaluate(([lon, lat]) => window.sitrepMap.project(lon, lat), [e.location.lon, e.location.lat]);
      await clickCanvas(x, y);
      try {
        await page.waitForSelector(`.view-map .panel .explain[data-area="${region.area}"]`, { timeout: 4000 });
        opened = region.area;
        break;
      } catch {
        // on a border or a neighbour's region: try the next event
      }
    }
    if (opened) break;
  }
  check(opened !== null, `a click on a region opens its rating (${opened})`);
  if (opened) {
    const title = (await page.textContent('.view-map .panel .panel-title')).trim();
    check(title.endsWith(', Nigeria'), `the region's panel is titled with its name (${title})`);
    await page.click('.view-map .panel .panel-close');
  }
  await page.click('button[aria-label="Whole world"]');
  await page.check('#map-events');
});

// --- reports ------------------------------------------------------------------
await step('pasting a report stores it and shows the extracted events', async () => {
  await page.goto(`${base}/#/reports`);
  await page.waitForSelector('.report-list');
  const text = readFileSync(reportPath, 'utf8');
  await page.fill('#rep-text', text);
  await page.fill('#rep-published', '2024-04-15');
  await page.fill('#rep-url', 'https://example.org/beyond-borders');
  await page.click('.report-form button[type="submit"]');
  await page.waitForSelector('.view-reports .panel .result');
  await page.waitForSelector('.view-reports .panel tr.extracted', { timeout: 60_000 });
  const extracted = await page.locator('.view-reports .panel tr.extracted').count();
  check(extracted >= 5, `the extracted events are listed (${extracted})`);
  const places = (await page.locator('.view-reports .panel tr.extracted td.place').allTextContents()).join(' | ');
  check(places.includes('Krasnogorsk'), 'the Krasnogorsk attack is among them');
  await page.waitForSelector('.reports-table tbody tr');
  check((await page.locator('.reports-table tbody tr').count()) >= 1, 'the stored report is listed');
  await shot(page, 'reports-posted');
  await page.locator('.view-reports .panel tr.extracted button').first().click();
  await page.waitForSelector('.view-reports .panel .event-detail');
  const datasets = await page.locator('.view-reports .panel .sources tr.source .dataset').allTextContents();
  check(datasets.includes('report'), 'an extracted event has the report as its source');
  if (key) {
    const { reports } = await apiGet('/api/v1/reports');
    const mine = reports.find((r) => r.url === 'https://example.org/beyond-borders');
    check(mine && (mine.submitted_by || '').startsWith('ui-test analyst (key'), `the report records the key that submitted it (${mine && mine.submitted_by})`);
    check((await page.locator('.reports-table .submitter').first().textContent()).includes('ui-test analyst'), 'the list shows who submitted it');
  }
});

// --- whole page ---------------------------------------------------------------
await step('keyboard: views are reachable and controls are labelled', async () => {
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !el.closest('label') && !el.getAttribute('aria-label') && !(el.id && document.querySelector(`label[for="${el.id}"]`)))
    .map((el) => el.id || el.name));
  check(unlabeled.length === 0, `every input has a label (${unlabeled.join(', ')})`);
  const clickableDivs = await page.evaluate(() => [...document.querySelectorAll('div[onclick], span[onclick]')].length);
  check(clickableDivs === 0, 'no clickable non-buttons');
});

if (adminKey) {
  await step('an admin adds a feed and removes it', async () => {
    const signedIn = await page.request.post(`${base}/api/v1/session`, { data: { key: adminKey } });
    check(signedIn.ok(), 'the admin key signs in');
    await page.goto(`${base}/#/feeds`);
    await page.reload();
    await page.waitForSelector('.view-feeds .feed-form');
    check((await page.textContent('#session .who')).includes('admin'), 'the header shows the admin role');
    await page.fill('#feed-url', 'https://reliefweb.int/disasters/rss.xml');
    await page.fill('#feed-name', `ReliefWeb ${PAYLOAD}`);
    await page.selectOption('#feed-every', '3600');
    await page.click('.view-feeds .feed-form button[type="submit"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.view-feeds .feed-name')].some((n) => n.textContent.startsWith('ReliefWeb')));
    const row = page.locator('.view-feeds tr.feed', { hasText: 'ReliefWeb' });
    check((await row.locator('.feed-name').textContent()) === `ReliefWeb ${PAYLOAD}`, 'the new feed is listed with its name as text');
    check((await row.textContent()).includes('every 1 h') && (await row.textContent()).includes('rss'), 'with its guessed kind and interval');
    check((await page.locator('img').count()) === 0, 'no <img> element was created from the name');
    await page.fill('#feed-url', 'ftp://example.org/feed');
    await page.click('.view-feeds .feed-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('.view-feeds .feed-form-status')?.textContent.startsWith('Not added'));
    check(true, 'a URL the server refuses is reported in the form');
    await row.locator('.remove-feed').click();
    check((await row.locator('.remove-feed').textContent()) === 'Confirm removal', 'removing asks for a second click');
    await row.locator('.remove-feed').click();
    await page.waitForFunction(() => ![...document.querySelectorAll('.view-feeds .feed-name')].some((n) => n.textContent.startsWith('ReliefWeb')));
    check(true, 'the removed feed is gone');
    await shot(page, 'feeds-admin');
  });

  await step('an admin issues a key, sees it listed without its token, and revokes it', async () => {
    check(await page.locator('#tab-access').isVisible(), 'the admin is offered the Access view');
    await page.click('#tab-access');
    await page.waitForSelector('.view-access .keys-table tr.key');
    const labels = await page.locator('.view-access .key-label').allTextContents();
    check(labels.includes('ui-test analyst') && labels.includes('ui-test admin'), `the organisation's keys are listed (${labels.join(', ')})`);
    await page.fill('#key-label', `wall screen ${PAYLOAD}`);
    await page.selectOption('#key-role', 'viewer');
    await page.click('.view-access .key-form button[type="submit"]');
    await page.waitForSelector('.view-access .issued-token');
    const token = await page.inputValue('.view-access .issued-token');
    check(/^sitrep_[0-9a-f]{64}$/.test(token), 'the new token is shown once, to copy');
    const row = page.locator('.view-access tr.key', { hasText: 'wall screen' });
    await row.waitFor();
    check((await row.locator('.key-label').textContent()) === `wall screen ${PAYLOAD}`, 'the new key is listed with its label as text');
    check(!(await page.textContent('.view-access .keys-table')).includes(token.slice(13)), 'the list never shows the token');
    const withKey = await page.request.get(`${base}/api/v1/stats`, { headers: { Authorization: `Bearer ${token}` } });
    check(withKey.status() === 200, 'the new key works');
    await row.locator('.revoke-key').click();
    await row.locator('.revoke-key').click();
    await row.locator('.key-state.key-ended').waitFor();
    const record = await row.textContent();
    check((record.match(/by ui-test admin \(key \d+\)/g) || []).length === 2 && /revoked .* by ui-test admin/.test(record), `who issued and who revoked it are recorded (${record.slice(-120)})`);
    const revoked = await page.request.get(`${base}/api/v1/stats`, { headers: { Authorization: `Bearer ${token}` } });
    check(revoked.status() === 401, 'the revoked key is refused');
    check((await page.locator('img').count()) === 0, 'no <img> element was created from the label');
    await shot(page, 'access');
  });
  // The refused URL was an expected 400.
  for (const list of [badResponses, consoleErrors]) {
    const rest = list.filter((line) => !/400/.test(line));
    list.length = 0;
    list.push(...rest);
  }
}

if (key) {
  await step('signing out asks for the key again', async () => {
    await Promise.all([page.waitForNavigation(), page.click('#session .signout')]);
    await page.waitForSelector('#signin:not([hidden])');
    const cookies = await context.cookies();
    check(!cookies.some((c) => c.name === 'sitrep_key' && c.value), 'the cookie is cleared');
  });
  // The page asked for its session once more: an expected 401.
  for (const list of [badResponses, consoleErrors]) {
    const rest = list.filter((line) => !/401/.test(line));
    list.length = 0;
    list.push(...rest);
  }
}

check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(' | ')})`);
check(badResponses.length === 0, `no failed requests (${badResponses.join(' | ')})`);
check(dialogs.length === 0, 'no dialogs');

await step('the policy blocks inline script in the real browser', async () => {
  const ran = await page.evaluate(() => {
    window.__inline = false;
    const s = document.createElement('script');
    try {
      s.textContent = 'window.__inline = true';
    } catch {
      return 'refused by Trusted Types';
    }
    document.head.append(s);
    return window.__inline;
  });
  check(ran !== true, `inline script does not run (${ran})`);
});

await browser.close();
console.log(`\n${passed} passed, ${failed} failed`);
if (failed) {
  console.log(`failures:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
