/**
 * A keyed async mutex. better-sqlite3 is synchronous, so a handler that never
 * awaits cannot interleave with another; the ones that await (sending mail)
 * take the lock of the contact they change, so that a second call on the same
 * contact (or a retry with the same Idempotency-Key) waits for the first.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
