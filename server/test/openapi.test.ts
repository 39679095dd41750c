import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Contract, OPENAPI_PATH, contract } from './contract.js';

const headers = (...names: string[]) => ({ has: (n: string) => names.map((x) => x.toLowerCase()).includes(n.toLowerCase()) });

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(OPENAPI_PATH);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(validator.version, '3.1');
  });
});

describe('the contract check of the test helper', () => {
  const c: Contract = contract();
  const contact = {
    id: '1',
    clientId: '8005551',
    name: 'Mireille Couture',
    title: '',
    department: '',
    type: null,
    email: '',
    phone: '',
    mobile: '',
    fax: '',
    location: '',
    accessStatus: 'none',
    version: 1,
  };

  it('finds operations by path template and method', () => {
    assert.equal(c.find('GET', '/clients/8005551/contacts/12/access')?.operation.operationId, 'getAccess');
    assert.equal(c.find('post', '/clients/8005551/contacts/12/access/invitation')?.operation.operationId, 'sendInvitation');
    assert.equal(c.find('GET', '/contact-types')?.operation.operationId, 'listContactTypes');
    assert.equal(c.find('PATCH', '/contact-types'), undefined);
  });

  it('accepts a conforming response', () => {
    const failures = c.check({
      method: 'GET',
      url: '/api/v1/clients/8005551/contacts/1',
      status: 200,
      contentType: 'application/json; charset=utf-8',
      headers: headers('ETag'),
      text: JSON.stringify(contact),
    });
    assert.deepEqual(failures, []);
  });

  it('refuses an undeclared status', () => {
    const failures = c.check({
      method: 'GET',
      url: '/api/v1/clients/8005551/contacts/1',
      status: 418,
      contentType: 'application/json',
      headers: headers(),
      text: '{}',
    });
    assert.match(failures.join(), /418 is not declared/);
  });

  it('refuses a body that does not match the schema ($ref to a component)', () => {
    const failures = c.check({
      method: 'GET',
      url: '/api/v1/clients/8005551/contacts?limit=5',
      status: 200,
      contentType: 'application/json',
      headers: headers(),
      text: JSON.stringify({ items: [{ ...contact, accessStatus: 'pending' }], total: 1, offset: 0, limit: 5 }),
    });
    assert.match(failures.join(), /accessStatus must be equal to one of the allowed values/);
  });

  it('refuses a wrong content type, a missing declared header, a problem without title', () => {
    assert.match(
      c
        .check({ method: 'GET', url: '/api/v1/clients/x', status: 404, contentType: 'application/json', headers: headers(), text: '{}' })
        .join(),
      /not one of application\/problem\+json/,
    );
    assert.match(
      c
        .check({
          method: 'GET',
          url: '/api/v1/clients/8005551/contacts/1',
          status: 200,
          contentType: 'application/json',
          headers: headers(),
          text: JSON.stringify(contact),
        })
        .join(),
      /header ETag is missing/,
    );
    assert.match(
      c
        .check({
          method: 'GET',
          url: '/api/v1/clients/x',
          status: 404,
          contentType: 'application/problem+json',
          headers: headers(),
          text: JSON.stringify({ type: 'about:blank', status: 404 }),
        })
        .join(),
      /must have required property 'title'/,
    );
  });

  it('refuses a body on a response declared without content, and any non-404 for an unknown operation', () => {
    assert.match(
      c
        .check({ method: 'DELETE', url: '/api/v1/clients/1/contacts/2', status: 204, contentType: 'application/json', headers: headers(), text: '{}' })
        .join(),
      /declares none/,
    );
    assert.match(
      c.check({ method: 'GET', url: '/api/v1/nothing-here', status: 200, contentType: 'application/json', headers: headers(), text: '{}' }).join(),
      /no operation/,
    );
  });
});
