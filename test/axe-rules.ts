/**
 * The axe-core rules the project is measured with (issue 11): WCAG 2.0, 2.1
 * and 2.2 at levels A and AA, and Deque's best practices. One list for the
 * Storybook checks (`.storybook/preview.ts`), the elements' browser tests
 * (`web-test-runner.config.mjs`), the pages' end-to-end test
 * (`test/e2e/pages-axe.test.ts`) and `npm run audit` (`bench/audit.ts`).
 *
 * Not axe's defaults: those leave out the WCAG 2.2 target size (2.5.8).
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
