// Building the page without HTML strings: every element comes from
// createElement and every data value goes in as a text node, so text from
// events, reports or sources is shown as text and never parsed as markup.
// (The page's Trusted Types policy makes HTML sinks throw besides.)

import { level, category } from './taxonomy.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') for (const [name, v] of Object.entries(value)) el.style.setProperty(name, String(v));
    else if (key.startsWith('on')) throw new Error(`use on: {} for ${key}`);
    else if (key === 'href' || key === 'src') el.setAttribute(key, String(value));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
}

/** An HTML element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  return append(el, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  return append(el, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

const intFormat = new Intl.NumberFormat('en');
const numFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export function fmtInt(n) {
  return n === null || n === undefined ? '—' : intFormat.format(n);
}

/** A 0–100 score with one decimal. */
export function fmtScore(n) {
  return n === null || n === undefined ? '—' : Number(n).toFixed(1);
}

export function fmtNum(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return digits === 1 ? numFormat.format(n) : new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(n);
}

/** An ISO timestamp as `YYYY-MM-DD HH:MM UTC`. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** An event's date as the precision allows. */
export function fmtEventDate(date) {
  if (!date) return '—';
  const start = String(date.start);
  let text = start;
  if (date.precision === 'month') text = start.slice(0, 7);
  else if (date.precision === 'year') text = start.slice(0, 4);
  else if (date.precision === 'week') text = `week of ${start}`;
  if (date.end) text += ` – ${date.end}`;
  return text;
}

/** The URL when it is http(s), else null: a link from data never runs script. */
export function safeUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link opened without opener or referrer; plain text when the URL is not http(s). */
export function extLink(url, text) {
  const href = safeUrl(url);
  if (!href) return h('span', { class: 'unsafe-url', title: 'not an http(s) link' }, text || url || '');
  return h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, text || url);
}

/** A coloured chip for a risk level 1–5. */
export function levelChip(number, { label = true, title, small = false } = {}) {
  const l = level(number);
  return h('span', {
    class: ['chip', `lvl-${l.number}`, small && 'chip-sm'],
    title: title || `${l.number} ${l.name}`,
    dataset: { level: String(l.number) },
  }, label ? `${l.number} ${l.name}` : String(l.number));
}

export function categoryTag(id) {
  const c = category(id);
  return h('span', { class: ['cat', `cat-${c.id}`], title: c.label }, c.label);
}

/** ▲ rising, ▼ falling, ▬ stable, with the numbers in the tooltip. */
export function trendArrow(trend) {
  if (!trend) return h('span', { class: 'trend muted' }, '—');
  const dir = trend.direction;
  const glyph = dir === 'rising' ? '▲' : dir === 'falling' ? '▼' : '▬';
  const pct = trend.change_pct === null || trend.change_pct === undefined ? 'new' : `${trend.change_pct > 0 ? '+' : ''}${fmtNum(trend.change_pct)}%`;
  const title = `${trend.window_days} days: ${trend.events} events (${trend.events_before} before), ${pct}; ${trend.band}; p=${fmtNum(trend.p_value, 3)}`;
  return h('span', { class: ['trend', `trend-${dir}`], title, 'aria-label': `${dir}, ${title}` }, glyph, ' ', pct);
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * A button that asks for a second click before it acts: `label`, then
 * `confirm`; `action()` runs on the second click and an error it throws
 * takes the button's place.
 */
export function confirmButton(label, confirm, cls, action) {
  const button = h('button', { type: 'button', class: cls }, label);
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirm;
      button.classList.add('danger');
      return;
    }
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      button.replaceWith(errorBox(error));
    }
  });
  return button;
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error && error.message ? error.message : String(error));
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading' }, text);
}

/** A definition list from [term, value] pairs; values may be nodes. */
export function dl(pairs, cls = 'kv') {
  return h('dl', { class: cls }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

/** A table: columns [{label, class}], rows of cells (nodes or text). */
export function table(columns, rows, { cls = 'grid', caption } = {}) {
  return h('table', { class: cls },
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.class, scope: 'col', title: c.title }, c.label)))),
    h('tbody', null, rows));
}

/** Sets the hash without a navigation, so the address can be shared. */
export function setHash(hash) {
  if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
}

/**
 * A side panel that stacks pages: an event opened from a rating's
 * explanation comes back to the explanation with "Back".
 */
export class Panel {
  constructor({ label, onClose } = {}) {
    this.stack = [];
    this.onClose = onClose;
    this.el = h('aside', { class: 'panel', 'aria-label': label || 'Details', hidden: true });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
  }

  /** Replaces every page with a new one. */
  open(title, build) {
    this.stack = [];
    return this.push(title, build);
  }

  /** Adds a page on top; `build(body, page)` fills it (may be async). */
  push(title, build) {
    const page = { title, body: h('div', { class: 'panel-body' }) };
    this.stack.push(page);
    this.render();
    Promise.resolve()
      .then(() => build(page.body, page))
      .catch((error) => page.body.replaceChildren(errorBox(error)));
    return page;
  }

  back() {
    this.stack.pop();
    if (this.stack.length === 0) this.close();
    else this.render();
  }

  close() {
    this.stack = [];
    this.el.hidden = true;
    clear(this.el);
    if (this.onClose) this.onClose();
  }

  get isOpen() {
    return this.stack.length > 0;
  }

  setTitle(page, title) {
    page.title = title;
    if (this.stack[this.stack.length - 1] === page) this.render();
  }

  render() {
    const page = this.stack[this.stack.length - 1];
    const bar = h('div', { class: 'panel-bar' },
      this.stack.length > 1 ? h('button', { type: 'button', class: 'btn-icon', title: 'Back', 'aria-label': 'Back', on: { click: () => this.back() } }, '←') : null,
      h('h2', { class: 'panel-title' }, page.title),
      h('button', { type: 'button', class: 'btn-icon panel-close', title: 'Close', 'aria-label': 'Close panel', on: { click: () => this.close() } }, '×'));
    this.el.replaceChildren(bar, page.body);
    this.el.hidden = false;
    this.el.scrollTop = 0;
  }
}
