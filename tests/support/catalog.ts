// A comparable description of a database's schema (tables, columns, indexes, constraints, enums).
import pg from "pg";

export async function describeSchema(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(" | ")).sort();
    return {
      columns: await q(
        `select table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '')
           from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`,
      ),
      indexes: await q(
        `select tablename, indexdef from pg_indexes where schemaname = 'public' and tablename <> '_prisma_migrations'`,
      ),
      constraints: await q(
        `select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c
           join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'
           and c.conrelid::regclass::text <> '"_prisma_migrations"'
           and c.conrelid::regclass::text <> '_prisma_migrations'`,
      ),
      enums: await q(
        `select t.typname, e.enumlabel, e.enumsortorder from pg_enum e join pg_type t on t.oid = e.enumtypid`,
      ),
    };
  } finally {
    await client.end();
  }
}

export { withDatabase } from "../../scripts/lib/database";
