/**
 * Sentences more than one element says: the name of an access state, and
 * what went wrong with a backend call. One message each, so the table, the
 * dialogs and their translations agree (and the bundle carries them once).
 */
import { msg, str } from '@lit/localize';
import { isBackendError } from '../api/backend-error.js';
import type { AccessStatus } from '../api/types.js';

/** The label of an access state, in the page's language ("Actif", "Révoqué"...). */
export function accessStatusLabel(status: AccessStatus): string {
  switch (status) {
    case 'none':
      return msg('Aucun accès', { id: 'access-status.none' });
    case 'invited':
      return msg('Invitation envoyée', { id: 'access-status.invited' });
    case 'active':
      return msg('Actif', { id: 'access-status.active' });
    case 'expired':
      return msg('Invitation expirée', { id: 'access-status.expired' });
    case 'revoked':
      return msg('Révoqué', { id: 'access-status.revoked' });
  }
}

/** Why a backend call failed, in words a user can act on. */
export function backendErrorMessage(error: unknown): string {
  if (isBackendError(error)) {
    if (error.kind === 'network')
      return msg('Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.', { id: 'backend-error.network' });
    if (error.kind === 'timeout') return msg("Le serveur n'a pas répondu à temps.", { id: 'backend-error.timeout' });
    if (error.status === 401 || error.status === 403)
      return msg("Vous n'avez pas l'autorisation de faire cette opération.", { id: 'backend-error.forbidden' });
    return msg(str`Le serveur a répondu par une erreur (${error.status}).`, { id: 'backend-error.http' });
  }
  return msg('Une erreur inattendue est survenue.', { id: 'backend-error.unexpected' });
}
