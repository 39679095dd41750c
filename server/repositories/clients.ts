import type { Address, Client } from '../../src/api/types.js';
import type { Store } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { ClientsTable } from '../db/schema.js';

/** A row as the database gives it (the table is typed once in db/schema.ts). */
export type ClientRow = Selectable<ClientsTable>;

export class ClientRepository {
  constructor(private readonly store: Store) {}

  /** Writes every field of an existing client but its code and creation time. */
  async replace(row: ClientRow): Promise<void> {
    const { code, created_at: _created, ...fields } = row;
    await this.store.db.updateTable('clients').set(fields).where('code', '=', code).execute();
  }

  /** Writes the client's own contact details (the fields of the contract's ClientUpdate). */
  async updateContactDetails(row: Pick<ClientRow, 'code' | 'phone' | 'mobile' | 'fax' | 'email' | 'website' | 'updated_at'>): Promise<void> {
    const { phone, mobile, fax, email, website, updated_at } = row;
    await this.store.db.updateTable('clients').set({ phone, mobile, fax, email, website, updated_at }).where('code', '=', row.code).execute();
  }

  async getRow(code: string): Promise<ClientRow | undefined> {
    return this.store.db.selectFrom('clients').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async get(code: string): Promise<Client | undefined> {
    const row = await this.getRow(code);
    return row ? toClient(row) : undefined;
  }

  /** Which of `codes` are clients. */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.store.db.selectFrom('clients').select('code').where('code', 'in', [...new Set(codes)]).execute();
    return new Set(rows.map((r) => r.code));
  }

  async insert(row: ClientRow): Promise<void> {
    await this.store.db.insertInto('clients').values(row).execute();
  }
}

export function toClient(row: ClientRow): Client {
  const client: Client = {
    id: row.code,
    code: row.code,
    name: row.name,
    mode: row.mode,
    status: row.status,
    language: row.language,
    currency: row.currency,
    phone: row.phone,
    mobile: row.mobile,
    fax: row.fax,
    email: row.email,
    website: row.website,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.address) client.address = JSON.parse(row.address) as Address;
  if (row.shipping_address) client.shippingAddress = JSON.parse(row.shipping_address) as Address;
  return client;
}
