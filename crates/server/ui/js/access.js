// The Access view, for admins: the organisation's API keys (label, role, the
// token's first characters, last use, expiry, state), a form that issues a
// key — its token shown once, to copy — and revoking a key with a second
// click (GET/POST /api/v1/keys, DELETE /api/v1/keys/{id}). On a server
// without keys yet, the first key issued ends the open mode, so the view
// offers to sign in with it at once.

import { api } from './api.js';
import { confirmButton, errorBox, fmtTime, h, loading, table } from './dom.js';

function state(k) {
  if (k.active) return h('span', { class: 'key-state key-active' }, 'active');
  return h('span', { class: 'key-state key-ended' }, k.revoked ? `revoked ${fmtTime(k.revoked)}${k.revoked_by ? ` by ${k.revoked_by}` : ''}` : 'expired');
}

function keyRow(k, onRevoked) {
  return h('tr', { class: 'key', dataset: { keyId: String(k.id) } },
    h('td', null, h('strong', { class: 'key-label' }, k.label), h('div', { class: 'sub' }, h('code', null, `${k.prefix}…`))),
    h('td', { class: 'key-role' }, k.role),
    h('td', { class: 'nowrap' }, fmtTime(k.created), h('div', { class: 'sub key-issuer' }, `by ${k.issued_by}`)),
    h('td', { class: 'nowrap' }, k.last_used ? fmtTime(k.last_used) : h('span', { class: 'muted' }, 'never')),
    h('td', { class: 'nowrap' }, k.expires ? fmtTime(k.expires) : h('span', { class: 'muted' }, 'until revoked')),
    h('td', null, state(k)),
    h('td', null, k.active
      ? confirmButton('Revoke', 'Confirm revoking', 'revoke-key', async () => {
        await api(`/api/v1/keys/${k.id}`, { method: 'DELETE' });
        onRevoked();
      })
      : null));
}

/** The token just issued, shown once, with a way to sign in with it on an open server. */
function issuedBox(issued, open) {
  const token = h('input', { type: 'text', class: 'issued-token', readonly: true, value: issued.token, 'aria-label': 'The new key', spellcheck: 'false' });
  token.addEventListener('focus', () => token.select());
  const signIn = async () => {
    await api('/api/v1/session', { method: 'POST', body: { key: issued.token } });
    window.location.reload();
  };
  return h('div', { class: 'issued', role: 'status' },
    h('p', null, h('strong', null, `Key ${issued.key.id} for ${issued.key.label} (${issued.key.role}).`),
      ' Copy it now: it is not shown again, and sitrep keeps only its hash.'),
    token,
    open ? h('p', { class: 'small' },
      'This was the first key: from now on every request needs one. ',
      h('button', { type: 'button', class: 'sign-in-new', on: { click: () => signIn().catch(() => {}) } }, 'Sign in with it')) : null);
}

export function createAccessView({ session }) {
  const label = h('input', { id: 'key-label', type: 'text', required: true, placeholder: 'what the key is for, e.g. ops wall screen' });
  const role = h('select', { id: 'key-role' }, ['viewer', 'analyst', 'admin'].map((r) => h('option', { value: r }, r)));
  const expires = h('input', { id: 'key-expires', type: 'date' });
  const status = h('div', { class: 'key-form-status' });
  const form = h('form', { class: 'key-form', 'aria-label': 'Issue a key' },
    h('label', { for: 'key-label' }, 'Label'), label,
    h('label', { for: 'key-role' }, 'Role'), role,
    h('label', { for: 'key-expires' }, 'Expires (empty: until revoked)'), expires,
    h('button', { type: 'submit' }, 'Issue key'),
    status);
  const keysBody = h('div', { class: 'keys-body' });
  const el = h('section', { class: 'view view-access', 'aria-label': 'Access' },
    h('div', { class: 'view-main scroll' },
      h('div', { class: 'card' },
        h('h2', null, `API keys of ${session.org_name}`),
        h('p', { class: 'muted small' }, 'Viewers read; analysts also post reports and set overrides; admins also manage feeds and keys. Keys of other organisations are never listed here.'),
        form,
        keysBody)));

  async function load() {
    keysBody.replaceChildren(loading());
    try {
      const { keys } = await api('/api/v1/keys');
      keysBody.replaceChildren(keys.length
        ? table(
          [{ label: 'Key' }, { label: 'Role' }, { label: 'Created' }, { label: 'Last used' }, { label: 'Expires' }, { label: 'State' }, { label: '' }],
          keys.map((k) => keyRow(k, () => load())),
          { cls: 'grid compact keys-table' })
        : h('p', { class: 'muted empty' }, 'No keys yet: this server answers anyone on this machine until the first one is issued.'));
    } catch (error) {
      keysBody.replaceChildren(errorBox(error));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren(loading('Issuing…'));
    try {
      const issued = await api('/api/v1/keys', {
        method: 'POST',
        body: { label: label.value.trim(), role: role.value, expires: expires.value ? `${expires.value}T00:00:00Z` : null },
      });
      status.replaceChildren(issuedBox(issued, session.open));
      label.value = '';
      expires.value = '';
      if (!session.open) await load();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  });

  return { el, show: () => load() };
}
