/**
 * A React host as a host developer writes it: the components of
 * `client-access-elements/react`, an inline `headers` arrow (a new function at
 * each render), the events handled in React state and shown on the page.
 */
import { StrictMode, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientAccessProvider, ClientContacts } from 'client-access-elements/react';

function App() {
  const [clientId, setClientId] = useState('8005551');
  const [renders, setRenders] = useState(0);
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines, line]);
  return (
    <ClientAccessProvider endpoint="/api/v1" headers={() => ({ 'X-Host': `react-${version}` })}>
      <p>React {version}</p>
      <button type="button" onClick={() => setRenders((n) => n + 1)}>
        Re-render the host ({renders})
      </button>
      <button type="button" onClick={() => setClientId((id) => (id === '8005551' ? '8005552' : '8005551'))}>
        Switch the client ({clientId})
      </button>
      <ClientContacts
        clientId={clientId}
        onContactSaved={(e) => log(`contact-saved ${e.detail.created ? 'created' : 'updated'} ${e.detail.contact.name}`)}
        onContactOpen={(e) => log(`contact-open ${e.detail.contactId ?? 'new'}`)}
      />
      <ul aria-label="Host events">
        {events.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </ClientAccessProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
