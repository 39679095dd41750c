/**
 * `npx client-access-conformance --base-url <API URL> --token <bearer> --client-id <id>`
 *
 * Plays the contract (`openapi.yaml`) over HTTP against a running backend and
 * prints one line per check, then `N passed, M failed`; exits 1 on any
 * failure, 2 on a usage error. See README, "Bring your own backend".
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHECKS } from './checks.js';
import { Contract } from './contract.js';
import { Http } from './http.js';
import { Context, junit, runChecks, type Outcome } from './kit.js';

const USAGE = `Usage: client-access-conformance --base-url URL --client-id ID [--token TOKEN] [--header 'Name: value']... [--junit FILE]

Plays the client access elements' backend contract (openapi.yaml) against a
running backend. It creates its own contacts under the client (names with
"Conformité <run id>", addresses at example.com), sends them invitations, and
deletes them at the end.

  --base-url URL    the API's base URL, e.g. https://erp.example.com/api/v1
  --client-id ID    a client the credentials may write
  --token TOKEN     the service token, sent as Authorization: Bearer TOKEN
  --header 'N: v'   a header for every authenticated call (repeatable), e.g. a
                    session cookie: with 'Cookie: …' the cross-site checks for
                    cookie callers run too
  --junit FILE      also write the results as JUnit XML
  --help`;

function usage(message?: string): never {
  if (message) console.error(`client-access-conformance: ${message}\n`);
  console.error(USAGE);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'base-url': { type: 'string' },
        'client-id': { type: 'string' },
        token: { type: 'string' },
        header: { type: 'string', multiple: true },
        junit: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    usage((e as Error).message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const baseUrl = parsed['base-url']?.replace(/\/+$/, '');
  const clientId = parsed['client-id'];
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) usage('--base-url http(s)://… is required');
  if (!clientId) usage('--client-id is required');
  const headers: Record<string, string> = {};
  for (const h of parsed.header ?? []) {
    const colon = h.indexOf(':');
    if (colon < 1) usage(`--header "${h}" is not "Name: value"`);
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  if (!parsed.token && Object.keys(headers).length === 0) usage('give --token or --header with the credentials');
  return { baseUrl, clientId, token: parsed.token, headers, junit: parsed.junit };
}

const LABEL: Record<Outcome['status'], string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' };

async function main(): Promise<void> {
  const opts = options();
  const ctx = new Context(
    new Http(opts.baseUrl, { token: opts.token, headers: opts.headers }),
    new Contract(),
    opts.clientId,
    `ck${randomBytes(4).toString('hex')}`,
    'cookie' in opts.headers,
    opts.token !== undefined,
  );
  console.log(`client-access-conformance: ${opts.baseUrl}, client ${opts.clientId}, run ${ctx.runId}`);
  const outcomes = await runChecks(CHECKS, ctx, (o) => {
    console.log(`${LABEL[o.status]} ${o.id}: ${o.title}${o.message ? ` — ${o.message}` : ''}`);
  });
  const passed = outcomes.filter((o) => o.status === 'passed').length;
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const skipped = outcomes.length - passed - failed;
  if (opts.junit) writeFileSync(opts.junit, junit(outcomes));
  if (skipped) console.log(`(${skipped} skipped)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
