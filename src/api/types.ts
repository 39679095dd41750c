/**
 * The contract's types, derived from `openapi.yaml` (see `schema.d.ts`, generated
 * by `npm run gen:api`). Edit the YAML, never these aliases' shapes.
 */
import type { components, operations } from './schema.js';

type Schemas = components['schemas'];

export type AccessStatus = Schemas['AccessStatus'];
export type Client = Schemas['Client'];
export type ClientUpdate = Schemas['ClientUpdate'];
export type Address = Schemas['Address'];
export type Contact = Schemas['Contact'];
export type ContactInput = Schemas['ContactInput'];
export type ContactPage = Schemas['ContactPage'];
export type Choice = Schemas['Choice'];
export type Choices = Schemas['Choices'];
export type Access = Schemas['Access'];
export type AccessInput = Schemas['AccessInput'];
export type AuditEvent = Schemas['AuditEvent'];
export type ClientEvent = Schemas['ClientEvent'];
export type ClientEventType = ClientEvent['type'];
export type Session = Schemas['Session'];
export type FieldError = Schemas['FieldError'];
export type FieldErrorCode = FieldError['code'];
export type Problem = Schemas['Problem'];

/** Query of `GET /clients/{clientId}/contacts`. */
export type ContactQuery = NonNullable<operations['listContacts']['parameters']['query']>;
export type ContactSort = NonNullable<ContactQuery['sort']>;

export const ACCESS_STATUSES: readonly AccessStatus[] = ['none', 'invited', 'active', 'expired', 'ended', 'revoked'];
