/**
 * The kit's machinery: a check's definition, the context every check gets
 * (the HTTP client, the contract, the expectations), the runner, and the
 * JUnit report. The checks themselves are in `checks.ts`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Contract } from './contract.js';
import type { Http, HttpAnswer } from './http.js';

export interface CheckDef {
  /** Stable id, printed first on the line (`contacts.update.stale-if-match`). */
  id: string;
  /** What the host's backend must do, in one line. */
  title: string;
  /** Depends on `ETag` / `If-Match`. */
  etag?: boolean;
  /** Provokes at least one refusal and requires problem details for it. */
  refusal?: boolean;
  /** Needs a cookie-authenticated caller (`--header 'Cookie: …'`); skipped otherwise. */
  cookie?: boolean;
  /** Needs the service token (`--token`); skipped otherwise. */
  serviceToken?: boolean;
  run(ctx: Context): Promise<void>;
}

export interface Outcome {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
  ms: number;
}

export interface FieldExpectation {
  field: string;
  code: string;
  index?: number;
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; code: string; message: string; index?: number }[];
}

export class CheckFailure extends Error {}

/** Thrown by a check that does not apply to this backend (an optional operation it does not offer). */
export class CheckSkipped extends Error {}

/** Deep equality, whatever the order of the properties. */
export const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);

/** Throws a `CheckFailure` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export class Context {
  /** Shared between checks: what earlier checks created or read. */
  readonly state = new Map<string, unknown>();
  /** Ids of every contact the kit created, deleted at the end. */
  readonly created = new Set<string>();

  constructor(
    readonly http: Http,
    readonly contract: Contract,
    readonly clientId: string,
    /** A random tag in every name and address the kit writes. */
    readonly runId: string,
    /** Whether a cookie authenticates the caller. */
    readonly cookieMode: boolean,
    /** Whether `--token` was given. */
    readonly serviceToken: boolean,
  ) {}

  get contactsPath(): string {
    return `/clients/${encodeURIComponent(this.clientId)}/contacts`;
  }

  contactPath(id: string): string {
    return `${this.contactsPath}/${encodeURIComponent(id)}`;
  }

  accessPath(id: string): string {
    return `${this.contactPath(id)}/access`;
  }

  set<T>(key: string, value: T): T {
    this.state.set(key, value);
    return value;
  }

  /** A value an earlier check stored; fails this check when that check did not get that far. */
  need<T>(key: string): T {
    if (!this.state.has(key)) throw new CheckFailure(`not run: needs ${key}, which an earlier check failed to set up`);
    return this.state.get(key) as T;
  }

  /** A success: the status (one of), then the contract (content type, schema). Returns the body. */
  ok<T>(res: HttpAnswer, operationId: string, status: number | number[]): T {
    const allowed = Array.isArray(status) ? status : [status];
    expect(allowed.includes(res.status), `${res.method} ${res.path}: expected ${allowed.join(' or ')}, got ${res.status} ${brief(res.text)}`);
    const problems = this.contract.problems(operationId, res);
    expect(problems.length === 0, `${res.method} ${res.path}: ${operationId} ${res.status} breaks openapi.yaml: ${problems.join('; ')}`);
    return res.body as T;
  }

  /**
   * A refusal: the status, and RFC 9457 problem details as the contract
   * declares them (`application/problem+json`, the `Problem` schema, `status`
   * matching), with the expected per-field errors.
   */
  refused(res: HttpAnswer, operationId: string, status: number | number[], fields: FieldExpectation[] = []): ProblemBody {
    const allowed = Array.isArray(status) ? status : [status];
    expect(allowed.includes(res.status), `${res.method} ${res.path}: expected ${allowed.join(' or ')}, got ${res.status} ${brief(res.text)}`);
    const problems = this.contract.problems(operationId, res);
    expect(problems.length === 0, `${res.method} ${res.path}: the ${res.status} is not problem details as declared: ${problems.join('; ')}`);
    const problem = res.body as ProblemBody;
    expect(problem.status === res.status, `problem.status is ${problem.status}, the HTTP status ${res.status}`);
    for (const f of fields) {
      const found = (problem.errors ?? []).some((e) => e.field === f.field && e.code === f.code && (f.index === undefined || e.index === f.index));
      expect(
        found,
        `${res.method} ${res.path}: no field error {field: ${f.field}, code: ${f.code}${f.index !== undefined ? `, index: ${f.index}` : ''}} in ${JSON.stringify(problem.errors ?? [])}`,
      );
    }
    return problem;
  }

  /** The `ETag` of an answer; it must be the body's version in quotes, as the contract says. */
  etag(res: HttpAnswer, version: number): string {
    const tag = res.headers.get('etag');
    expect(tag, `${res.method} ${res.path}: no ETag header`);
    expect(tag === `"${version}"`, `${res.method} ${res.path}: ETag ${tag}, expected "${version}" (the version in quotes)`);
    return tag;
  }

  /** Fails when a refused request changed something. */
  unchanged(before: unknown, after: unknown, what: string): void {
    expect(same(before, after), `the refused request changed ${what}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
  }
}

function brief(text: string): string {
  return text ? `(${text.length > 160 ? `${text.slice(0, 160)}…` : text})` : '';
}

/** Runs every check in order (a failure does not stop the run); `onOutcome` sees each result as it comes. */
export async function runChecks(checks: CheckDef[], ctx: Context, onOutcome: (o: Outcome) => void): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const check of checks) {
    const started = performance.now();
    let outcome: Outcome;
    const { id, title } = check;
    if (check.cookie && !ctx.cookieMode) {
      outcome = { id, title, status: 'skipped', message: "needs a cookie-authenticated caller (--header 'Cookie: …')", ms: 0 };
    } else if (check.serviceToken && !ctx.serviceToken) {
      outcome = { id, title, status: 'skipped', message: 'needs the service token (--token)', ms: 0 };
    } else {
      try {
        await check.run(ctx);
        outcome = { id, title, status: 'passed', ms: performance.now() - started };
      } catch (e) {
        const ms = performance.now() - started;
        if (e instanceof CheckSkipped) outcome = { id, title, status: 'skipped', message: e.message, ms };
        else outcome = { id, title, status: 'failed', message: e instanceof CheckFailure ? e.message : `${(e as Error).message ?? e}`, ms };
      }
    }
    outcomes.push(outcome);
    onOutcome(outcome);
  }
  return outcomes;
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML, one `<testcase>` per check, for the host's CI. */
export function junit(outcomes: Outcome[], suite = 'client-access-conformance'): string {
  const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = outcomes.reduce((a, o) => a + o.ms, 0);
  const cases = outcomes.map((o) => {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(`${o.id}: ${o.title}`)}" time="${seconds(o.ms)}"`;
    if (o.status === 'passed') return `${open}/>`;
    const inner = o.status === 'failed' ? `<failure message="${xml(o.message ?? '')}"/>` : `<skipped message="${xml(o.message ?? '')}"/>`;
    return `${open}>${inner}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${outcomes.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(suite)}" tests="${outcomes.length}" failures="${count('failed')}" errors="0" skipped="${count('skipped')}" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
