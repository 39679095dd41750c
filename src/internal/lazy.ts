/**
 * The dialogs load on first use, so a page that shows the contacts table pays
 * for the table only: `<client-contacts>` fetches `<contact-dialog>` when the
 * browser is idle after its first paint (or at the first click, whichever comes
 * first), and `<contact-dialog>` fetches `<grant-access-dialog>` the same way
 * once it opens. A failed load is tried again at the next call.
 */

/** Calls `load` once and shares its promise; forgets it when it fails, so a retry loads again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
}

export const loadContactDialog = once(() => import('../contact-dialog/contact-dialog.js'));
export const loadGrantAccessDialog = once(() => import('../grant-access-dialog/grant-access-dialog.js'));

/**
 * Resolves after the next frame is painted (the first task after it): what a
 * first frame does not show (a lazy chunk, even the request for it) waits for it.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** Runs `task` when the main thread is idle (soon, where `requestIdleCallback` is missing); errors are left to the real use. */
export function whenIdle(task: () => Promise<unknown>): void {
  const run = () => void task().catch(() => undefined);
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
