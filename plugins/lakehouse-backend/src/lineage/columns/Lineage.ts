import { ColumnInput } from './types';

/** How a value flows into an output column. */
export type DirectSubtype = 'IDENTITY' | 'TRANSFORMATION' | 'AGGREGATION';
/** How a column decides the rows or their order without its value flowing. */
export type IndirectSubtype =
  | 'JOIN'
  | 'FILTER'
  | 'GROUP_BY'
  | 'SORT'
  | 'WINDOW'
  | 'CONDITIONAL';

/** The part an expression plays where it stands in a query. */
export type Role =
  | { transformation: 'DIRECT'; subtype: DirectSubtype }
  | { transformation: 'INDIRECT'; subtype: IndirectSubtype };

const DIRECT_RANK: Record<DirectSubtype, number> = {
  IDENTITY: 0,
  TRANSFORMATION: 1,
  AGGREGATION: 2,
};

/** The stronger of two direct subtypes: an aggregate of a cast is an aggregation. */
function stronger(a: DirectSubtype, b: DirectSubtype): DirectSubtype {
  return DIRECT_RANK[a] >= DIRECT_RANK[b] ? a : b;
}

/** The role of what lies inside an expression that stands in `role`. */
export function nested(role: Role): Role {
  return role.transformation === 'DIRECT' && role.subtype === 'IDENTITY'
    ? { transformation: 'DIRECT', subtype: 'TRANSFORMATION' }
    : role;
}

/** The role of a column that decides rather than flows, inside `role`. */
export function deciding(role: Role, subtype: IndirectSubtype): Role {
  return role.transformation === 'INDIRECT'
    ? role
    : { transformation: 'INDIRECT', subtype };
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const key = (table: string, column: string) => `${table}\u0000${column}`;

/**
 * The base-table columns one value (or one relation's rows) comes from.
 * A column counts once as DIRECT, with the strongest subtype seen, and once
 * per INDIRECT subtype.
 */
export class Lineage {
  private readonly direct = new Map<string, ColumnInput>();
  private readonly indirect = new Map<string, ColumnInput>();

  /** A base-table column taken as it is. */
  static ofColumn(table: string, column: string): Lineage {
    const lineage = new Lineage();
    lineage.direct.set(key(table, column), {
      table,
      column,
      transformation: 'DIRECT',
      subtype: 'IDENTITY',
    });
    return lineage;
  }

  get isEmpty(): boolean {
    return this.direct.size === 0 && this.indirect.size === 0;
  }

  private add(input: ColumnInput, role: Role) {
    if (role.transformation === 'INDIRECT') {
      const k = `${key(input.table, input.column)}\u0000${role.subtype}`;
      if (!this.indirect.has(k)) {
        this.indirect.set(k, {
          table: input.table,
          column: input.column,
          transformation: 'INDIRECT',
          subtype: role.subtype,
        });
      }
      return;
    }
    const k = key(input.table, input.column);
    const subtype = stronger(role.subtype, input.subtype as DirectSubtype);
    const known = this.direct.get(k);
    if (
      !known ||
      stronger(known.subtype as DirectSubtype, subtype) !== known.subtype
    ) {
      this.direct.set(k, { ...input, transformation: 'DIRECT', subtype });
    }
  }

  /**
   * Adds what `other` comes from, as seen by an expression that uses it in
   * `role`: a value used directly keeps its inputs (the subtype combined:
   * a sum over a cast is an aggregation), a value used to decide rows makes
   * every input of it INDIRECT in that role, and inputs that were already
   * INDIRECT stay so.
   */
  addThrough(other: Lineage, role: Role): this {
    for (const input of other.direct.values()) this.add(input, role);
    for (const input of other.indirect.values()) {
      this.add(
        input,
        role.transformation === 'INDIRECT'
          ? role
          : {
              transformation: 'INDIRECT',
              subtype: input.subtype as IndirectSubtype,
            },
      );
    }
    return this;
  }

  /** Adds every input of `other` as it is. */
  addAll(other: Lineage): this {
    for (const input of other.direct.values())
      this.add(input, { transformation: 'DIRECT', subtype: 'IDENTITY' });
    for (const input of other.indirect.values()) {
      this.add(input, {
        transformation: 'INDIRECT',
        subtype: input.subtype as IndirectSubtype,
      });
    }
    return this;
  }

  /** The inputs, DIRECT first, each group ordered by table, column and subtype. */
  toInputs(): ColumnInput[] {
    const order = (a: ColumnInput, b: ColumnInput) =>
      compare(a.table, b.table) ||
      compare(a.column, b.column) ||
      compare(a.subtype ?? '', b.subtype ?? '');
    return [
      ...[...this.direct.values()].sort(order),
      ...[...this.indirect.values()].sort(order),
    ].map(input => ({ ...input }));
  }
}
