import type { Choice, Choices } from '../../src/api/types.js';
import type { Store } from '../db/database.js';

export type ChoiceList = 'contact_types' | 'branches' | 'user_types' | 'roles';

export interface ChoiceRow {
  id: string;
  label_fr: string;
  label_en: string;
  position: number;
}

export class ChoiceRepository {
  constructor(private readonly store: Store) {}

  async list(list: ChoiceList): Promise<Choice[]> {
    const rows = await this.store.db.selectFrom(list).selectAll().orderBy('position').orderBy('id').execute();
    return rows.map(toChoice);
  }

  async get(list: ChoiceList, id: string): Promise<ChoiceRow | undefined> {
    return this.store.db.selectFrom(list).selectAll().where('id', '=', id).executeTakeFirst();
  }

  async has(list: ChoiceList, id: string): Promise<boolean> {
    return (await this.get(list, id)) !== undefined;
  }

  async choices(): Promise<Choices> {
    const [contactTypes, branches, userTypes, roles] = await Promise.all([
      this.list('contact_types'),
      this.list('branches'),
      this.list('user_types'),
      this.list('roles'),
    ]);
    return { contactTypes, branches, userTypes, roles };
  }

  async insert(list: ChoiceList, row: ChoiceRow): Promise<void> {
    await this.store.db.insertInto(list).values(row).execute();
  }
}

function toChoice(row: ChoiceRow): Choice {
  return { id: row.id, label: row.label_fr, labels: { fr: row.label_fr, en: row.label_en } };
}
