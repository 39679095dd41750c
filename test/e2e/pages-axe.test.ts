/**
 * axe-core on every page the server serves, as a person meets it (issue 11,
 * "Measured"): the demo host page (also with the contact dialog showing an
 * error, and with the grant dialog open), the invitation page, the
 * password-reset form, the portal signed out and signed in — in French and
 * English, light and dark. The rules: WCAG 2.0, 2.1 and 2.2 A and AA, and
 * best practices (test/axe-rules.ts). Any violation fails. In Chromium
 * against the real server (demo mode).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { axeViolations, describeViolations } from './axe.js';
import { serverAndBrowser } from './harness.js';
import { LANGUAGES, PAGE_STATES, openState, pageFixture, type PageFixture } from './page-states.js';

const suite = serverAndBrowser();

describe('axe on the pages', () => {
  let fixture: PageFixture;

  before(async () => {
    fixture = await pageFixture(suite.server);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const language of LANGUAGES) {
      it(`${language}, ${colorScheme}: no violation on any page`, async () => {
        const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, reducedMotion: 'reduce' });
        const page = await context.newPage();
        const found: string[] = [];
        for (const state of PAGE_STATES) {
          await openState(page, suite.server.base, fixture, state, language);
          const violations = await axeViolations(page);
          if (violations.length) found.push(`${state}:\n${describeViolations(violations)}`);
        }
        await context.close();
        assert.deepEqual(found, [], found.join('\n\n'));
      });
    }
  }
});
