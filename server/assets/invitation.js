// The invitation page (/invitation?token=...): checks the two passwords, posts
// them to /api/v1/invitations/accept, shows the server's field errors next to
// the fields. No framework, no inline script (the page's CSP forbids them).
import { byId, callApi, fieldChecks, finish, isBusy, land, markBusy, messages, say, setFieldError } from './form.js';

const form = /** @type {HTMLFormElement | null} */ (document.getElementById('invitation-form'));

if (form) {
  const password = /** @type {HTMLInputElement} */ (byId('password'));
  const confirmation = /** @type {HTMLInputElement} */ (byId('confirmation'));
  const toggle = byId('toggle');
  const submit = /** @type {HTMLButtonElement} */ (byId('submit'));
  const formError = byId('form-error');
  const token = /** @type {HTMLInputElement} */ (form.querySelector('input[name="token"]')).value;
  const MIN = Number(password.getAttribute('minlength')) || 12;

  // The token is in the form; keep it out of the address bar and the history from now on.
  history.replaceState(null, '', location.pathname);

  /** The client-side rules (the server checks them again, and the common passwords). */
  const checks = fieldChecks([password, confirmation], () => {
    const length = [...password.value.normalize('NFC')].length;
    const first = password.value === '' ? messages.required : length < MIN ? messages['password-too-short'] : '';
    return [first, first === '' && confirmation.value !== password.value ? messages['password-mismatch'] : ''];
  });

  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    for (const input of [password, confirmation]) input.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
    toggle.textContent = show ? messages.hide : messages.show;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBusy(submit)) return;
    say(formError, '');
    const invalid = checks.submit();
    if (invalid) return invalid.focus();

    const done = markBusy(form, submit, messages.saving);
    try {
      const response = await callApi('POST', '/api/v1/invitations/accept', { token, password: password.value, passwordConfirmation: confirmation.value });
      if (response.status === 204) return finish(form, messages.done);
      if (response.status === 410) return finish(form, messages.dead);
      const errors = response.body?.errors;
      if (response.status === 422 && Array.isArray(errors)) {
        for (const e of errors) setFieldError(e.field === 'passwordConfirmation' ? confirmation : password, messages[e.code] || e.message);
        (confirmation.getAttribute('aria-invalid') === 'true' && password.getAttribute('aria-invalid') !== 'true' ? confirmation : password).focus();
      } else {
        say(formError, response.status === 429 ? messages['too-many'] : messages.failed);
      }
    } catch {
      say(formError, messages.network);
    } finally {
      done();
    }
  });
}

// The dead link's page: "Envoyer un nouveau lien" posts the token of the
// address bar (the page holds nothing of the link) to /api/v1/invitations/renew.
// The button keeps the focus while it sends (aria-disabled, not disabled); once
// sent it goes away and the focus moves to the outcome, never to <body>.
const renew = /** @type {HTMLButtonElement | null} */ (document.getElementById('renew-button'));
if (renew) {
  const token = new URLSearchParams(location.search).get('token') || '';
  history.replaceState(null, '', location.pathname);
  const section = byId('renew');
  const status = byId('renew-status');
  const error = byId('renew-error');
  section.hidden = token === '';

  renew.addEventListener('click', async () => {
    if (isBusy(renew)) return;
    const done = markBusy(section, renew, messages.sending);
    say(error, '');
    let message = messages['renew-failed'];
    try {
      const response = await callApi('POST', '/api/v1/invitations/renew', { token });
      if (response.status === 202) {
        renew.hidden = true;
        status.textContent = messages.renewed;
        land(status);
        return;
      }
      if (response.status === 429) {
        message = String(response.body?.type || '').endsWith('too-many-renewals') ? messages['too-many-renewals'] : messages['too-many'];
      }
    } catch {
      message = messages.network;
    } finally {
      done();
    }
    say(error, message);
  });
}
