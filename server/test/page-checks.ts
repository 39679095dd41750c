/** What every server page must be: no inline script, style or handler (the strict CSP), and its headers. */
import assert from 'node:assert/strict';

/** No executable inline script: every <script> has a src, or is a JSON data block. */
export function assertNoInlineScript(html: string): void {
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    assert.ok(/\bsrc=/.test(tag) || /type="application\/json"/.test(tag), `inline script: ${tag}`);
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  assert.doesNotMatch(html, /\sstyle=/i, 'no inline style attribute');
}

export function assertPageHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(headers.get('referrer-policy'), 'no-referrer');
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  assert.equal(headers.get('cache-control'), 'no-store');
}
