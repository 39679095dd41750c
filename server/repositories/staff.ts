import { type SqlBool, sql } from 'kysely';
import type { Store } from '../db/database.js';

export interface StaffUserRow {
  user_code: string;
  name: string;
  password_hash: string;
  created_at: string;
}

const lowerUserCode = sql<string>`lower(user_code)`;

/** The staff users and the clients each may act on. User codes compare ignoring case. */
export class StaffRepository {
  constructor(private readonly store: Store) {}

  async get(userCode: string): Promise<StaffUserRow | undefined> {
    return this.store.db.selectFrom('staff_users').selectAll().where(lowerUserCode, '=', userCode.toLowerCase()).executeTakeFirst();
  }

  async exists(userCode: string): Promise<boolean> {
    return (await this.get(userCode)) !== undefined;
  }

  /** Creates the user, or sets its name and password; a new password ends the user's sessions. */
  async save(row: StaffUserRow): Promise<void> {
    await this.store.transaction(async () => {
      const before = await this.get(row.user_code);
      await this.store.db
        .insertInto('staff_users')
        .values(row)
        .onConflict((oc) => oc.column('user_code').doUpdateSet({ name: row.name, password_hash: row.password_hash }))
        .execute();
      if (before && before.password_hash !== row.password_hash) {
        await this.store.db.deleteFrom('sessions').where('kind', '=', 'staff').where(lowerUserCode, '=', row.user_code.toLowerCase()).execute();
      }
    });
  }

  /** The client codes the user may act on. */
  async clientsOf(userCode: string): Promise<Set<string>> {
    const rows = await this.store.db.selectFrom('staff_rights').select('client_code').where(lowerUserCode, '=', userCode.toLowerCase()).execute();
    return new Set(rows.map((r) => r.client_code));
  }

  /** Gives the user rights on a client (if the client exists). */
  async grant(userCode: string, clientCode: string): Promise<void> {
    await this.grantWhere(userCode, clientCode);
  }

  /** Gives the user rights on every client there is now. */
  async grantAll(userCode: string): Promise<void> {
    await this.grantWhere(userCode, undefined);
  }

  private async grantWhere(userCode: string, clientCode: string | undefined): Promise<void> {
    await this.store.db
      .insertInto('staff_rights')
      .columns(['user_code', 'client_code'])
      .expression((eb) =>
        eb
          .selectFrom('clients')
          .select([eb.val(userCode).as('user_code'), 'code'])
          // (A WHERE before ON CONFLICT: without one SQLite reads ON as a join constraint.)
          .where(clientCode === undefined ? sql<SqlBool>`1 = 1` : sql<SqlBool>`code = ${clientCode}`),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
