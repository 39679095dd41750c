// The invitation page (/invitation?token=...): checks the two passwords, posts
// them to /api/v1/invitations/accept, shows the server's field errors next to
// the fields. No framework, no inline script (the page's CSP forbids them).
const messages = JSON.parse(document.getElementById('messages')?.textContent || '{}');
const form = document.getElementById('invitation-form');

if (form) {
  const password = /** @type {HTMLInputElement} */ (document.getElementById('password'));
  const confirmation = /** @type {HTMLInputElement} */ (document.getElementById('confirmation'));
  const toggle = /** @type {HTMLButtonElement} */ (document.getElementById('toggle'));
  const submit = /** @type {HTMLButtonElement} */ (document.getElementById('submit'));
  const formError = /** @type {HTMLElement} */ (document.getElementById('form-error'));
  const token = /** @type {HTMLInputElement} */ (form.querySelector('input[name="token"]')).value;
  const submitText = submit.textContent;
  const MIN = Number(password.getAttribute('minlength')) || 12;

  // The token is in the form; keep it out of the address bar and the history from now on.
  history.replaceState(null, '', location.pathname);

  /** Shows (or clears, with '') a field's error. */
  function setError(input, message) {
    const error = /** @type {HTMLElement} */ (document.getElementById(`${input.id}-error`));
    error.textContent = message;
    error.hidden = message === '';
    input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  }

  function setFormError(message) {
    formError.textContent = message;
    formError.hidden = message === '';
  }

  /** The client-side rules (the server checks them again, and the common passwords). */
  function check() {
    const errors = { password: '', confirmation: '' };
    const length = [...password.value.normalize('NFC')].length;
    if (password.value === '') errors.password = messages.required;
    else if (length < MIN) errors.password = messages['password-too-short'];
    if (errors.password === '' && confirmation.value !== password.value) errors.confirmation = messages['password-mismatch'];
    return errors;
  }

  let touched = false;
  for (const input of [password, confirmation]) {
    input.addEventListener('input', () => {
      if (!touched) return;
      const errors = check();
      setError(password, errors.password);
      setError(confirmation, errors.confirmation);
    });
  }

  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    for (const input of [password, confirmation]) input.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
    toggle.textContent = show ? messages.hide : messages.show;
  });

  /**
   * Replaces the form with the outcome. The section is shown before its text
   * is written (a live region in a hidden section says nothing), and the focus
   * moves to that text: the button that had it disappears with the form, and
   * focus must not fall back to <body>.
   */
  function finished(message) {
    const done = /** @type {HTMLElement} */ (document.getElementById('done'));
    const text = /** @type {HTMLElement} */ (document.getElementById('done-message'));
    done.hidden = false;
    form.hidden = true;
    text.textContent = message;
    text.tabIndex = -1;
    text.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    touched = true;
    setFormError('');
    const errors = check();
    setError(password, errors.password);
    setError(confirmation, errors.confirmation);
    if (errors.password) return password.focus();
    if (errors.confirmation) return confirmation.focus();

    submit.disabled = true;
    submit.textContent = messages.saving;
    form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch('/api/v1/invitations/accept', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, application/problem+json',
          'X-Requested-With': 'client-access-portal',
        },
        body: JSON.stringify({ token, password: password.value, passwordConfirmation: confirmation.value }),
      });
      if (response.status === 204) {
        finished(messages.done);
        return;
      }
      const problem = await response.json().catch(() => ({}));
      if (response.status === 410) {
        finished(messages.dead);
      } else if (response.status === 422 && Array.isArray(problem.errors)) {
        for (const e of problem.errors) {
          const input = e.field === 'passwordConfirmation' ? confirmation : password;
          setError(input, messages[e.code] || e.message);
        }
        (confirmation.getAttribute('aria-invalid') === 'true' && password.getAttribute('aria-invalid') !== 'true' ? confirmation : password).focus();
      } else if (response.status === 429) {
        setFormError(messages['too-many']);
      } else {
        setFormError(messages.failed);
      }
    } catch {
      setFormError(messages.network);
    } finally {
      submit.disabled = false;
      submit.textContent = submitText;
      form.removeAttribute('aria-busy');
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
  const section = /** @type {HTMLElement} */ (document.getElementById('renew'));
  const status = /** @type {HTMLElement} */ (document.getElementById('renew-status'));
  const error = /** @type {HTMLElement} */ (document.getElementById('renew-error'));
  const label = renew.textContent;
  section.hidden = token === '';

  renew.addEventListener('click', async () => {
    if (renew.getAttribute('aria-disabled') === 'true') return;
    renew.setAttribute('aria-disabled', 'true');
    renew.textContent = messages.sending;
    error.hidden = true;
    let message = messages['renew-failed'];
    try {
      const response = await fetch('/api/v1/invitations/renew', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, application/problem+json',
          'X-Requested-With': 'client-access-portal',
        },
        body: JSON.stringify({ token }),
      });
      if (response.status === 202) {
        renew.hidden = true;
        status.textContent = messages.renewed;
        status.tabIndex = -1;
        status.focus();
        return;
      }
      const problem = await response.json().catch(() => ({}));
      if (response.status === 429) {
        message = String(problem.type || '').endsWith('too-many-renewals') ? messages['too-many-renewals'] : messages['too-many'];
      }
    } catch {
      message = messages.network;
    } finally {
      renew.removeAttribute('aria-disabled');
      renew.textContent = label;
    }
    error.textContent = message;
    error.hidden = false;
  });
}
