// What the server pages' forms share (/invitation, /password-reset, /portal):
// the page's strings, the API call, the field errors, the busy submit button and
// the outcome that replaces a form. No framework, no inline script (the pages' CSP).

/** The page's strings (a JSON data block written by server/pages/layout.ts). */
export const messages = JSON.parse(document.getElementById('messages')?.textContent || '{}');

/** An element of the page by id. */
export const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** A call to the REST API (`path` from the origin, /api/v1/...); resolves to `{status, body}` (the body parsed, problem details included). */
export async function callApi(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'client-access-portal' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/**
 * Writes (or clears, with '') a message into an element that stays in the
 * page: the field errors and the form banners are live regions written in the
 * markup, empty, so what is written is heard when it shows; empty, they take
 * no room (pages.css).
 */
export function say(element, message) {
  element.textContent = message;
}

/** Shows (or clears, with '') the error of `input` in its `${id}-error` element, and `aria-invalid`. */
export function setFieldError(input, message) {
  say(byId(`${input.id}-error`), message);
  input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
}

/**
 * The checks of a form's fields, shown as the elements do: a field's error
 * once it was changed and left, or after a submit; then again at each change.
 * `check()` returns a message ('' when fine) for each of `inputs`, in order.
 * `submit()` shows every error and returns the first invalid input (or null).
 */
export function fieldChecks(inputs, check) {
  const changed = new Set();
  const left = new Set();
  let submitted = false;
  function show() {
    const errors = check();
    inputs.forEach((input, i) => {
      if (submitted || (changed.has(input) && left.has(input))) setFieldError(input, errors[i]);
    });
    return errors;
  }
  for (const input of inputs) {
    input.addEventListener('input', () => {
      changed.add(input);
      if (submitted || left.has(input)) show();
    });
    input.addEventListener('blur', () => {
      left.add(input);
      show();
    });
  }
  return {
    submit() {
      submitted = true;
      const errors = show();
      return inputs.find((_, i) => errors[i] !== '') ?? null;
    },
  };
}

/**
 * The submit button while its call runs: it keeps the focus (aria-disabled,
 * not disabled) and says `label`; the form is aria-busy. Returns the function
 * that puts them back. `isBusy(button)` tells a second press to do nothing.
 */
export function markBusy(form, button, label) {
  const text = button.textContent;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = label;
  form.setAttribute('aria-busy', 'true');
  return () => {
    button.removeAttribute('aria-disabled');
    button.textContent = text;
    form.removeAttribute('aria-busy');
  };
}

export const isBusy = (button) => button.getAttribute('aria-disabled') === 'true';

/**
 * Replaces the form with its outcome (`#done`, `#done-message`). The section
 * is shown before its text is written (a live region in a hidden section says
 * nothing), and the focus moves to that text: the button that had it goes
 * away with the form, and the focus must not fall back to <body>.
 */
export function finish(form, message) {
  const text = byId('done-message');
  byId('done').hidden = false;
  form.hidden = true;
  text.textContent = message;
  land(text);
}

/** Moves the focus to an element that is not a control (a heading, a message). */
export function land(target) {
  if (target.tabIndex < 0) target.tabIndex = -1;
  target.focus();
}
