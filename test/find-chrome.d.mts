/** Types of `find-chrome.mjs` (for the TypeScript configs that import it, e.g. `vitest.config.ts`). */

/** The machine's Chromium or Chrome: `CHROME_PATH`, then the usual places; throws saying how to get one. */
export function findChrome(): string;

/** Flags that work as root, headless, on a machine without network. */
export const CHROME_ARGS: string[];
