// The demo host page's own script: what an ERP page around the elements would
// do. It fills the client header from the API, switches the language, and logs
// the elements' events (the host reacts to every change without polling).

const CLIENT_ID = '8005551';
const provider = document.querySelector('client-access-provider');

const EN = {
  'app.title': 'Customer management',
  'app.mailbox': 'Mailbox (development)',
  'record.kind': 'Customers',
  'tabs.label': 'Record sections',
  'tab.infos': 'Info',
  'tab.terms': 'Terms',
  'tab.sellers': 'Sales reps',
  'tab.recurring': 'Recurring',
  'tab.notes': 'Notes',
  'tab.sales': 'Sales',
  'tab.documents': 'Documents',
  'tab.prices': 'Prices',
  'tab.projects': 'Projects',
  'infos.title': 'Customer information',
  'f.name': 'Name',
  'f.mode': 'Mode',
  'f.status': 'Status',
  'f.language': 'Language',
  'f.currency': 'Currency',
  'f.created': 'Created',
  'f.updated': 'Modified',
  'f.address': 'Address',
  'f.address2': 'Address 2',
  'f.city': 'City',
  'f.province': 'Province',
  'f.country': 'Country',
  'f.postal': 'Postal code',
  'f.shipping': 'Shipping address',
  'f.shipping2': 'Shipping address 2',
  'f.phone': 'Phone',
  'f.mobile': 'Mobile',
  'f.fax': 'Fax',
  'f.email': 'E-mail address',
  'f.type-client': 'Customer',
  'f.website': 'Website',
  'log.title': 'Events received by the host page',
  'log.hint': 'The host page listens to the elements’ events: no polling needed.',
};

const french = new Map();
for (const el of document.querySelectorAll('[data-i18n]')) french.set(el, el.textContent);
for (const el of document.querySelectorAll('[data-i18n-label]')) french.set(el, el.getAttribute('aria-label'));

let client = null;

function setLanguage(lang) {
  const en = lang === 'en';
  document.documentElement.lang = en ? 'en' : 'fr-CA';
  provider.locale = en ? 'en' : 'fr-CA';
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = en ? (EN[el.dataset.i18n] ?? french.get(el)) : french.get(el);
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', en ? (EN[el.dataset.i18nLabel] ?? french.get(el)) : french.get(el));
  }
  for (const b of document.querySelectorAll('.lang-switch button')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === document.documentElement.lang));
  }
  document.title = `${en ? 'Customers' : 'Clients'} - ${client?.name ?? 'Hervé David'}`;
  if (client) fillHeader(client);
  try {
    localStorage.setItem('demo-lang', lang);
  } catch {
    // Storage may be off; the choice then lasts for the page.
  }
}

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function fillHeader(c) {
  const en = document.documentElement.lang === 'en';
  const display = {
    ...c,
    language: c.language === 'en' ? (en ? 'English' : 'Anglais') : en ? 'French' : 'Français',
    mode: en ? ({ Entreprise: 'Business', Particulier: 'Individual' }[c.mode] ?? c.mode) : c.mode,
    status: en ? ({ Actif: 'Active', Inactif: 'Inactive' }[c.status] ?? c.status) : c.status,
    createdAt: c.createdAt?.slice(0, 10),
    updatedAt: c.updatedAt?.replace('T', ' ').slice(0, 19),
  };
  for (const el of document.querySelectorAll('[data-field]')) {
    const value = get(display, el.dataset.field);
    el.textContent = value === undefined || value === null || value === '' ? '—' : String(value);
  }
}

async function loadClient() {
  try {
    const res = await fetch(`/api/v1/clients/${CLIENT_ID}`, {
      headers: { Accept: 'application/json', 'X-Requested-With': 'client-access-elements' },
      credentials: 'same-origin',
    });
    if (!res.ok) return;
    client = await res.json();
    fillHeader(client);
    document.title = `${document.documentElement.lang === 'en' ? 'Customers' : 'Clients'} - ${client.name}`;
  } catch {
    // The static header stays; the elements show their own error state.
  }
}

const log = document.getElementById('event-log');
function logEvent(e) {
  const d = e.detail ?? {};
  const what =
    d.contact?.name ??
    (d.access ? `${d.access.userCode} (${d.access.status})` : d.contactId !== undefined ? String(d.contactId ?? 'new') : d.source ?? '');
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString(document.documentElement.lang);
  const name = document.createElement('code');
  name.textContent = e.type;
  li.append(time, ' ', name, ' ', what);
  log.prepend(li);
  while (log.children.length > 12) log.lastElementChild.remove();
}
for (const type of ['contact-open', 'contact-saved', 'contact-deleted', 'access-saved', 'invitation-sent', 'access-revoked', 'request-close']) {
  document.addEventListener(type, logEvent);
}

for (const b of document.querySelectorAll('.lang-switch button')) {
  b.addEventListener('click', () => setLanguage(b.dataset.lang));
}

let saved = null;
try {
  saved = localStorage.getItem('demo-lang');
} catch {
  saved = null;
}
if (saved) setLanguage(saved);
loadClient();
