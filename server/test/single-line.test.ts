/**
 * Single-line fields (issue 10, items 5 and 7): lengths are counted in
 * characters, as JSON Schema's `maxLength` does, and control characters are
 * refused, so a portal contact cannot write lines into the next invitation
 * e-mail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contact, Problem } from '../../src/api/types.js';
import { signedInContact } from './agents.js';
import { MIREILLE, REFERENCE_CLIENT, type TestServer, snapshot, startServer } from './harness.js';

const contacts = `/api/v1/clients/${REFERENCE_CLIENT}/contacts`;
const EMOJI = '😀';
const INJECTED = 'Victor\r\nBcc: everyone@attacker.example\r\n\r\nLocked! Sign in at http://attacker.example/';

describe('single-line fields', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('counts characters, not UTF-16 units: 61 emoji fit in a 120-character name, 121 do not', async () => {
    const name = EMOJI.repeat(61);
    assert.equal(name.length, 122);
    const created = await server.request<Contact>('POST', contacts, { json: { name, title: EMOJI.repeat(120) } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.name, name);

    const before = await snapshot(server.db);
    const tooLong = await server.request<Problem>('POST', contacts, { json: { name: EMOJI.repeat(121) } });
    assert.equal(tooLong.status, 422);
    assert.deepEqual(
      tooLong.body.errors?.map((e) => [e.field, e.code]),
      [['name', 'too-long']],
    );
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('refuses a name carrying CR/LF from a portal contact, and changes nothing', async () => {
    const victim = await server.request<Contact>('POST', contacts, { json: { name: 'Victor Hugo', email: 'victor@example.com' } });
    const { agent } = await signedInContact(server, REFERENCE_CLIENT);
    const before = await snapshot(server.db);
    const res = await agent.request<Problem>('PUT', `${contacts}/${victim.body.id}`, {
      json: { ...MIREILLE, name: INJECTED, email: 'victor@example.com' },
      headers: { 'if-match': `"${victim.body.version}"` },
    });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(
      res.body.errors?.map((e) => [e.field, e.code]),
      [['name', 'control-characters']],
    );
    assert.deepEqual(await snapshot(server.db), before);
  });

  it('refuses every control character in every single-line field, even at an end that trimming would drop', async () => {
    const controls = ['\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'];
    const created = await server.request<Contact>('POST', contacts, { json: { name: 'Cible Contrôle', email: 'cible@example.com' } });
    const path = `${contacts}/${created.body.id}`;
    const before = await snapshot(server.db);
    for (const c of controls) {
      const label = JSON.stringify(c);
      for (const field of ['name', 'title', 'department', 'email', 'phone', 'mobile', 'fax', 'location'] as const) {
        const json = { name: 'Cible Contrôle', [field]: field === 'email' ? `cible@example.com${c}` : `Texte${c}` };
        const res = await server.request<Problem>('POST', contacts, { json });
        assert.equal(res.status, 422, `${field} ${label}`);
        assert.deepEqual(res.body.errors?.map((e) => e.code), ['control-characters'], `${field} ${label}`);
      }
      const patch = await server.request<Problem>('PATCH', `/api/v1/clients/${REFERENCE_CLIENT}`, { json: { phone: `514${c}` } });
      assert.deepEqual(patch.body.errors?.map((e) => [e.field, e.code]), [['phone', 'control-characters']], label);
      const access = await server.request<Problem>('PUT', `${path}/access`, {
        json: { userCode: `cible${c}`, email: `${c}cible@example.com` },
      });
      assert.deepEqual(
        access.body.errors?.map((e) => [e.field, e.code]),
        [
          ['userCode', 'control-characters'],
          ['email', 'control-characters'],
        ],
        label,
      );
    }
    assert.deepEqual(await snapshot(server.db), before);
  });
});
