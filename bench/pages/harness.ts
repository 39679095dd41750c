/**
 * In-page measurements of `npm run bench`, the same for `<client-contacts>`
 * and `vaadin-grid` (see bench/README.md for the method). Built by esbuild
 * into bench/.out/ and driven by bench/run.ts through `window.bench`.
 */
import type { ContactsBackend } from '../../src/api/backend.js';
import type { Choices, Contact, ContactPage, ContactQuery } from '../../src/api/types.js';

export type Table = 'ours' | 'vaadin' | 'floor';

export interface RunResult {
  /** Element created → first painted frame with rows (ms). */
  firstFrame: number;
  /**
   * The renderer main thread's CPU (thread) time in that span (ms), from a trace of the run:
   * what the first frame cost, without the waits for a core that other jobs on the machine
   * add to the wall time. Filled by bench/browser.ts (NaN from the page).
   */
  firstFrameCpu: number;
  /** Longest task (PerformanceObserver 'longtask', ≥ 50 ms) from the creation to 500 ms after the first frame; 0 when none. */
  longestTask: number;
  /** One row's name changed → the next painted frame that shows it (ms). */
  update: number;
  /** Nodes in the element, shadow roots included (elements, text, comments). */
  domNodes: number;
  /** Elements only. */
  domElements: number;
  /** Scroll to the last contact → painted with its name (ms); -1 when not measured, NaN when it never showed. */
  jumpLast: number;
}

const FAMILY = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher'];
const GIVEN = ['Marie', 'Jean', 'Louise', 'Pierre', 'Julie', 'Marc', 'Sophie', 'Luc', 'Isabelle', 'André', 'Nathalie', 'Michel', 'Chantal', 'Daniel', 'Sylvie'];
const STATES = ['none', 'none', 'none', 'invited', 'active', 'active', 'expired', 'revoked'] as const;
const CLIENT = '8009999';

