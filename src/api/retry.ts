/**
 * The wait before `RestBackend` sends a call again that was answered 502, 503
 * or 504: the answer's `Retry-After` (seconds or an HTTP date), 1 s without
 * one. A lazy chunk, loaded by the first such answer.
 */

/**
 * Waits as `response` asks; false at once when that wait would end past
 * `deadline` (the call's timeout), so the call gives up with this answer.
 * Rejects with the signal's reason if it aborts meanwhile.
 */
export function waitToRetry(response: Response, deadline: number, signal: AbortSignal): Promise<boolean> {
  const after = response.headers.get('Retry-After') ?? '';
  const asked = /^\d+$/.test(after) ? Number(after) * 1000 : Date.parse(after) - Date.now();
  const wait = Number.isNaN(asked) ? 1000 : Math.max(0, asked);
  if (Date.now() + wait >= deadline) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve(true);
    }, wait);
    signal.addEventListener('abort', abort, { once: true });
  });
}
