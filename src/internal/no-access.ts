import type { Access } from '../api/types.js';

/**
 * An access that does not exist yet (status `none`, version 0): the base of a
 * proposal or of a first save, for the reference server and the fake backend.
 */
export function noAccess(contactId: string): Access {
  return {
    contactId,
    userType: 'client-contact',
    role: 'client',
    userCode: '',
    email: '',
    allowedIps: [],
    branchId: null,
    status: 'none',
    invitedAt: null,
    invitationExpiresAt: null,
    lastInvitationSentAt: null,
    activatedAt: null,
    revokedAt: null,
    accessExpiresAt: null,
    version: 0,
  };
}
