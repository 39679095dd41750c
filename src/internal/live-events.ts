import type { AuditEvent, ClientEventType } from '../api/types.js';

/**
 * The live event (`GET /clients/{id}/events`) an audit row of an access stands for, for the
 * reference server and the fake backend; sign-ins change nothing the elements show.
 */
export const EVENT_OF_AUDIT: Readonly<Record<AuditEvent['action'], ClientEventType | null>> = {
  'access-created': 'access-saved',
  'access-updated': 'access-saved',
  'access-revoked': 'access-revoked',
  'invitation-sent': 'invitation-sent',
  'invitation-failed': 'invitation-failed',
  'invitation-accepted': 'invitation-accepted',
  login: null,
  'login-refused': null,
};
