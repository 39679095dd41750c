import { msg, str } from '@lit/localize';
import type { ReactiveElement } from 'lit';
import type { ContactList } from './paged-list.js';

/** Where a deleted contact's row was (-1: no row held it) and her name. */
export interface Removed {
  index: number;
  name?: string;
}

/**
 * `<client-contacts>`' part of a deletion (a lazy chunk, loaded as its dialog opens): takes the deleted
 * contact's row out of the loaded rows, the rows after it moving up one and the count going down one.
 * A row no longer there (a live refresh already took it out) is not removed twice. A loaded page left
 * with a gap at its end is loaded again.
 */
export function removeRow(list: ContactList | undefined, contactId: string, pageSize: number): Removed {
  const found = list && [...list.rows].find(([, c]) => c.id === contactId);
  if (!list || !found) return { index: -1 };
  const [at, contact] = found;
  const rows = [...list.rows].filter(([i]) => i !== at);
  list.rows.clear();
  for (const [i, c] of rows) list.rows.set(i > at ? i - 1 : i, c);
  list.total = Math.max(0, list.total - 1);
  for (const p of list.pages) {
    for (let i = p * pageSize; i < Math.min(list.total, (p + 1) * pageSize); i++) {
      if (!list.rows.has(i)) {
        list.pages.delete(p);
        break;
      }
    }
  }
  return { index: at, name: contact.name };
}

/**
 * Once the dialog has closed: the deletion said politely, and the focus on the row that took her place
 * (or the last row, or "+"): her name button, where the dialog gives the focus back, is gone.
 */
export async function afterDeletion(
  host: ReactiveElement,
  { index, name }: Removed,
  total: () => number,
  say: (text: string) => void,
  focusRow: (index: number) => void,
): Promise<void> {
  say(name ? msg(str`Contact supprimé : ${name}`, { id: 'contacts.deleted' }) : msg('Contact supprimé', { id: 'contacts.deleted-one' }));
  await host.updateComplete;
  focusRow(index < 0 ? -1 : Math.min(index, total() - 1));
}
