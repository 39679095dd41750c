/**
 * The shell of the server's own pages (/invitation, /portal): one stylesheet
 * and one script from /assets/, no inline script or style, so the strict CSP
 * below holds. Strings for the script travel in a JSON data block (not
 * executed, so not a script for the CSP).
 */
import { escapeHtml } from '../text.js';

export type PageLanguage = 'fr' | 'en';

/** No inline script or style; scripts, styles and calls to this origin only; no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The demo host page (`demo/`): scripts from this origin only, no inline
 * script; styles may be inline (a host page's business), no framing.
 */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's language from Accept-Language (French unless English comes first). */
export function acceptedLanguage(header: string | undefined): PageLanguage {
  if (!header) return 'fr';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => (r.lang === 'fr' || r.lang === 'en') && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.lang as PageLanguage | undefined) ?? 'fr';
}

/** JSON for a `<script type="application/json">` block: `<` escaped so nothing can close the element. */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function page(options: {
  language: PageLanguage;
  title: string;
  body: string;
  script: string;
  messages: Record<string, string>;
}): string {
  return `<!doctype html>
<html lang="${options.language === 'fr' ? 'fr-CA' : 'en-CA'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="/assets/tokens.css">
<link rel="stylesheet" href="/assets/pages.css">
<script type="application/json" id="messages">${jsonBlock(options.messages)}</script>
<script type="module" src="/assets/${options.script}"></script>
</head>
<body>
${options.body}
</body>
</html>
`;
}
