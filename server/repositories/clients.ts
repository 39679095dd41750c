import type { Database, Statement } from 'better-sqlite3';
import type { Address, Client } from '../../src/api/types.js';

export interface ClientRow {
  code: string;
  name: string;
  mode: string;
  status: string;
  language: 'fr' | 'en';
  currency: string;
  phone: string;
  mobile: string;
  fax: string;
  email: string;
  website: string;
  address: string | null;
  shipping_address: string | null;
  created_at: string;
  updated_at: string;
}

export class ClientRepository {
  private readonly byCode: Statement<[string], ClientRow>;
  private readonly insertStmt: Statement<ClientRow>;
  private readonly updateStmt: Statement<Record<string, string>>;
  private readonly replaceStmt: Statement<ClientRow>;

  constructor(db: Database) {
    this.byCode = db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE code = ?');
    this.insertStmt = db.prepare<ClientRow>(`
      INSERT INTO clients (code, name, mode, status, language, currency, phone, mobile, fax, email, website,
                           address, shipping_address, created_at, updated_at)
      VALUES (@code, @name, @mode, @status, @language, @currency, @phone, @mobile, @fax, @email, @website,
              @address, @shipping_address, @created_at, @updated_at)`);
    this.updateStmt = db.prepare<Record<string, string>>(`
      UPDATE clients SET phone = @phone, mobile = @mobile, fax = @fax, email = @email, website = @website,
        updated_at = @updated_at
      WHERE code = @code`);
    this.replaceStmt = db.prepare<ClientRow>(`
      UPDATE clients SET name = @name, mode = @mode, status = @status, language = @language, currency = @currency,
        phone = @phone, mobile = @mobile, fax = @fax, email = @email, website = @website,
        address = @address, shipping_address = @shipping_address, updated_at = @updated_at
      WHERE code = @code`);
  }

  /** Writes every field of an existing client but its code and creation time. */
  replace(row: ClientRow): void {
    this.replaceStmt.run(row);
  }

  /** Writes the client's own contact details (the fields of the contract's ClientUpdate). */
  updateContactDetails(row: Pick<ClientRow, 'code' | 'phone' | 'mobile' | 'fax' | 'email' | 'website' | 'updated_at'>): void {
    this.updateStmt.run(row);
  }

  getRow(code: string): ClientRow | undefined {
    return this.byCode.get(code);
  }

  get(code: string): Client | undefined {
    const row = this.byCode.get(code);
    return row ? toClient(row) : undefined;
  }

  insert(row: ClientRow): void {
    this.insertStmt.run(row);
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
