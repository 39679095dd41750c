import { CONTACT_DIALOG_PARTS, GRANT_ACCESS_DIALOG_EXPORTED } from '../contact-dialog/contact-dialog.parts.js';
import { exportParts } from '../internal/parts.js';

/** The CSS parts of `<client-contacts>` itself (documented on the element). */
export const CLIENT_CONTACTS_PARTS = [
  'base',
  'header',
  'heading',
  'toolbar',
  'add-button',
  'table',
  'header-row',
  'columnheader',
  'row',
  'cell',
  'name-button',
  'checkbox',
  'bulk-button',
  'status-badge',
  'loading',
  'empty',
  'error',
] as const;

/** `exportparts` of the nested `<contact-dialog>`: its parts as `contact-dialog-x`, the grant dialog's as they come. */
export const CONTACT_DIALOG_EXPORTPARTS = exportParts('contact-dialog', CONTACT_DIALOG_PARTS, GRANT_ACCESS_DIALOG_EXPORTED);
