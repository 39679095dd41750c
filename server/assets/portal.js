// The minimal portal (/portal): sign-in, then the client's header and
// contacts, and the client's phone number to update, all through the same
// REST API as the elements (form.js). Text is only ever set with textContent.
import { byId as $, callApi, land as landOn, messages, say, setFieldError } from './form.js';

/** A call to the REST API under /api/v1; resolves to {status, body}. */
const call = (method, path, body) => callApi(method, '/api/v1' + path, body);

function show(id, visible = true) {
  $(id).hidden = !visible;
}

// Signing in or out reloads the page (its language may change with the
// session); the reason travels across the reload so that the new page puts the
// focus where the person now is instead of leaving it on <body>.
const FOCUS_KEY = 'portal-focus';

function reloadAfter(reason) {
  try {
    sessionStorage.setItem(FOCUS_KEY, reason);
  } catch {
    // No storage: the page still works, the focus starts at the top.
  }
  location.reload();
}

/** The reason saved by reloadAfter, once. */
function takeReloadReason() {
  try {
    const reason = sessionStorage.getItem(FOCUS_KEY);
    sessionStorage.removeItem(FOCUS_KEY);
    return reason;
  } catch {
    return null;
  }
}

/** Moves the focus to the element `id` (a heading, a message). */
function land(id) {
  landOn($(id));
}

function failure(status) {
  if (status === 429) return messages['too-many'];
  if (status === 403) return messages['address-not-allowed'];
  return messages.failed;
}

function renderClient(client) {
  $('client-code').textContent = client.code;
  $('client-name').textContent = client.name;
  $('client-phone').textContent = client.phone || '—';
  $('client-email').textContent = client.email || '—';
  $('client-website').textContent = client.website || '—';
  /** @type {HTMLInputElement} */ ($('phone')).value = client.phone || '';
}

function renderContacts(page) {
  const body = $('contacts');
  body.replaceChildren();
  if (page.items.length === 0) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.textContent = messages['no-contacts'];
    return;
  }
  for (const contact of page.items) {
    const row = body.insertRow();
    for (const value of [contact.name, contact.title, contact.email, contact.phone]) row.insertCell().textContent = value || '';
  }
}

/** Shows the sign-in form; after a sign-out, with the focus on its title. */
function showSignIn(reason) {
  show('sign-in');
  if (reason) land('sign-in-title');
}

/** Shows a page-level error; after a sign-in or out, with the focus on it. */
function pageError(message, reason) {
  say($('page-error'), message);
  if (reason) land('page-error');
}

async function start() {
  const reason = takeReloadReason();
  // The server said whether there is a session: without one, no request (and no 401 in the console).
  if ($('main').dataset.signedIn !== 'true') {
    show('loading', false);
    return showSignIn(reason);
  }
  let session;
  try {
    session = await call('GET', '/session');
  } catch {
    show('loading', false);
    return pageError(messages.network, reason);
  }
  show('loading', false);
  if (session.status === 401) return showSignIn(reason);
  if (session.status !== 200) return pageError(failure(session.status), reason);

  $('who-name').textContent = messages['signed-in-as'] + session.body.name + ' (' + session.body.userCode + ')';
  show('who');
  if (session.body.kind !== 'contact') {
    show('staff');
    if (reason) land('staff');
    return;
  }

  const clientId = encodeURIComponent(session.body.clientId);
  const [client, contacts] = await Promise.all([
    call('GET', `/clients/${clientId}`),
    call('GET', `/clients/${clientId}/contacts?limit=100`),
  ]);
  if (client.status !== 200 || contacts.status !== 200) return pageError(failure(client.status === 200 ? contacts.status : client.status), reason);
  renderClient(client.body);
  renderContacts(contacts.body);
  show('portal');
  if (reason) land('client-title');

  $('phone-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('phone'));
    $('phone-status').textContent = '';
    setFieldError(input, '');
    try {
      const saved = await call('PATCH', `/clients/${clientId}`, { phone: input.value });
      if (saved.status === 200) {
        renderClient(saved.body);
        $('phone-status').textContent = messages.saved;
      } else if (saved.status === 422 && saved.body?.errors?.length) {
        setFieldError(input, messages[saved.body.errors[0].code] || saved.body.errors[0].message);
        input.focus();
      } else {
        say($('page-error'), failure(saved.status));
      }
    } catch {
      say($('page-error'), messages.network);
    }
  });
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('sign-in-error'), '');
  const userCode = /** @type {HTMLInputElement} */ ($('user-code')).value.trim();
  const password = /** @type {HTMLInputElement} */ ($('sign-in-password')).value;
  if (!userCode || !password) return say($('sign-in-error'), messages.required);
  try {
    const result = await call('POST', '/session', { userCode, password });
    if (result.status === 200) return reloadAfter('signed-in');
    const ended = result.status === 403 && String(result.body?.type || '').endsWith('access-ended');
    say($('sign-in-error'), result.status === 401 ? messages['sign-in-failed'] : ended ? messages['access-ended'] : failure(result.status));
  } catch {
    say($('sign-in-error'), messages.network);
  }
});

$('sign-out').addEventListener('click', async () => {
  try {
    await call('DELETE', '/session');
  } finally {
    reloadAfter('signed-out');
  }
});

void start();
