
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'combobox.count': str`Contacts found: ${0}`,
'combobox.failed': `The search failed. Check the connection and try again.`,
'combobox.none': `No contacts found`,
'combobox.searching': `Searching…`,
'discard.cancel': `Keep editing`,
'discard.confirm': `Discard`,
'discard.message': `You have unsaved changes. If you close, they will be lost.`,
'discard.title': `Discard your changes?`,
'error.duplicate': `This value is already in use. Choose another one.`,
'error.email': `Enter a valid e-mail address, for example name@example.com.`,
'error.invalid': `This value is not valid.`,
'error.ip': `Enter valid IPv4 or IPv6 addresses or CIDR blocks, separated by commas (for example 203.0.113.7, 10.0.0.0/24).`,
'error.required': `This field is required.`,
'error.too-long': `This text is too long.`,
'error.unknown': `Choose a value from the list.`,
'field.required-title': `Required field`,
'help.button': str`Contextual help: ${0}`,
'legend.help': `🔗 = Contextual help available as a tooltip`,
'legend.required': `ⓘ = Required fields`,
    };
  