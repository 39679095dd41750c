import { Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import { newIdempotencyKey } from '../api/rest-backend.js';

export interface IdempotentSaveOptions<A extends readonly unknown[], R> {
  /** The backend call, with the key to send and the task's signal. */
  call: (args: A, key: string, signal: AbortSignal) => Promise<R>;
  /** What the server would see of `args` (JSON-able): the key is reused while it is unchanged. All of `args` by default. */
  body?: (args: A) => unknown;
  onComplete?: (value: R) => unknown;
  onError?: (error: unknown) => unknown;
}

/**
 * A save that must never happen twice (a contact's creation, an access's
 * save, the invitation e-mail), as a `Task` run on demand. Its idempotency
 * key is kept while the body is unchanged, so that a retry after a failure
 * (the answer lost, a timeout) is recognised by the server; a success or
 * another body gets a new one.
 */
export class IdempotentSave<A extends readonly unknown[], R> {
  readonly task: Task<A, R>;
  private last: { body: string; key: string } | undefined;

  constructor(host: ReactiveControllerHost, options: IdempotentSaveOptions<A, R>) {
    const bodyOf = options.body ?? ((args: A) => args);
    this.task = new Task<A, R>(host, {
      autoRun: false,
      task: async (args, { signal }) => {
        const body = JSON.stringify(bodyOf(args));
        if (this.last?.body !== body) this.last = { body, key: newIdempotencyKey() };
        const value = await options.call(args, this.last.key, signal);
        this.last = undefined;
        return value;
      },
      ...(options.onComplete ? { onComplete: options.onComplete } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  run(args: A): Promise<void> {
    return this.task.run(args);
  }

  get pending(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** Forgets the key: what follows is a new save, even with the same body. */
  reset(): void {
    this.last = undefined;
  }
}
