import fs from "node:fs";
import internals from "@prisma/internals";
import type pg from "pg";

// Compares prisma/schema.prisma with what the SQL migrations created, through
// pg_catalog. Prisma's own `migrate diff` needs the schema engine, which cannot
// be downloaded here, so this is the check that keeps the two the same.

export type Shape = {
  tables: Map<string, TableShape>;
  enums: Map<string, string[]>;
};

export type TableShape = {
  columns: Map<string, ColumnShape>;
  primaryKey: string[];
  foreignKeys: Map<string, ForeignKeyShape>;
};

export type ColumnShape = { type: string; nullable: boolean; hasDefault: boolean };
export type ForeignKeyShape = { references: string; onDelete: string; onUpdate: string };

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

const ACTIONS: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: readonly string[];
  relationToFields?: readonly string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};

type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: readonly DmmfField[];
  primaryKey: { fields: readonly string[] } | null;
};

function columnType(field: DmmfField, enumDbNames: Map<string, string>): string {
  if (field.kind === "enum") return (enumDbNames.get(field.type) ?? field.type) + (field.isList ? "[]" : "");
  const [native, args = []] = field.nativeType ?? [];
  const base = (() => {
    switch (native) {
      case "SmallInt":
        return "smallint";
      case "VarChar":
        return args.length ? `character varying(${args[0]})` : "character varying";
      case "Char":
        return `character(${args[0] ?? 1})`;
      case "Date":
        return "date";
      case "Time":
        return "time without time zone";
      case "Timestamptz":
        return "timestamp with time zone";
      case "Decimal":
        return `numeric(${args.join(",")})`;
      case undefined:
        break;
      default:
        return native.toLowerCase();
    }
    switch (field.type) {
      case "Int":
        return "integer";
      case "BigInt":
        return "bigint";
      case "String":
        return "text";
      case "Boolean":
        return "boolean";
      case "DateTime":
        return "timestamp(3) without time zone";
      case "Decimal":
        return "numeric(65,30)";
      case "Json":
        return "jsonb";
      case "Bytes":
        return "bytea";
      case "Float":
        return "double precision";
      default:
        return field.type;
    }
  })();
  return field.isList ? `${base}[]` : base;
}

/** The shape schema.prisma describes. */
export async function shapeFromPrismaSchema(schemaText: string): Promise<Shape> {
  const dmmf = await internals.getDMMF({ datamodel: schemaText });
  const enumDbNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  const models = dmmf.datamodel.models as unknown as DmmfModel[];
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const unsupported = unsupportedFields(schemaText);
  const tables = new Map<string, TableShape>();

  for (const model of models) {
    const table = tableOf.get(model.name)!;
    const col = (fieldName: string) => {
      const field = model.fields.find((f) => f.name === fieldName);
      return field?.dbName ?? fieldName;
    };
    const columns = new Map<string, ColumnShape>();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      columns.set(field.dbName ?? field.name, {
        type: columnType(field, enumDbNames),
        nullable: !field.isRequired,
        hasDefault: field.hasDefaultValue,
      });
    }
    for (const extra of unsupported.get(model.name) ?? []) columns.set(extra.column, extra.shape);

    const idField = model.fields.find((f) => (f as { isId?: boolean }).isId);
    const primaryKey = model.primaryKey ? model.primaryKey.fields.map(col) : idField ? [col(idField.name)] : [];

    const foreignKeys = new Map<string, ForeignKeyShape>();
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = models.find((m) => m.name === field.type)!;
      const targetCol = (name: string) => target.fields.find((f) => f.name === name)?.dbName ?? name;
      const from = field.relationFromFields.map(col).join(",");
      foreignKeys.set(from, {
        references: `${tableOf.get(field.type)}(${field.relationToFields!.map(targetCol).join(",")})`,
        onDelete: field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull"),
        onUpdate: field.relationOnUpdate ?? "Cascade",
      });
    }
    tables.set(table, { columns, primaryKey, foreignKeys });
  }
  return { tables, enums };
}