/** `n` contacts sorted by name, the same for both tables. */
export function makeContacts(n: number): Contact[] {
  const width = String(n).length;
  const rows: Contact[] = [];
  for (let i = 0; i < n; i++) {
    const family = FAMILY[i % FAMILY.length]!;
    const given = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]!;
    rows.push({
      id: `c${i}`,
      clientId: CLIENT,
      name: `${family} ${given} ${String(i).padStart(width, '0')}`,
      title: i % 3 ? 'Comptable' : 'Directrice des achats',
      department: i % 2 ? 'Finances' : 'Opérations',
      type: null,
      email: `contact${i}@exemple.ca`,
      phone: '514 555-0100',
      mobile: i % 4 ? '' : '438 555-0199',
      fax: '',
      location: '',
      accessStatus: STATES[i % STATES.length]!,
      version: 1,
    });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A bench-only `ContactsBackend` over one array, answering at once: pages of
 * the name order (the only one the bench uses), `around` a contact. Nothing
 * else is called while measuring.
 */
export class ArrayBackend implements ContactsBackend {
  constructor(private readonly rows: Contact[]) {}

  listContacts(_clientId: string, query: ContactQuery = {}): Promise<ContactPage> {
    const limit = query.limit ?? 50;
    let offset = query.offset ?? 0;
    if (query.around) {
      const at = this.rows.findIndex((c) => c.id === query.around);
      offset = Math.max(0, at - Math.floor(limit / 2));
    }
    return Promise.resolve({ items: this.rows.slice(offset, offset + limit), total: this.rows.length, offset, limit });
  }

  getChoices(): Promise<Choices> {
    return Promise.resolve({ contactTypes: [], branches: [], userTypes: [], roles: [] });
  }

  private unused(): Promise<never> {
    return Promise.reject(new Error('not used by the bench'));
  }
  getClient = () => this.unused();
  getContact = () => this.unused();
  createContact = () => this.unused();
  updateContact = () => this.unused();
  deleteContact = () => this.unused();
  getAccess = () => this.unused();
  saveAccess = () => this.unused();
  sendInvitation = () => this.unused();
  revokeAccess = () => this.unused();
  getAccessHistory = () => this.unused();
}

// -- timing ---------------------------------------------------------------------

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

/**
 * Resolves with `performance.now()` just after the first frame in which
 * `ready()` holds is painted: `ready()` is checked in each animation-frame
 * callback (before that frame's style, layout and paint); once it holds, a
 * message posted from that callback runs as the first task after the frame.
 */
function paintedWhen(ready: () => boolean, timeout = 20_000): Promise<number> {
  const start = performance.now();
  return new Promise((resolve) => {
    const tick = () => {
      if (ready()) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      } else if (performance.now() - start > timeout) {
        resolve(NaN);
      } else {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  });
}

function longestTaskBetween(t0: number, t1: number): number {
  let longest = 0;
  for (const e of longTasks) {
    if (e.startTime < t1 && e.startTime + e.duration > t0) longest = Math.max(longest, e.duration);
  }
  return longest;
}

function countNodes(root: Node): { nodes: number; elements: number } {
  let nodes = 0;
  let elements = 0;
  const walk = (n: Node) => {
    nodes++;
    if (n.nodeType === Node.ELEMENT_NODE) {
      elements++;
      const shadow = (n as Element).shadowRoot;
      if (shadow) shadow.childNodes.forEach(walk);
    }
    n.childNodes.forEach(walk);
  };
  walk(root);
  return { nodes, elements };
}

const frames = (k: number) => new Promise<void>((r) => { const f = () => (--k <= 0 ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); });

// -- the two tables ----------------------------------------------------------------

interface Subject {
  create(): HTMLElement;
  /** The rendered text of the row of `contact`, or null while not drawn with its data. */
  rowShows(contact: Contact): boolean;
  update(index: number, contact: Contact): void;
  jumpToLast(): void;
}

function ours(el: HTMLElement & { backend: ContactsBackend | null; refresh(): Promise<void> }, rows: Contact[]): Subject {
  const root = () => el.shadowRoot;
  return {
    create() {
      el.setAttribute('client-id', CLIENT);
      el.backend = new ArrayBackend(rows);
      return el;
    },
    rowShows(contact) {
      for (const b of root()?.querySelectorAll('[part~="name-button"]') ?? []) {
        if ((b as HTMLElement).dataset['id'] === contact.id && b.textContent?.trim() === contact.name) return true;
      }
      return false;
    },
    update(index, contact) {
      // A contact changed in the backend, and the host asks the table to show it: `refresh()`
      // (the table hears saves from its own dialog only).
      rows[index] = contact;
      void el.refresh();
    },
    jumpToLast() {
      const table = root()!.querySelector<HTMLElement>('.table')!;
      table.scrollTop = table.scrollHeight;
    },
  };
}

interface VaadinGrid extends HTMLElement {
  size: number;
  dataProvider: (params: { page: number; pageSize: number }, callback: (items: Contact[], size?: number) => void) => void;
  requestContentUpdate(): void;
  scrollToIndex(index: number): void;
}

function vaadin(grid: VaadinGrid, rows: Contact[]): Subject {
  return {
    create() {
      for (const path of ['name', 'title', 'department', 'type', 'email', 'phone', 'mobile', 'fax', 'accessStatus']) {
        const column = document.createElement('vaadin-grid-column');
        column.setAttribute('path', path);
        grid.append(column);
      }
      grid.className = 'peer-grid';
      grid.size = rows.length;
      grid.dataProvider = ({ page, pageSize }, callback) => callback(rows.slice(page * pageSize, (page + 1) * pageSize), rows.length);
      return grid;
    },
    rowShows(contact) {
      for (const c of grid.querySelectorAll('vaadin-grid-cell-content')) {
        if (c.textContent === contact.name) return true;
      }
      return false;
    },
    update(index, contact) {
      // The data provider hands out the array's objects: change one, re-render the rows shown.
      Object.assign(rows[index]!, contact);
      grid.requestContentUpdate();
    },
    jumpToLast() {
      grid.scrollToIndex(rows.length - 1);
    },
  };
}

/** The rows a screenful of the floor shows: the first rows `<client-contacts>` draws before its virtualizer. */
const FLOOR_ROWS = 15;
const COLUMNS = ['name', 'title', 'department', 'type', 'email', 'phone', 'mobile', 'fax', 'accessStatus'] as const;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const rowHtml = (c: Contact) => `<tr>${COLUMNS.map((k) => `<td>${escapeHtml(String(c[k] ?? ''))}</td>`).join('')}</tr>`;

/**
 * The floor: the same first rows as a static `<table>`, built in one `innerHTML`
 * assignment — what no table element can beat for a first frame.
 */
function floor(box: HTMLElement, rows: Contact[]): Subject {
  return {
    create() {
      box.className = 'floor';
      box.innerHTML = `<table><thead><tr>${COLUMNS.map((k) => `<th>${k}</th>`).join('')}</tr></thead><tbody>${rows
        .slice(0, FLOOR_ROWS)
        .map(rowHtml)
        .join('')}</tbody></table>`;
      return box;
    },
    rowShows(contact) {
      for (const td of box.querySelectorAll('tbody td:first-child')) if (td.textContent === contact.name) return true;
      return false;
    },
    update(index, contact) {
      box.querySelectorAll('tbody tr')[index]!.outerHTML = rowHtml(contact);
    },
    jumpToLast() {
      // Not measured: the floor has only its first rows.
    },
  };
}

/** One measured run on a fresh page. */
async function run(table: Table, n: number, options: { jump?: boolean; profile?: boolean } = {}): Promise<RunResult> {
  const rows = makeContacts(n);
  // The rows' garbage is collected before, not during, the measure (Chromium runs with --expose-gc), and
  // swept: V8 sweeps after a full collection on a thread of its own, 40 ms for the heap of 1,000,000 rows,
  // which took one of the machine's two cores during the first frame when the measure started at once.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 250));
  await frames(2);
  // Start in a task of its own, not in that animation-frame callback: work done there is
  // painted in the same frame, and the first check (the next frame) would add a frame to all.
  await new Promise((r) => setTimeout(r));
  performance.mark('bench:create');
  // bench/profile.ts: a CPU profile of the first frame (DevTools' Profiler gets it).
  if (options.profile) console.profile('bench:first-frame');
  const t0 = performance.now();
  const subject =
    table === 'ours'
      ? ours(document.createElement('client-contacts'), rows)
      : table === 'vaadin'
        ? vaadin(document.createElement('vaadin-grid') as unknown as VaadinGrid, rows)
        : floor(document.createElement('div'), rows);
  const el = subject.create();
  document.getElementById('stage')!.append(el);
  const t1 = await paintedWhen(() => subject.rowShows(rows[0]!));
  performance.mark('bench:first-frame');
  if (options.profile) console.profileEnd('bench:first-frame');
  const firstFrame = t1 - t0;

  // Settled: what comes after the first frame (the virtualizer taking over, the grid's
  // later passes) counts in the longest task too.
  await new Promise((r) => setTimeout(r, 500));
  const longestTask = longestTaskBetween(t0, performance.now());
  const { nodes, elements } = countNodes(el);

  const index = 2;
  const changed = { ...rows[index]!, name: `${rows[index]!.name} (modifié)`, version: 2 };
  performance.mark('bench:update');
  const u0 = performance.now();
  subject.update(index, changed);
  const update = (await paintedWhen(() => subject.rowShows(changed))) - u0;
  performance.mark('bench:updated');

  let jumpLast = -1;
  if (options.jump && table !== 'floor') {
    const last = rows[rows.length - 1]!;
    const j0 = performance.now();
    subject.jumpToLast();
    jumpLast = (await paintedWhen(() => subject.rowShows(last), 10_000)) - j0;
  }
  return { firstFrame, firstFrameCpu: NaN, longestTask, update, domNodes: nodes, domElements: elements, jumpLast };
}

declare global {
  interface Window {
    bench: { run: typeof run };
  }
}
window.bench = { run };
