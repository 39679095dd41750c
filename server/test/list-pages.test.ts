// The pages of a big client's list at any offset, in every order, come from
// the database alone (no in-process cache whose truth depends on being the
// only instance), and any write is seen at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCESS_STATUSES, type Contact, type ContactPage } from '../../src/api/types.js';
import { statesOf } from '../repositories/access.js';
import { termCountsInsert } from '../repositories/search-terms.js';
import { emailKey, nameKey } from '../text.js';
import { countRows, startServer, type TestServer } from './harness.js';

const BIG = '8009999';

const fold = nameKey;

describe('a big client\'s pages', () => {
  let server: TestServer;
  before(async () => {
    // Buckets of 64: the 2,500 contacts make 39 of them, and the writes below split and shift them.
    // A search of more than 20 matches reads its page in name order from the index (fewer are sorted).
    server = await startServer({ bigClientContacts: 2_500, listBucketSize: 64, searchSortLimit: 20 });
  });
  after(() => server.close());

  const page = async (query: string) => {
    const r = await server.request<ContactPage>('GET', `/api/v1/clients/${BIG}/contacts?${query}`);
    assert.equal(r.status, 200);
    return r.body;
  };

  /** The whole list in name order. */
  async function everyone(): Promise<Contact[]> {
    const items: Contact[] = [];
    for (let offset = 0; ; offset += 500) {
      const p = await page(`offset=${offset}&limit=500`);
      items.push(...p.items);
      if (p.items.length < 500) return items;
    }
  }

  /** The contacts of `list` that `q` matches by the rule (a word of the name, or the address, starts with it), in its order. */
  const matching = (list: Contact[]) => (q: string) => {
    const name = nameKey(q);
    const email = emailKey(q);
    return list.filter((c) => (name !== '' && ` ${fold(c.name)}`.includes(` ${name}`)) || emailKey(c.email).startsWith(email));
  };

  /** `list` in the order `sort` of a search (name or e-mail, either way), ties by id. */
  const inOrder = (list: Contact[], sort: 'name' | '-name' | 'email' | '-email') => {
    const key = (c: Contact) => `${sort.endsWith('name') ? fold(c.name) : emailKey(c.email)}\u0000${c.id.padStart(10, '0')}`;
    const sorted = [...list].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    return sort.startsWith('-') ? sorted.reverse() : sorted;
  };

  /** Runs `work` counting the statements run outside a transaction (every one of a page's); answers their texts. */
  async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
    const executor = server.app.ctx.store.db.getExecutor();
    const executeQuery = executor.executeQuery;
    const texts: string[] = [];
    executor.executeQuery = function (this: typeof executor, ...args: Parameters<typeof executeQuery>) {
      texts.push(args[0].sql);
      return executeQuery.apply(this, args);
    } as typeof executeQuery;
    try {
      await work();
      return texts;
    } finally {
      executor.executeQuery = executeQuery;
    }
  }

  /** Walks the whole list in every order: sorted, every offset's page is the slice at that offset, `around` centres. */
  async function checkEveryPage(expectedTotal: number): Promise<void> {
    const all = async (sort: string) => {
      const items: Contact[] = [];
      for (let offset = 0; ; offset += 500) {
        const p = await page(`sort=${sort}&offset=${offset}&limit=500`);
        assert.equal(p.total, expectedTotal);
        items.push(...p.items);
        if (p.items.length < 500) return items;
      }
    };
    for (const sort of ['name', '-name', 'email', '-email'] as const) {
      const whole = await all(sort);
      assert.equal(whole.length, expectedTotal);
      const key = (c: Contact) => `${sort.endsWith('name') ? fold(c.name) : c.email}\u0000${c.id.padStart(10, '0')}`;
      const expected = [...whole].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
      if (sort.startsWith('-')) expected.reverse();
      assert.deepEqual(whole.map((c) => c.id), expected.map((c) => c.id), `${sort}: sorted`);
      for (const offset of [0, 49, 63, 64, 65, 1_250, expectedTotal - 50, expectedTotal - 1, expectedTotal, 9_000]) {
        const p = await page(`sort=${sort}&offset=${offset}&limit=50`);
        assert.deepEqual(p.items.map((c) => c.id), whole.slice(offset, offset + 50).map((c) => c.id), `${sort} at ${offset}`);
      }
      for (const index of [0, 700, expectedTotal - 1]) {
        const p = await page(`sort=${sort}&around=${whole[index]!.id}&limit=50`);
        assert.equal(p.offset, Math.max(0, index - 25), `${sort} around #${index}`);
        assert.deepEqual(p.items.map((c) => c.id), whole.slice(p.offset, p.offset + 50).map((c) => c.id));
      }
    }
  }

  it('gives every page at any offset, in every order, from the database alone (its buckets)', async () => {
    assert.ok((await countRows(server.db, 'contact_buckets', "client_code = ? AND sort = 'name'", BIG)) >= 39, 'the list is bucketed');
    await checkEveryPage(2_500);
  });

  it('reads a page at any offset in one statement and a search in two, the client checked and the last live event read with them', async () => {
    // Every statement but a transaction's goes through the pool's executor; a page reads no transaction.
    const counted = async (query: string) => (await statementsOf(() => page(query))).length;
    for (const query of ['offset=0', 'offset=1250', 'sort=-name&offset=777', 'sort=email&offset=2499', 'sort=-email&offset=9000']) {
      assert.equal(await counted(`${query}&limit=50`), 1, query);
    }
    for (const q of ['tre', 'emilie.t', 'a']) assert.equal(await counted(`q=${q}&limit=50`), 2, q);
  });

  it('answers 404 "no such client" for the list of a client that does not exist, on every way of reading a page', async () => {
    for (const query of ['', 'sort=-email&offset=50', 'q=tre', 'q=b&limit=5', 'q=zzzz', 'q=m&sort=email', 'accessStatus=none', 'accessStatus=active', 'q=tre&accessStatus=active', 'sort=accessStatus', 'around=1', 'q=tre&around=1']) {
      const r = await server.request<{ detail: string }>('GET', `/api/v1/clients/8009998/contacts?${query}`);
      assert.equal(r.status, 404, query);
      assert.equal(r.body.detail, 'There is no client "8009998".', query);
    }
  });

  it('reads a search with many matches from its head\'s rows in order, or from the start of the list when they come soon enough, else sorts them: the same pages, in name and in e-mail order', async () => {
    const matches = matching(await everyone());
    const ways = new Set<string>();
    for (const q of [...'abcdefghijklmnopqrstuvwxyzé', 'ma', 'la', 'be', 'jo', 'b.', '.b', 'tre', 'mar', 'emilie.t']) {
      const expected = matches(q);
      for (const sort of ['name', '-name', 'email', '-email'] as const) {
        const ordered = inOrder(expected, sort);
        for (const [offset, limit] of [[0, 1], [0, 5], [3, 5], [40, 5]] as const) {
          let p: ContactPage | undefined;
          const texts = await statementsOf(async () => (p = await page(`q=${encodeURIComponent(q)}&sort=${sort}&offset=${offset}&limit=${limit}`)));
          assert.equal(p!.total, expected.length, `${q} ${sort}: total`);
          assert.deepEqual(p!.items.map((c) => c.id), ordered.slice(offset, offset + limit).map((c) => c.id), `${q} ${sort} at ${offset}`);
          const walked = texts.some((t) => /\b(instr|strpos)\(/.test(t));
          const merged = texts.some((t) => /"head" = /.test(t));
          ways.add(`${sort.replace('-', '')}: ${merged ? 'from the head' : !walked ? 'sorted' : texts.length === 2 ? 'walked' : 'walked, then sorted'}`);
        }
      }
    }
    assert.deepEqual(
      [...ways].sort(),
      ['email: from the head', 'email: sorted', 'email: walked', 'email: walked, then sorted', 'name: from the head', 'name: sorted', 'name: walked', 'name: walked, then sorted'],
      'every way was taken',
    );
  });

  it('centres a search\'s page on a contact (`around`) in name and e-mail order, counted from the search index', async () => {
    const all = await everyone();
    const matches = matching(all);
    for (const q of ['a', 'ma', 'tre', 'b.']) {
      for (const sort of ['name', '-name', 'email', '-email'] as const) {
        const ordered = inOrder(matches(q), sort);
        assert.ok(ordered.length > 10, `${q}: ${ordered.length} matches`);
        for (const i of new Set([0, 7, Math.floor(ordered.length / 2), ordered.length - 1])) {
          let p: ContactPage | undefined;
          const query = `q=${encodeURIComponent(q)}&sort=${sort}&around=${ordered[i]!.id}&limit=10`;
          const texts = await statementsOf(async () => (p = await page(query)));
          const offset = Math.max(0, i - 5);
          assert.equal(p!.offset, offset, query);
          assert.equal(p!.total, ordered.length, query);
          assert.deepEqual(p!.items.map((c) => c.id), ordered.slice(offset, offset + 10).map((c) => c.id), query);
          assert.ok(!texts.some((t) => /"c"\."id" in \(select/i.test(t)), `${query}: not every match selected`);
        }
        const found = new Set(ordered);
        const other = all.find((c) => !found.has(c));
        if (!other) continue; // ("a" matches everyone)
        const r = await server.request('GET', `/api/v1/clients/${BIG}/contacts?q=${encodeURIComponent(q)}&sort=${sort}&around=${other.id}`);
        assert.equal(r.status, 404, `${q} ${sort}: around a contact that does not match`);
      }
    }
  });

  it('keeps every page exact while contacts are added into one bucket until it splits, renamed and deleted', async () => {
    const buckets = await countRows(server.db, 'contact_buckets', 'client_code = ?', BIG);
    const ids: string[] = [];
    for (let i = 0; i < 140; i++) {
      const r = await server.request<Contact>('POST', `/api/v1/clients/${BIG}/contacts`, {
        json: { name: `Ab Split ${String(i).padStart(3, '0')}`, email: `zz.split.${i}@example.com` },
      });
      assert.equal(r.status, 201);
      ids.push(r.body.id);
    }
    assert.ok((await countRows(server.db, 'contact_buckets', 'client_code = ?', BIG)) > buckets, 'a bucket split');
    for (const id of ids.slice(0, 20)) {
      const current = await server.request<Contact>('GET', `/api/v1/clients/${BIG}/contacts/${id}`);
      const r = await server.request('PUT', `/api/v1/clients/${BIG}/contacts/${id}`, {
        json: { name: `Zz Moved ${id}`, email: `aa.moved.${id}@example.com` },
        headers: { 'if-match': `"${current.body.version}"` },
      });
      assert.equal(r.status, 200);
    }
    for (const id of ids.slice(20, 40)) {
      const current = await server.request<Contact>('GET', `/api/v1/clients/${BIG}/contacts/${id}`);
      assert.equal((await server.request('DELETE', `/api/v1/clients/${BIG}/contacts/${id}`, { headers: { 'if-match': `"${current.body.version}"` } })).status, 204);
    }
    await checkEveryPage(2_500 + 140 - 20);
  });

  it('finds by search what the rule says, each contact once, in name or e-mail order, counted exactly, by every way of paging', async () => {
    // Contacts that match one query several ways (words alike, the name and the address).
    for (const [name, email] of [
      ['Anne Annie Annabelle', 'anne.annie@example.com'],
      ['Annick Anne', 'annick-anne@example.com'],
      ['Bo Bob Bobby', 'bob@bob.example'],
      ['Mathieu Math', ''],
    ]) {
      assert.equal((await server.request('POST', `/api/v1/clients/${BIG}/contacts`, { json: { name, email } })).status, 201);
    }
    const matches = matching(await everyone());
    const queries = ['a', 'an', 'ann', 'anne', 'anne.', 'anne.a', 'anne.annie@', 'anne.annie@e', 'annick-', 'bo', 'bob', 'bob@', 'mat', 'Mathieu', 'math ', 'jean f', 'Émi', 'emilie.t', 'tre', 'z', 'zz', '.', 'nobody'];
    for (const q of queries) {
      const expected = matches(q);
      for (const sort of ['name', '-name', 'email', '-email'] as const) {
        const ordered = inOrder(expected, sort);
        for (const offset of [0, 7, 45]) {
          const p = await page(`q=${encodeURIComponent(q)}&sort=${sort}&offset=${offset}&limit=30`);
          assert.equal(p.total, expected.length, `${q} ${sort}: total`);
          assert.deepEqual(p.items.map((c) => c.id), ordered.slice(offset, offset + 30).map((c) => c.id), `${q} ${sort} at ${offset}`);
        }
      }
    }
    assert.ok(matches('ann').length > 20 && matches('mat').length > 20, 'some searches take the in-order way');
  });

  it('keeps the counts of short searches as a rebuild from the search index would make them, after creations, renamings and deletions', async () => {
    const read = async () =>
      (
        await server.db.all<{ kind: string; prefix: string; n: number }>(
          'SELECT kind, prefix, n FROM contact_term_counts WHERE client_code = ? AND n <> 0 ORDER BY kind, prefix',
          BIG,
        )
      ).map((r) => `${r.kind} ${r.prefix} ${r.n}`);
    const kept = await read();
    assert.ok(kept.length > 100, `only ${kept.length} counts`);
    await server.db.all('DELETE FROM contact_term_counts WHERE client_code = ?', BIG);
    await server.db.all(termCountsInsert(' AND client_code = ?'), BIG);
    assert.deepEqual(kept, await read());
  });

  it('says on every way of reading a page where the live events stood (liveEventId), a change later', async () => {
    const queries = ['offset=1250', 'sort=-email&offset=9000', 'q=tre', 'q=zzzzzz', 'accessStatus=none&limit=5', 'sort=accessStatus&limit=5'];
    const stamps = async () => Promise.all(queries.map(async (q) => (await page(q)).liveEventId));
    const last = async () => String(await server.app.ctx.events.lastSeq(BIG));
    const before = await last();
    assert.deepEqual(await stamps(), queries.map(() => before));
    const created = await server.request<Contact>('POST', `/api/v1/clients/${BIG}/contacts`, {
      json: { name: 'Tremblay Horodatée' },
      headers: { 'idempotency-key': 'live-event-id-1', 'x-requested-with': 'test' },
    });
    assert.equal(created.status, 201);
    const now = await last();
    assert.equal(Number(now), Number(before) + 1);
    assert.deepEqual(await stamps(), queries.map(() => now));
    const deleted = await server.request('DELETE', `/api/v1/clients/${BIG}/contacts/${created.body.id}`, {
      headers: { 'if-match': `"${created.body.version}"`, 'x-requested-with': 'test' },
    });
    assert.equal(deleted.status, 204);
  });

  it('reads the accesses in a status from the states the rule lets them have', () => {
    assert.deepEqual(Object.fromEntries(ACCESS_STATUSES.map((s) => [s, statesOf(s)])), {
      none: ['granted'],
      invited: ['granted'],
      active: ['active'],
      expired: ['granted'],
      ended: ['granted', 'active'],
      revoked: ['revoked'],
    });
  });

  it('lists the contacts without access, and every contact in status order, at any offset: the pages the rule gives', async () => {
    const byName = await everyone();
    // Every seventh contact has an access, and all of 1,000 to 1,199 (a run the steps must cross), in every status in turn.
    const now = Date.now();
    const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
    const states: Record<string, [string, string | null, string | null, string | null]> = {
      // state, last invitation sent, its link's end, the access's end
      none: ['granted', null, null, null],
      invited: ['granted', at(-1), at(5), null],
      active: ['active', at(-3), at(-2), null],
      expired: ['granted', at(-9), at(-2), null],
      ended: ['active', at(-9), at(-8), at(-1)],
      revoked: ['revoked', at(-9), at(-8), null],
      // never sent: none until its end, then ended (time, not a write, changes it)
      'none, ending': ['granted', null, null, at(30)],
      'ended, never sent': ['granted', null, null, at(-1)],
    };
    const kinds = Object.keys(states);
    // (besides the accesses the seed gave)
    const had = new Set((await server.db.all<{ id: number }>('SELECT contact_id AS id FROM accesses')).map((r) => String(r.id)));
    const given = byName.filter((c, i) => (i % 7 === 3 || (i >= 1_000 && i < 1_200)) && !had.has(c.id));
    for (const [i, c] of given.entries()) {
      const [state, sent, linkEnd, end] = states[kinds[i % kinds.length]!]!;
      await server.db.all(
        `INSERT INTO accesses (contact_id, client_code, user_code, email, allowed_ips, branch_id, state, invited_at, invitation_expires_at,
           last_invitation_sent_at, activated_at, revoked_at, access_expires_at, version, created_at, updated_at, name_key, email_key)
         SELECT id, ?, ?, 'x@example.com', '[]', NULL, ?, ?, ?, ?, NULL, NULL, ?, 1, ?, ?, name_key, email_key FROM contacts WHERE id = ?`,
        BIG, `tst-${c.id}`, state, sent, linkEnd, sent, end, at(-10), at(-10), Number(c.id),
      );
    }
    try {
      const whole = async (sort: string) => {
        const items: Contact[] = [];
        for (let offset = 0; ; offset += 500) {
          const p = await page(`sort=${sort}&offset=${offset}&limit=500`);
          items.push(...p.items);
          if (p.items.length < 500) return items;
        }
      };
      const check = async (query: string, expected: Contact[], offsets: number[]) => {
        for (const offset of offsets) {
          let p: ContactPage | undefined;
          const texts = await statementsOf(async () => (p = await page(`${query}&offset=${offset}&limit=50`)));
          assert.equal(p!.total, expected.length, `${query}: total`);
          assert.deepEqual(p!.items.map((c) => `${c.id} ${c.accessStatus}`), expected.slice(offset, offset + 50).map((c) => `${c.id} ${c.accessStatus}`), `${query} at ${offset}`);
          // (a search reads its accesses from the search index's rows of the contacts that have one; a status that needs
          // an access, the client's accesses)
          const accesses = query.includes('q=')
            ? 'with_access = 1'
            : /accessStatus=(?!none)/.test(query)
              ? '"a"."client_code" = ? and "a"."state" in ('
              : 'FROM client_access_counts WHERE client_code';
          assert.ok(texts.some((t) => t.replace(/\$\d+/g, '?').includes(accesses)), `${query} at ${offset}: from the buckets and the accesses`);
        }
      };
      const ordered = await whole('name');
      const statuses = new Set(ordered.map((c) => c.accessStatus));
      assert.deepEqual([...statuses].sort(), ['active', 'ended', 'expired', 'invited', 'none', 'revoked']);
      for (const sort of ['name', '-name', 'email', '-email']) {
        const none = (await whole(sort)).filter((c) => c.accessStatus === 'none');
        await check(`accessStatus=none&sort=${sort}`, none, [0, 1, 49, 63, 64, 500, 850, 990, 1_010, 1_100, none.length - 50, none.length - 1, none.length, none.length + 7]);
      }
      const rank = (c: Contact) => ['none', 'invited', 'active', 'expired', 'ended', 'revoked'].indexOf(c.accessStatus);
      const up = [...ordered].sort((a, b) => rank(a) - rank(b));
      const none = up.filter((c) => c.accessStatus === 'none').length;
      await check('sort=accessStatus', up, [0, 850, 1_000, none - 60, none - 20, none - 1, none, none + 13, up.length - 30, up.length]);
      const down = [...ordered].sort((a, b) => rank(b) - rank(a));
      const others = down.length - none;
      await check('sort=-accessStatus', down, [0, 20, others - 49, others - 1, others, others + 1, 1_000, down.length - 50, down.length + 1]);
      await check('accessStatus=none&sort=-accessStatus', up.slice(0, none), [0, 990, none - 10]);
      // A search with a status filter that needs an access: from the client's accesses, in each order.
      const lists = Object.fromEntries(await Promise.all(['name', '-name', 'email', '-email'].map(async (sort) => [sort, await whole(sort)] as const)));
      for (const q of ['a', 'ma', 'tre', 'b.', 'emilie.t', 'zzzz']) {
        for (const status of ['invited', 'active', 'expired', 'ended', 'revoked']) {
          for (const sort of ['name', '-name', 'email', '-email', 'accessStatus']) {
            const expected = matching(lists[sort === 'accessStatus' ? 'name' : sort]!)(q).filter((c) => c.accessStatus === status);
            await check(`q=${encodeURIComponent(q)}&accessStatus=${status}&sort=${sort}`, expected, [0, 3]);
          }
        }
      }
      assert.ok(matching(ordered)('a').filter((c) => c.accessStatus === 'active').length > 50, 'a search in a status fills a page');
      // A status filter that needs an access, no search: from the client's accesses, in each order.
      for (const status of ['invited', 'active', 'expired', 'ended', 'revoked']) {
        for (const sort of ['name', '-name', 'email', '-email', 'accessStatus', '-accessStatus']) {
          const expected = lists[sort.endsWith('accessStatus') ? 'name' : sort]!.filter((c) => c.accessStatus === status);
          assert.ok(expected.length > 50, `${status}: more than a page`);
          await check(`accessStatus=${status}&sort=${sort}`, expected, [0, 3, expected.length - 10, expected.length, expected.length + 5]);
        }
      }
      // A search without access (`none`), or in status order: its matches less those in another status, in each order.
      for (const q of ['a', 'ma', 'tre', 'b.', 'emilie.t', 'zzzz']) {
        for (const sort of ['name', '-name', 'email', '-email', 'accessStatus', '-accessStatus']) {
          const none = matching(lists[sort.endsWith('accessStatus') ? 'name' : sort]!)(q).filter((c) => c.accessStatus === 'none');
          await check(`q=${encodeURIComponent(q)}&accessStatus=none&sort=${sort}`, none, [0, 3, 60, Math.max(0, none.length - 10), none.length]);
        }
        for (const [sort, list] of [['accessStatus', up], ['-accessStatus', down]] as const) {
          const expected = matching(list)(q);
          const n = expected.filter((c) => c.accessStatus === 'none').length;
          const boundary = sort === 'accessStatus' ? n : expected.length - n;
          await check(`q=${encodeURIComponent(q)}&sort=${sort}`, expected, [...new Set([0, 3, Math.max(0, boundary - 20), boundary, Math.max(0, expected.length - 10), expected.length])]);
        }
      }
      // A page centred on a contact (`around`, after a creation), with or without a search: the same ways.
      const checkAround = async (query: string, expected: Contact[]) => {
        for (const i of new Set([0, 9, Math.floor(expected.length / 2), expected.length - 1])) {
          let p: ContactPage | undefined;
          const texts = await statementsOf(async () => (p = await page(`${query}&around=${expected[i]!.id}&limit=10`)));
          const at = `${query} around #${i}`;
          assert.equal(p!.offset, Math.max(0, i - 5), at);
          assert.equal(p!.total, expected.length, at);
          assert.deepEqual(p!.items.map((c) => c.id), expected.slice(p!.offset, p!.offset + 10).map((c) => c.id), at);
          const accesses = query.startsWith('q=&') ? 'FROM client_access_counts WHERE client_code' : 'with_access = 1';
          assert.ok(texts.some((t) => t.includes(accesses)), `${at}: from the buckets and the accesses`);
        }
      };
      for (const q of ['', 'ma', 'b.']) {
        const matches = (list: Contact[]) => (q === '' ? list : matching(list)(q));
        for (const sort of ['name', '-name', 'email', '-email']) {
          const none = matches(lists[sort]!).filter((c) => c.accessStatus === 'none');
          await checkAround(`q=${q}&accessStatus=none&sort=${sort}`, none);
          const other = matches(lists[sort]!).find((c) => c.accessStatus === 'active')!;
          assert.equal((await server.request('GET', `/api/v1/clients/${BIG}/contacts?q=${q}&accessStatus=none&sort=${sort}&around=${other.id}`)).status, 404);
        }
        await checkAround(`q=${q}&sort=accessStatus`, matches(up));
        await checkAround(`q=${q}&sort=-accessStatus`, matches(down));
        for (const status of ['invited', 'revoked']) {
          const list = matches(up);
          const at = list.findIndex((c) => c.accessStatus === status);
          const p = await page(`q=${q}&sort=accessStatus&around=${list[at]!.id}&limit=10`);
          assert.deepEqual(p.items.map((c) => c.id), list.slice(p.offset, p.offset + 10).map((c) => c.id), `${q} around a contact ${status}`);
          assert.equal(p.offset, at - 5);
        }
      }
      // A contact with an access renamed from the middle of the list to its start: its access follows it.
      const moved = ordered.find((c, i) => i > 1_500 && c.accessStatus === 'active')!;
      const renamed = await server.request<Contact>('PUT', `/api/v1/clients/${BIG}/contacts/${moved.id}`, {
        json: { name: 'Aaaa Renommée', email: moved.email },
        headers: { 'if-match': `"${moved.version}"`, 'x-requested-with': 'test' },
      });
      assert.equal(renamed.status, 200);
      // Found by its new name in its status (its search rows, written again, say it has an access).
      for (const q of ['aaaa', 'renommee']) {
        const found = await page(`q=${q}&accessStatus=active`);
        assert.deepEqual(found.items.map((c) => c.id), [moved.id], `${q}: the renamed contact in its status`);
      }
      // Its access revoked, then another's ended and a third's gone: a search's status says so at once (the search rows
      // carry what the status needs, written by the access's own write: migration 21).
      const revoked = await server.request('DELETE', `/api/v1/clients/${BIG}/contacts/${moved.id}/access`, { headers: { 'x-requested-with': 'test' } });
      assert.equal(revoked.status, 200);
      const found = async (q: string, status: string) => (await page(`q=${encodeURIComponent(q)}&accessStatus=${status}&limit=500`)).items.map((c) => c.id);
      assert.deepEqual(await found('renommee', 'revoked'), [moved.id]);
      assert.deepEqual(await found('renommee', 'active'), []);
      const [ending, going] = ordered.filter((c) => c.accessStatus === 'invited' && c.id !== moved.id);
      await server.db.all('UPDATE accesses SET access_expires_at = ? WHERE contact_id = ?', at(-1), Number(ending!.id));
      await server.db.all('DELETE FROM accesses WHERE contact_id = ?', Number(going!.id));
      for (const [c, status, not] of [[ending!, 'ended', 'invited'], [going!, 'none', 'invited']] as const) {
        const q = emailKey(c.email);
        assert.ok((await found(q, status)).includes(c.id), `${c.name}: ${status}`);
        assert.ok(!(await found(q, not)).includes(c.id), `${c.name}: no longer ${not}`);
        assert.ok((await page(`q=${encodeURIComponent(q)}&sort=accessStatus&limit=500`)).items.some((i) => i.id === c.id && i.accessStatus === status), `${c.name}: ${status} in status order`);
      }
      // (how many accesses the client has, kept by their writes: migration 22)
      const kept = async () => Number((await server.db.get<{ n: number }>('SELECT accesses AS n FROM client_access_counts WHERE client_code = ?', BIG))!.n);
      assert.equal(await kept(), await countRows(server.db, 'accesses', 'client_code = ?', BIG));
      const after = await whole('name');
      await check('accessStatus=none', after.filter((c) => c.accessStatus === 'none'), [0, 300, 900, 1_400]);
      await check('sort=-accessStatus', [...after].sort((a, b) => rank(b) - rank(a)), [0, 40, others - 10, others + 700]);
    } finally {
      await server.db.all("DELETE FROM accesses WHERE user_code LIKE 'tst-%'");
    }
    const left = await countRows(server.db, 'accesses', 'client_code = ?', BIG);
    assert.equal(Number((await server.db.get<{ n: number }>('SELECT accesses AS n FROM client_access_counts WHERE client_code = ?', BIG))!.n), left, 'the count kept');
  });

  it('shows a created, renamed or deleted contact in the next page', async () => {
    const first = await page('limit=5&offset=0');
    const created = await server.request<Contact>('POST', `/api/v1/clients/${BIG}/contacts`, {
      json: { name: 'Aaaa Premier' },
      headers: { 'idempotency-key': 'order-cache-create-1', 'x-requested-with': 'test' },
    });
    assert.equal(created.status, 201);
    const afterCreate = await page('limit=5&offset=0');
    assert.equal(afterCreate.total, first.total + 1);
    assert.equal(afterCreate.items[0]!.id, created.body.id);

    const renamed = await server.request<Contact>('PUT', `/api/v1/clients/${BIG}/contacts/${created.body.id}`, {
      json: { name: 'Zzzz Dernier' },
      headers: { 'if-match': `"${created.body.version}"`, 'x-requested-with': 'test' },
    });
    assert.equal(renamed.status, 200);
    const last = await page(`limit=5&offset=${afterCreate.total - 1}`);
    assert.equal(last.items[0]!.name, 'Zzzz Dernier');
    assert.deepEqual((await page('limit=5&offset=0')).items, first.items);

    const deleted = await server.request('DELETE', `/api/v1/clients/${BIG}/contacts/${created.body.id}`, {
      headers: { 'if-match': `"${renamed.body.version}"`, 'x-requested-with': 'test' },
    });
    assert.equal(deleted.status, 204);
    assert.equal((await page('limit=5&offset=0')).total, first.total);
  });
});
