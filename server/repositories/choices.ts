import type { Database, Statement } from 'better-sqlite3';
import type { Choice, Choices } from '../../src/api/types.js';

export type ChoiceList = 'contact_types' | 'branches' | 'user_types' | 'roles';
const LISTS: readonly ChoiceList[] = ['contact_types', 'branches', 'user_types', 'roles'];

export interface ChoiceRow {
  id: string;
  label_fr: string;
  label_en: string;
  position: number;
}

export class ChoiceRepository {
  private readonly all: Record<ChoiceList, Statement<[], ChoiceRow>>;
  private readonly one: Record<ChoiceList, Statement<[string], ChoiceRow>>;
  private readonly insertStmt: Record<ChoiceList, Statement<ChoiceRow>>;

  constructor(db: Database) {
    const all = {} as Record<ChoiceList, Statement<[], ChoiceRow>>;
    const one = {} as Record<ChoiceList, Statement<[string], ChoiceRow>>;
    const insert = {} as Record<ChoiceList, Statement<ChoiceRow>>;
    for (const list of LISTS) {
      all[list] = db.prepare<[], ChoiceRow>(`SELECT * FROM ${list} ORDER BY position, id`);
      one[list] = db.prepare<[string], ChoiceRow>(`SELECT * FROM ${list} WHERE id = ?`);
      insert[list] = db.prepare<ChoiceRow>(
        `INSERT INTO ${list} (id, label_fr, label_en, position) VALUES (@id, @label_fr, @label_en, @position)`,
      );
    }
    this.all = all;
    this.one = one;
    this.insertStmt = insert;
  }

  list(list: ChoiceList): Choice[] {
    return this.all[list].all().map(toChoice);
  }

  get(list: ChoiceList, id: string): ChoiceRow | undefined {
    return this.one[list].get(id);
  }

  has(list: ChoiceList, id: string): boolean {
    return this.one[list].get(id) !== undefined;
  }

  choices(): Choices {
    return {
      contactTypes: this.list('contact_types'),
      branches: this.list('branches'),
      userTypes: this.list('user_types'),
      roles: this.list('roles'),
    };
  }

  insert(list: ChoiceList, row: ChoiceRow): void {
    this.insertStmt[list].run(row);
  }
}

function toChoice(row: ChoiceRow): Choice {
  return { id: row.id, label: row.label_fr, labels: { fr: row.label_fr, en: row.label_en } };
}
