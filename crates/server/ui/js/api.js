// Requests to sitrep's JSON API. Every call goes to this origin (the page's
// Content-Security-Policy allows no other); errors arrive as
// {"error":{"code","message"}} and are thrown as ApiError with that message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** GET (or `method`) `path` with `params`; resolves to the parsed JSON body. */
export async function api(path, { params, signal, method = 'GET', body } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${path}${qs(params)}`, init);
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) data = await response.json();
  if (!response.ok) {
    // A key revoked or expired mid-session: the page asks to sign in again.
    if (response.status === 401 && !path.startsWith('/api/v1/session')) {
      window.dispatchEvent(new Event('sitrep:unauthorized'));
    }
    const error = data && data.error ? data.error : { code: 'http', message: response.statusText };
    throw new ApiError(response.status, error.code, error.message || `HTTP ${response.status}`);
  }
  return data;
}

let session = null;

/** Who the page is signed in as (GET /api/v1/session), or null on a server without keys. */
export function setSession(value) {
  session = value;
}

/** Whether the page may write (post reports, set overrides): an analyst or admin key, or no keys at all. */
export function canWrite() {
  return !session || session.role === 'analyst' || session.role === 'admin';
}

/** Whether the page may manage the organisation's feeds: an admin key, or no keys at all. */
export function canAdmin() {
  return !session || session.role === 'admin';
}

/** Path segment for an id that may hold `/`, `#` or `:`. */
export function seg(id) {
  return encodeURIComponent(id);
}

let areasPromise = null;

/** The country polygons (GeoJSON), fetched once; null when the server has none. */
export function areas() {
  if (!areasPromise) {
    areasPromise = api('/api/v1/areas', { params: { level: 'country' } }).catch((error) => {
      areasPromise = null;
      throw error;
    });
  }
  return areasPromise;
}

const names = new Map();
let namesPromise = null;

/**
 * ISO alpha-2 → country name, from the country ratings (which name every
 * country an event names, from the server's country table) — not from the
 * polygons, a document of megabytes. Loaded once; empty when the store has
 * nothing to rate.
 */
export function countryNames() {
  if (!namesPromise) {
    namesPromise = api('/api/v1/risk', { params: { level: 'country', limit: 10000 } })
      .then((list) => {
        for (const a of list.areas) names.set(a.area, a.name);
        return names;
      })
      .catch(() => names);
  }
  return namesPromise;
}

/** A country's name if the names are loaded already (they start loading now), else undefined. */
export function countryName(iso2) {
  countryNames();
  return names.get(iso2);
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

let statsPromise = null;

/** The store's figures (GET /api/v1/stats), fetched once unless `refresh`. */
export function stats({ refresh = false } = {}) {
  if (!statsPromise || refresh) {
    statsPromise = api('/api/v1/stats').catch((error) => {
      statsPromise = null;
      throw error;
    });
  }
  return statsPromise;
}
