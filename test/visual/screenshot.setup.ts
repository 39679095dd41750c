/**
 * The visual regression check of every story (`npm run test:visual`): after a
 * story has rendered and played (and passed axe), a screenshot of the page is
 * compared with the committed baseline of its variant
 * (`test/visual/__screenshots__/<variant>/<stories file>/<story>.png`).
 *
 * The variant (locale, theme, viewport) is the Vitest project's
 * (`vitest.config.ts`); animations are stopped and the caret hidden by the
 * screenshot itself, and the motion tokens are set to 0 s on the page, so two
 * runs draw the same pixels. Fonts: Inter from `@fontsource/inter`
 * (`.storybook/preview.ts`), never the machine's.
 */
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { commands, page } from 'vitest/browser';

declare module 'vitest' {
  export interface ProvidedContext {
    visualVariant: string;
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    forcedColors: (active: boolean) => Promise<void>;
  }
}

/** A story named "… forced colours …" is drawn (and checked by axe) with forced colours emulated. */
const inForcedColors = (name: string) => /forced colou?rs/i.test(name);

beforeEach(async (context) => {
  if (inForcedColors(context.task.name)) await commands.forcedColors(true);
});

/**
 * The status bubble hides itself after 6 s (`src/internal/status.ts`): on a
 * busy machine a screenshot would catch it or not. Here its timer never fires,
 * so a story that ends with a bubble is drawn with it, every time.
 */
const BUBBLE_MS = 6000;
/**
 * A dialog busy for 3 s says it still works (`SlowNotice`): a story of a save
 * under way would be drawn with that bubble or not, by the machine's speed.
 * Its timer never fires either, except in a story named "… takes long …",
 * whose play waits for the bubble.
 */
const SLOW_NOTICE_MS = 3000;
let slowNoticeShows = false;
beforeEach((context) => {
  slowNoticeShows = /takes long/i.test(context.task.name);
});
const realSetTimeout = window.setTimeout.bind(window);
window.setTimeout = ((handler: TimerHandler, timeout?: number, ...rest: unknown[]) =>
  timeout === BUBBLE_MS || (timeout === SLOW_NOTICE_MS && !slowNoticeShows)
    ? realSetTimeout(() => undefined, 2 ** 31 - 1)
    : realSetTimeout(handler, timeout, ...rest)) as typeof window.setTimeout;

const NO_MOTION = ['duration-fast', 'duration-spin', 'duration-pulse', 'duration-highlight'];
for (const name of NO_MOTION) document.documentElement.style.setProperty(`--cae-${name}`, '0s');
// The screenshot is of <body>: at least the window's height, so a dialog (in the top layer) is in it.
document.body.style.boxSizing = 'border-box';
document.body.style.minHeight = '100vh';

/** `Every access state` → `every-access-state`. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

afterEach(async (context) => {
  try {
    if (context.task.result?.state !== 'fail') await screenshot(context.task);
  } finally {
    if (inForcedColors(context.task.name)) await commands.forcedColors(false);
  }
});

async function screenshot(task: { name: string; file: { name: string } }): Promise<void> {
  const file = task.file.name.split('/').pop()!.replace(/\.stories\.ts$/, '');
  await document.fonts.ready;
  await checkboxesShown();
  // Whatever had the focus keeps it (its ring is part of the state); the pointer rests out of the way.
  await expect.element(page.elementLocator(document.body)).toMatchScreenshot(
    `${inject('visualVariant')}/${file}/${slug(task.name)}`,
  );
}

/**
 * The table's checkboxes come in a chunk of their own, an empty box holding
 * their place meanwhile (`client-contacts/selection.ts`): the screenshot waits
 * for them (at most 5 s), so that it does not depend on which came first.
 */
async function checkboxesShown(): Promise<void> {
  const waiting = () =>
    [...document.querySelectorAll('client-contacts')].some((el) => el.shadowRoot?.querySelector('span.select') != null);
  for (const end = Date.now() + 5000; waiting() && Date.now() < end; ) await new Promise((r) => realSetTimeout(r, 20));
}
