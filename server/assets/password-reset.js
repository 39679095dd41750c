// The forgotten password (/password-reset): posts the user code to
// /api/v1/password-resets. The answer is the same whether the code exists or
// not, so the page says the same; once sent, the form goes away and the focus
// moves to that text (never to <body>). No inline script (the page's CSP).
import { byId, callApi, fieldChecks, finish, isBusy, markBusy, messages, say, setFieldError } from './form.js';

const form = /** @type {HTMLFormElement | null} */ (document.getElementById('reset-form'));

if (form) {
  const userCode = /** @type {HTMLInputElement} */ (byId('user-code'));
  const formError = byId('form-error');
  const submit = /** @type {HTMLButtonElement} */ (byId('submit'));
  const checks = fieldChecks([userCode], () => [userCode.value.trim() === '' ? messages.required : '']);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBusy(submit)) return;
    say(formError, '');
    const invalid = checks.submit();
    if (invalid) return invalid.focus();

    const done = markBusy(form, submit, messages.sending);
    try {
      const response = await callApi('POST', '/api/v1/password-resets', { userCode: userCode.value.trim() });
      if (response.status === 202) return finish(form, messages.done);
      const errors = response.body?.errors;
      if (response.status === 422 && Array.isArray(errors)) {
        setFieldError(userCode, messages[errors[0]?.code] || messages.required);
        userCode.focus();
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
