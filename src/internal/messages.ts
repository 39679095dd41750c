/**
 * The catalogue of sentences more than one element says: the name of an
 * access state, and why a backend call failed. One message each, so the
 * table, the dialogs and their translations agree (and the bundle carries
 * them once). Choice labels, dates and counts are `format.ts`'s.
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
    case 'ended':
      return msg('Accès terminé', { id: 'access-status.ended' });
    case 'revoked':
      return msg('Révoqué', { id: 'access-status.revoked' });
  }
}

/** What a failed call was about: a missing one is named ("Ce client est introuvable."). */
export type Subject = 'client' | 'contact';

/**
 * Why a backend call failed, in words a user can act on: the one mapper of
 * errors to sentences (an element says what failed — "Impossible de charger
 * ce contact." — and adds this).
 */
export function failureReason(error: unknown, subject: Subject = 'contact'): string {
  // Not a backend's answer: the request, or the code it needed (a chunk), did not get through.
  if (!isBackendError(error) || error.kind === 'network')
    return msg('Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.', { id: 'backend-error.network' });
  if (error.kind === 'timeout') return msg("Le serveur n'a pas répondu à temps. Réessayez dans un moment.", { id: 'backend-error.timeout' });
  if (error.status === 401 || error.status === 403)
    return msg("Vous n'avez pas l'autorisation de faire cela.", { id: 'backend-error.forbidden' });
  if (error.status === 404)
    return subject === 'client'
      ? msg('Ce client est introuvable.', { id: 'backend-error.client-gone' })
      : msg("Ce contact n'existe plus : quelqu'un l'a peut-être supprimé.", { id: 'backend-error.contact-gone' });
  return msg(
    str`Le serveur a répondu par une erreur (${error.status}). Réessayez dans un moment, ou prévenez le soutien technique.`,
    { id: 'backend-error.http' },
  );
}
