import { GRANT_ACCESS_DIALOG_PARTS } from '../grant-access-dialog/grant-access-dialog.parts.js';
import { exportParts, exportedNames } from '../internal/parts.js';

/** The CSS parts of `<contact-dialog>` itself (documented on the element). */
export const CONTACT_DIALOG_PARTS = [
  'dialog',
  'header',
  'title',
  'nav',
  'position',
  'search',
  'combobox',
  'popup',
  'body',
  'banner',
  'field',
  'error',
  'help',
  'tooltip',
  'legend',
  'access',
  'history',
  'footer',
  'actions',
  'status',
  'confirm',
  'delete-button',
  'save-button',
  'close-button',
] as const;

/** The nested `<grant-access-dialog>`'s parts, as `<contact-dialog>` exports them (`grant-access-dialog-x`). */
export const GRANT_ACCESS_DIALOG_EXPORTED = exportedNames('grant-access-dialog', GRANT_ACCESS_DIALOG_PARTS);

/** `exportparts` of the nested `<grant-access-dialog>`. */
export const GRANT_ACCESS_DIALOG_EXPORTPARTS = exportParts('grant-access-dialog', GRANT_ACCESS_DIALOG_PARTS);
