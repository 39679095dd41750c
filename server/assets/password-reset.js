// The forgotten password (/password-reset): posts the user code to
// /api/v1/password-resets. The answer is the same whether the code exists or
// not, so the page says the same; once sent, the form goes away and the focus
// moves to that text (never to <body>). No inline script (the page's CSP).
const messages = JSON.parse(document.getElementById('messages')?.textContent || '{}');
const form = /** @type {HTMLFormElement | null} */ (document.getElementById('reset-form'));

if (form) {
  const userCode = /** @type {HTMLInputElement} */ (document.getElementById('user-code'));
  const fieldError = /** @type {HTMLElement} */ (document.getElementById('user-code-error'));
  const formError = /** @type {HTMLElement} */ (document.getElementById('form-error'));
  const submit = /** @type {HTMLButtonElement} */ (document.getElementById('submit'));
  const submitText = submit.textContent;

  function setFieldError(message) {
    fieldError.textContent = message;
    fieldError.hidden = message === '';
    userCode.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  }

  function setFormError(message) {
    formError.textContent = message;
    formError.hidden = message === '';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFormError('');
    if (submit.getAttribute('aria-disabled') === 'true') return;
    if (userCode.value.trim() === '') {
      setFieldError(messages.required);
      userCode.focus();
      return;
    }
    setFieldError('');
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = messages.sending;
    form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch('/api/v1/password-resets', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, application/problem+json',
          'X-Requested-With': 'client-access-portal',
        },
        body: JSON.stringify({ userCode: userCode.value.trim() }),
      });
      if (response.status === 202) {
        const done = /** @type {HTMLElement} */ (document.getElementById('done'));
        const text = /** @type {HTMLElement} */ (document.getElementById('done-message'));
        done.hidden = false;
        form.hidden = true;
        text.textContent = messages.done;
        text.tabIndex = -1;
        text.focus();
        return;
      }
      const problem = await response.json().catch(() => ({}));
      if (response.status === 422 && Array.isArray(problem.errors)) {
        setFieldError(messages[problem.errors[0]?.code] || messages.required);
        userCode.focus();
      } else {
        setFormError(response.status === 429 ? messages['too-many'] : messages.failed);
      }
    } catch {
      setFormError(messages.network);
    } finally {
      submit.removeAttribute('aria-disabled');
      submit.textContent = submitText;
      form.removeAttribute('aria-busy');
    }
  });
}