// DMMF leaves out Unsupported("...") fields, so read them from the text.
function unsupportedFields(schemaText: string): Map<string, { column: string; shape: ColumnShape }[]> {
  const out = new Map<string, { column: string; shape: ColumnShape }[]>();
  let model: string | undefined;
  for (const line of schemaText.split("\n")) {
    const header = /^model\s+(\w+)\s*\{/.exec(line);
    if (header) model = header[1];
    const field = /^\s+(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/.exec(line);
    if (!field || !model) continue;
    const column = /@map\("([^"]+)"\)/.exec(field[4] ?? "")?.[1] ?? field[1]!;
    const list = out.get(model) ?? [];
    list.push({
      column,
      shape: { type: field[2]!, nullable: field[3] === "?", hasDefault: /@default\(/.test(field[4] ?? "") },
    });
    out.set(model, list);
  }
  return out;
}

/** The shape the database has, read from pg_catalog (partitions are folded into their parent). */
export async function shapeFromDatabase(db: pg.Pool | pg.Client): Promise<Shape> {
  const cols = await db.query<{
    table: string;
    column: string;
    type: string;
    notnull: boolean;
    hasdef: boolean;
    generated: string;
  }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, a.atthasdef AS hasdef, a.attgenerated AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const pks = await db.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table,
           array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND k.contype = 'p' AND NOT c.relispartition`);
  const fks = await db.query<{
    table: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(`
    SELECT c.relname AS table,
           array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns,
           r.relname AS ref_table,
           array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord) AS ref_columns,
           k.confdeltype AS on_delete, k.confupdtype AS on_update
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_class r ON r.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND k.contype = 'f' AND NOT c.relispartition AND NOT r.relispartition
      AND k.conparentid = 0`);
  const enumRows = await db.query<{ name: string; labels: string[] }>(`
    SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);

  const tables = new Map<string, TableShape>();
  const tableShape = (name: string) => {
    let shape = tables.get(name);
    if (!shape) {
      shape = { columns: new Map(), primaryKey: [], foreignKeys: new Map() };
      tables.set(name, shape);
    }
    return shape;
  };
  for (const row of cols.rows) {
    if (IGNORED_TABLES.has(row.table)) continue;
    tableShape(row.table).columns.set(row.column, {
      type: row.type
        .replace(/^"?([a-z_]+)"?(\[\])?$/, "$1$2")
        .replace("timestamp(6) with time zone", "timestamp with time zone")
        .replace("time(6) without time zone", "time without time zone"),
      nullable: !row.notnull,
      hasDefault: row.hasdef && row.generated === "",
    });
  }
  for (const row of pks.rows) if (!IGNORED_TABLES.has(row.table)) tableShape(row.table).primaryKey = row.columns;
  for (const row of fks.rows) {
    tableShape(row.table).foreignKeys.set(row.columns.join(","), {
      references: `${row.ref_table}(${row.ref_columns.join(",")})`,
      onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
      onUpdate: ACTIONS[row.on_update] ?? row.on_update,
    });
  }
  return { tables, enums: new Map(enumRows.rows.map((r) => [r.name, r.labels])) };
}

/** Every difference, as a sentence; empty when schema.prisma matches the database. */
export function compareShapes(expected: Shape, actual: Shape): string[] {
  const out: string[] = [];
  for (const [name, values] of expected.enums) {
    const found = actual.enums.get(name);
    if (!found) out.push(`enum ${name}: in schema.prisma, not in the database`);
    else if (found.join(",") !== values.join(","))
      out.push(`enum ${name}: schema.prisma has [${values.join(", ")}], the database has [${found.join(", ")}]`);
  }
  for (const name of actual.enums.keys())
    if (!expected.enums.has(name)) out.push(`enum ${name}: in the database, not in schema.prisma`);

  for (const [table, want] of expected.tables) {
    const have = actual.tables.get(table);
    if (!have) {
      out.push(`table ${table}: in schema.prisma, not in the database`);
      continue;
    }
    for (const [column, spec] of want.columns) {
      const found = have.columns.get(column);
      if (!found) {
        out.push(`${table}.${column}: in schema.prisma, not in the database`);
        continue;
      }
      if (found.type !== spec.type)
        out.push(`${table}.${column}: type ${spec.type} in schema.prisma, ${found.type} in the database`);
      if (found.nullable !== spec.nullable)
        out.push(
          `${table}.${column}: ${spec.nullable ? "optional" : "required"} in schema.prisma, ${found.nullable ? "nullable" : "NOT NULL"} in the database`,
        );
      if (found.hasDefault !== spec.hasDefault)
        out.push(
          `${table}.${column}: ${spec.hasDefault ? "has" : "has no"} default in schema.prisma, ${found.hasDefault ? "has" : "has no"} default in the database`,
        );
    }
    for (const column of have.columns.keys())
      if (!want.columns.has(column)) out.push(`${table}.${column}: in the database, not in schema.prisma`);
    if (want.primaryKey.join(",") !== have.primaryKey.join(","))
      out.push(
        `${table}: primary key (${want.primaryKey.join(", ")}) in schema.prisma, (${have.primaryKey.join(", ")}) in the database`,
      );
    for (const [columns, fk] of want.foreignKeys) {
      const found = have.foreignKeys.get(columns);
      if (!found)
        out.push(`${table}(${columns}) → ${fk.references}: relation in schema.prisma, no foreign key in the database`);
      else
        for (const key of ["references", "onDelete", "onUpdate"] as const)
          if (found[key] !== fk[key])
            out.push(`${table}(${columns}): ${key} ${fk[key]} in schema.prisma, ${found[key]} in the database`);
    }
    for (const [columns, fk] of have.foreignKeys)
      if (!want.foreignKeys.has(columns))
        out.push(`${table}(${columns}) → ${fk.references}: foreign key in the database, no relation in schema.prisma`);
  }
  for (const table of actual.tables.keys())
    if (!expected.tables.has(table)) out.push(`table ${table}: in the database, not in schema.prisma`);
  return out;
}

export async function detectDrift(db: pg.Pool | pg.Client, schemaPath = "prisma/schema.prisma"): Promise<string[]> {
  const expected = await shapeFromPrismaSchema(fs.readFileSync(schemaPath, "utf8"));
  return compareShapes(expected, await shapeFromDatabase(db));
}
