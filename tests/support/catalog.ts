// A comparable description of a database's schema (tables, columns, indexes, constraints, enums).
//
// Partitions are left out, and a partitioned table is described like a plain one: Prisma cannot
// declare partitioned tables, so schema.prisma describes Delivery and DeviceEvent as plain tables
// (their columns, keys and indexes, all of which the migrated parent tables must match), while their
// partitions are made by the migration and by housekeeping at run time, named after months
// (server/partitions). What partitioning itself must do is tested in tests/integration/partitions.test.ts.
import pg from "pg";

// Relations that are partitions of another table (tables, and their indexes) are not described.
const notPartition = (oid: string) => `not exists (select 1 from pg_class p where p.oid = ${oid} and p.relispartition)`;

export async function describeSchema(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(" | ")).sort();
    return {
      columns: await q(
        `select table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '')
           from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'
            and ${notPartition(`('public.' || quote_ident(table_name))::regclass`)}`,
      ),
      // An index on a partitioned table prints as "ON ONLY <table>"; it is the same index otherwise.
      indexes: await q(
        `select tablename, replace(indexdef, ' ON ONLY ', ' ON ') from pg_indexes
          where schemaname = 'public' and tablename <> '_prisma_migrations'
            and ${notPartition(`('public.' || quote_ident(tablename))::regclass`)}`,
      ),
      constraints: await q(
        `select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c
           join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public'
           and c.conrelid::regclass::text <> '"_prisma_migrations"'
           and c.conrelid::regclass::text <> '_prisma_migrations'
           and ${notPartition("c.conrelid")}`,
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
