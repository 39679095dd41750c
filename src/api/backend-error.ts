import type { FieldError, Problem } from './types.js';

/** What went wrong: an HTTP answer, no answer at all, or no answer in time. */
export type BackendErrorKind = 'http' | 'network' | 'timeout';

/**
 * The one error a `ContactsBackend` call rejects with (aborted calls reject
 * with the signal's reason instead). For an HTTP answer it carries the RFC 9457
 * problem and its per-field errors.
 */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly kind: BackendErrorKind;
  /** The HTTP status, or 0 when no answer came. */
  readonly status: number;
  readonly problem: Problem | null;
  readonly fieldErrors: readonly FieldError[];

  constructor(kind: BackendErrorKind, status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? (status ? `HTTP ${status}` : kind));
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.fieldErrors = problem?.errors ?? [];
  }

  /** The field errors of one body property. */
  errorsFor(field: string): FieldError[] {
    return this.fieldErrors.filter((e) => e.field === field);
  }
}

export function isBackendError(e: unknown): e is BackendError {
  return e instanceof BackendError;
}
