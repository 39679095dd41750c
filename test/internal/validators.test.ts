import { expect } from '@open-wc/testing';
import { ACCESS_FIELDS, ALLOWED_IPS, CONTACT_FIELDS } from '../../src/internal/field-rules.js';
import { dayOf, endOfDay } from '../../src/internal/dates.js';
import {
  charCount,
  checkAccessEnd,
  checkField,
  checkIpList,
  checkEmail,
  checkLength,
  checkRequired,
  checkRequiredEmail,
  checkUserCode,
  firstInvalidIp,
  ipInRange,
  isIpOrCidr,
  parseIPv6,
  parseIpRange,
  splitIpList,
} from '../../src/internal/validators.js';

describe('validators', () => {
  describe('text', () => {
    it('requires something other than white space', () => {
      expect(checkRequired('', 120)).to.equal('required');
      expect(checkRequired('   ', 120)).to.equal('required');
      expect(checkRequired(undefined, 120)).to.equal('required');
      expect(checkRequired(' Mireille Couture ', 120)).to.equal(null);
    });
    it('bounds the trimmed length', () => {
      expect(checkRequired('x'.repeat(121), 120)).to.equal('too-long');
      expect(checkRequired(` ${'x'.repeat(120)} `, 120)).to.equal(null);
      expect(checkLength('x'.repeat(41), 40)).to.equal('too-long');
      expect(checkLength('', 40)).to.equal(null);
    });
    it('counts characters as JSON Schema does, not UTF-16 units', () => {
      expect(charCount('😀'.repeat(61))).to.equal(61);
      expect(checkRequired('😀'.repeat(61), 120)).to.equal(null);
      expect(checkRequired('😀'.repeat(121), 120)).to.equal('too-long');
      expect(checkLength('é'.repeat(40), 40)).to.equal(null);
    });
    it('refuses control characters in single-line text, even at an end', () => {
      for (const c of ['\r\n', '\n', '\t', '\u0000', '\u007f', '\u0085', '\u2028']) {
        expect(checkRequired(`Victor${c}Bcc: x@attacker.example`, 120), JSON.stringify(c)).to.equal('control-characters');
        expect(checkLength(`Victor${c}`, 120), JSON.stringify(c)).to.equal('control-characters');
        expect(checkEmail(`a@b.com${c}`), JSON.stringify(c)).to.equal('control-characters');
        expect(checkUserCode(`${c}8005551216`), JSON.stringify(c)).to.equal('control-characters');
      }
      expect(checkRequired('Hervé David — Montréal', 120)).to.equal(null);
    });
  });

  describe('e-mail', () => {
    it('accepts the seed address and refuses malformed ones', () => {
      expect(checkEmail('mireille.couture@hervedavid.com')).to.equal(null);
      for (const bad of ['mireille', 'mireille@', '@hervedavid.com', 'a b@c.com', 'a@localhost', 'a@b..com']) {
        expect(checkEmail(bad), bad).to.equal('email');
      }
    });
    it('is optional on a contact and required on an access', () => {
      expect(checkEmail('')).to.equal(null);
      expect(checkRequiredEmail('')).to.equal('required');
      expect(checkRequiredEmail('x')).to.equal('email');
    });
  });

  describe('IP addresses and CIDR blocks', () => {
    const refused = [
      '123.542.654.785',
      '010.1.1.1',
      '1.2.3',
      '0x7f.0.0.1',
      'fe80::1%eth0',
      '10.0.0.0/33',
      '2001:db8::/129',
      '1.2.3.4/01',
      '1.2.3.4.5',
      '::1::',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      '12345::',
      '::ffff:1.2.3',
      'localhost',
      '',
    ];
    const accepted = [
      '1.2.3.4',
      '0.0.0.0',
      '255.255.255.255',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '::',
      '::1',
      '::/0',
      'fe80::1',
      '2001:db8::/32',
      '1:2:3:4:5:6:7:8',
      '1::8',
      '::ffff:192.0.2.1',
      '1:2:3:4:5:6:1.2.3.4',
    ];
    for (const value of refused) it(`refuses ${JSON.stringify(value)}`, () => expect(isIpOrCidr(value)).to.equal(false));
    for (const value of accepted) it(`accepts ${value}`, () => expect(isIpOrCidr(value)).to.equal(true));

    it('expands compressed IPv6 and embedded IPv4', () => {
      expect(parseIPv6('1::8')).to.deep.equal([1, 0, 0, 0, 0, 0, 0, 8]);
      expect(parseIPv6('::ffff:192.0.2.1')).to.deep.equal([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    });

    it('splits a typed list on commas, semicolons and white space', () => {
      expect(splitIpList(' 10.0.0.1, 2001:db8::/32 ;192.168.0.0/16\n')).to.deep.equal([
        '10.0.0.1',
        '2001:db8::/32',
        '192.168.0.0/16',
      ]);
      expect(firstInvalidIp(['10.0.0.1', '123.542.654.785'])).to.equal(1);
      expect(firstInvalidIp(['10.0.0.1'])).to.equal(-1);
    });

    it('matches addresses against blocks, edges included, IPv4-mapped IPv6 as IPv4', () => {
      const block = parseIpRange('10.1.0.0/16')!;
      expect(ipInRange('10.1.0.0', block)).to.equal(true);
      expect(ipInRange('10.1.255.255', block)).to.equal(true);
      expect(ipInRange('10.2.0.0', block)).to.equal(false);
      expect(ipInRange('10.0.255.255', block)).to.equal(false);
      expect(ipInRange('::ffff:10.1.2.3', block)).to.equal(true);
      expect(ipInRange('2001:db8::1', parseIpRange('2001:db8::/32')!)).to.equal(true);
      expect(ipInRange('2001:db9::1', parseIpRange('2001:db8::/32')!)).to.equal(false);
      expect(ipInRange('10.1.2.3', parseIpRange('2001:db8::/32')!)).to.equal(false);
      expect(ipInRange('10.1.0.0/24', block)).to.equal(false);
    });
  });

  describe("the end of an access (accessExpiresAt)", () => {
    const now = new Date('2026-03-02T15:00:00Z');
    it('accepts none and a later moment, refuses now and before (past-date), and what is not a date (invalid)', () => {
      expect(checkAccessEnd(null, now)).to.equal(null);
      expect(checkAccessEnd('', now)).to.equal(null);
      expect(checkAccessEnd('2026-03-02T15:00:01Z', now)).to.equal(null);
      expect(checkAccessEnd('2026-03-02T15:00:00Z', now)).to.equal('past-date');
      expect(checkAccessEnd('2026-03-02T10:00:00-05:00', now), 'the same moment with an offset').to.equal('past-date');
      expect(checkAccessEnd('2026-01-01T00:00:00Z', now)).to.equal('past-date');
      expect(checkAccessEnd('demain', now)).to.equal('invalid');
    });
    it("keeps a past end that is the access's own, whatever its spelling", () => {
      expect(checkAccessEnd('2026-03-01T04:59:59.999Z', now, '2026-03-01T04:59:59.999Z')).to.equal(null);
      expect(checkAccessEnd('2026-02-28T23:59:59.999-05:00', now, '2026-03-01T04:59:59.999Z')).to.equal(null);
      expect(checkAccessEnd('2026-02-27T23:59:59.999Z', now, '2026-03-01T04:59:59.999Z')).to.equal('past-date');
    });
    it("turns a day into its last moment in the user's time zone, and back", () => {
      const iso = endOfDay('2030-06-30')!;
      expect(iso).to.equal(new Date(2030, 5, 30, 23, 59, 59, 999).toISOString());
      expect(dayOf(iso)).to.equal('2030-06-30');
      expect(endOfDay('2030-02-30'), 'no such day').to.equal(null);
      expect(endOfDay('')).to.equal(null);
      expect(dayOf(null)).to.equal('');
    });
  });

  describe('user code', () => {
    it('is required, bounded and without spaces', () => {
      expect(checkUserCode('8005551216')).to.equal(null);
      expect(checkUserCode('')).to.equal('required');
      expect(checkUserCode('a b')).to.equal('invalid');
      expect(checkUserCode('x'.repeat(65))).to.equal('too-long');
    });
  });

  describe('the table of field rules', () => {
    it('checks each field by its rule: required, length in characters, control characters, format', () => {
      expect(checkField(CONTACT_FIELDS.name, ' ')).to.equal('required');
      expect(checkField(CONTACT_FIELDS.name, 'é'.repeat(CONTACT_FIELDS.name.max))).to.equal(null);
      expect(checkField(CONTACT_FIELDS.name, 'x'.repeat(CONTACT_FIELDS.name.max + 1))).to.equal('too-long');
      expect(checkField(CONTACT_FIELDS.title, '')).to.equal(null);
      expect(checkField(CONTACT_FIELDS.title, 'a\nb')).to.equal('control-characters');
      expect(checkField(CONTACT_FIELDS.email, '')).to.equal(null);
      expect(checkField(CONTACT_FIELDS.email, 'nom@localhost')).to.equal('email');
      expect(checkField(ACCESS_FIELDS.email, '')).to.equal('required');
      expect(checkField(ACCESS_FIELDS.email, 'nom@exemple.com')).to.equal(null);
      expect(checkField(ACCESS_FIELDS.userCode, 'a b')).to.equal('invalid');
      expect(checkField(ACCESS_FIELDS.userCode, 'x'.repeat(ACCESS_FIELDS.userCode.max + 1))).to.equal('too-long');
    });

    it('checks the allowed IPs as typed: count, then each entry', () => {
      expect(checkIpList('')).to.equal(null);
      expect(checkIpList('203.0.113.7, 10.0.0.0/24')).to.equal(null);
      expect(checkIpList('203.0.113.7, 999.1.1.1')).to.equal('ip');
      expect(checkIpList(Array.from({ length: ALLOWED_IPS.maxItems + 1 }, (_, i) => `10.0.0.${i}`).join(','))).to.equal('too-long');
    });
  });
});
