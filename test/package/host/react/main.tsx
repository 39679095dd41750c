/**
 * A React host as a host developer writes it: the components of
 * `client-access-elements/react`, an inline `headers` arrow (a new function at
 * each render), the events handled in React state and shown on the page. The
 * test re-renders it with `window.rerenderHost()` (a modal dialog makes the
 * page's own buttons inert) and switches the client with `window.switchClient()`.
 */
import { StrictMode, useEffect, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientAccessProvider, ClientContacts } from 'client-access-elements/react';
// Vite resolves the manifest's export too (emitted as an asset: a documentation link).
import manifestUrl from 'client-access-elements/custom-elements.json?url';

function App() {
  const [clientId, setClientId] = useState('8005551');
  const [renders, setRenders] = useState(0);
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines, line]);
  useEffect(() => {
    window.rerenderHost = () => setRenders((n) => n + 1);
    window.switchClient = (id) => setClientId(id);
  }, []);
  return (
    <ClientAccessProvider endpoint="/api/v1" headers={() => ({ 'X-Host': `react-${version}` })}>
      <p>React {version}</p>
      <a href={manifestUrl}>Custom elements manifest</a>
      <p>
        Client {clientId}, {renders} re-renders
      </p>
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

declare global {
  interface Window {
    rerenderHost?: () => void;
    switchClient?: (clientId: string) => void;
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
