/**
 * A keyed async mutex, within one process: the calls that change a contact's
 * access (and send its mail) take the lock of that contact, so that a second
 * call on the same contact in this process waits for the first instead of
 * interleaving with it. What must also hold across instances sharing a
 * database is held by the database itself: a unique key (Idempotency-Key),
 * conditional writes (spending an invitation link, a contact's If-Match), row or advisory locks
 * (the sign-in throttle), leases (the mail outbox).
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
