/**
 * RFC 9457 problem details. Route code throws `HttpProblem`; the error handler
 * in `app.ts` turns it (and every error fastify raises itself) into an
 * `application/problem+json` response.
 */
import type { FieldError, Problem } from '../src/api/types.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_BASE = 'urn:client-access:problem:';

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  /** Response headers that go with the problem (Retry-After...). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: { type?: string; title?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.type = options.type ? TYPE_BASE + options.type : 'about:blank';
    this.title = options.title ?? TITLES[status] ?? 'Error';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toJSON(): Problem {
    const body: Problem = { type: this.type, title: this.title, status: this.status, detail: this.message };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export function problemBody(status: number, detail: string, type = 'about:blank'): Problem {
  return { type, title: TITLES[status] ?? 'Error', status, detail };
}

export const notFound = (detail: string): HttpProblem => new HttpProblem(404, detail);

export const badRequest = (detail: string, errors?: FieldError[]): HttpProblem =>
  new HttpProblem(400, detail, errors ? { errors, type: 'invalid-request' } : {});

export const validationFailed = (errors: FieldError[]): HttpProblem =>
  new HttpProblem(422, errors.length === 1 ? errors[0]!.message : 'Some fields are not valid.', {
    type: 'validation-failed',
    title: 'Some fields are not valid',
    errors,
  });

export const preconditionFailed = (): HttpProblem =>
  new HttpProblem(412, 'The resource changed since it was read (If-Match does not match its ETag). Nothing was changed; read it again.', {
    type: 'precondition-failed',
  });

export const conflict = (detail: string, type: string, errors?: FieldError[]): HttpProblem =>
  new HttpProblem(409, detail, errors ? { type, errors } : { type });

/** The database does not answer (db/database.ts, isDatabaseUnavailable): try again shortly. */
export function databaseUnavailable(): HttpProblem {
  return new HttpProblem(503, 'The database does not answer. Try again in a moment.', { type: 'database-unavailable', headers: { 'retry-after': '5' } });
}
