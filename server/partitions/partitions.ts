// The monthly partitions of Delivery (by "runDate") and DeviceEvent (by "occurredAt"): which exist,
// and making the ones that are missing. PostgreSQL's declarative partitioning does the routing; this
// module only keeps the set of partitions ahead of the data (no library manages PostgreSQL partitions
// from Node; pg_partman is an extension the machines running Herald may not have).
//
// Each table has a default partition (made by the migration) that takes rows whose month has no
// partition yet, so an insert never fails. Making a month's partition moves that month's rows out of
// the default partition first: PostgreSQL refuses to attach a partition whose range the default one
// still holds rows for. The new table is made standalone and attached (ATTACH takes a SHARE UPDATE
// EXCLUSIVE lock on the parent, where CREATE ... PARTITION OF takes ACCESS EXCLUSIVE and would stop
// every reader of Delivery for a moment); attaching builds the parent's indexes on it.
import "server-only";
import type { PoolClient } from "pg";
import { inSqlTransaction, sqlPool } from "@/server/sql";

export type PartitionedTable = "Delivery" | "DeviceEvent";
export const partitionedTables: readonly PartitionedTable[] = ["Delivery", "DeviceEvent"];

// Advisory lock namespace of partition changes (second key: 1 Delivery, 2 DeviceEvent).
export const PARTITION_LOCK = 4_040_010;
export const tableLockKey = (table: PartitionedTable) => (table === "Delivery" ? 1 : 2);

// How many months past the current one housekeeping keeps ready.
export const MONTHS_AHEAD = 2;

export interface Partition {
  name: string;
  // [from, to) as UTC month starts; null for the default partition.
  from: Date | null;
  to: Date | null;
}

export const monthStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
export const addMonths = (month: Date, n: number) =>
  new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + n, 1));
const day = (at: Date) => at.toISOString().slice(0, 10);
export const partitionName = (table: PartitionedTable, month: Date) =>
  `${table}_${day(month).slice(0, 7).replace("-", "_")}`;
const defaultName = (table: PartitionedTable) => `${table}_default`;
const keyColumn = (table: PartitionedTable) => (table === "Delivery" ? "runDate" : "occurredAt");

// The table's partitions, oldest first, the default one last.
export async function listPartitions(client: PoolClient | ReturnType<typeof sqlPool>, table: PartitionedTable) {
  const { rows } = await client.query<{ name: string; bound: string }>(
    `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ('public.' || quote_ident($1))::regclass`,
    [table],
  );
  const partitions: Partition[] = rows.map((row) => {
    // "FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')", with a time for DeviceEvent's timestamps.
    const values = [...row.bound.matchAll(/'(\d{4}-\d{2}-\d{2})[^']*'/g)].map((m) => new Date(`${m[1]}T00:00:00Z`));
    return { name: row.name, from: values[0] ?? null, to: values[1] ?? null };
  });
  return partitions.sort((a, b) => (a.from?.getTime() ?? Infinity) - (b.from?.getTime() ?? Infinity));
}

// Makes the month's partition of `table` unless it exists, moving that month's rows out of the
// default partition. Serialized per table by an advisory lock, so two workers never race on it.
export async function createMonthPartition(table: PartitionedTable, month: Date): Promise<boolean> {
  const from = monthStart(month);
  const to = addMonths(from, 1);
  const name = partitionName(table, from);
  const key = keyColumn(table);
  return inSqlTransaction(async (client) => {
    // Waiting long for the default partition's lock would hold every insert routed to it meanwhile.
    await client.query("set local lock_timeout = '10s'");
    await client.query(`select pg_advisory_xact_lock($1, $2)`, [PARTITION_LOCK, tableLockKey(table)]);
    const existing = await listPartitions(client, table);
    if (existing.some((p) => p.from && p.from.getTime() <= from.getTime() && p.to!.getTime() >= to.getTime())) {
      return false; // it exists: the transaction commits having only taken the lock
    }
    await client.query(`create table "${name}" (like "${table}" including defaults)`);
    await client.query(
      `with moved as (delete from "${defaultName(table)}" where "${key}" >= $1 and "${key}" < $2 returning *)
       insert into "${name}" select * from moved`,
      [day(from), day(to)],
    );
    await client.query(
      `alter table "${table}" attach partition "${name}" for values from ('${day(from)}') to ('${day(to)}')`,
    );
    return true;
  });
}

// Months whose partitions are known to exist in this process (fan-out asks for one per step).
const known = new Set<string>();

// Makes sure the month holding `at` has its own partition of `table` (fan-out calls it before writing
// a run's rows, so they never wait in the default partition for housekeeping).
export async function ensurePartitionFor(table: PartitionedTable, at: Date): Promise<void> {
  const name = partitionName(table, monthStart(at));
  if (known.has(name)) return;
  const partitions = await listPartitions(sqlPool(), table);
  if (!partitions.some((p) => p.name === name)) await createMonthPartition(table, at);
  known.add(name);
}

// Housekeeping: the current month and MONTHS_AHEAD more get partitions, and every month that has rows
// waiting in the default partition gets its own (so the default partition stays empty). Answers the
// partitions made.
export async function ensurePartitions(now = new Date()): Promise<string[]> {
  const made: string[] = [];
  for (const table of partitionedTables) {
    const months = new Map<string, Date>();
    for (let i = 0; i <= MONTHS_AHEAD; i++) {
      const month = addMonths(monthStart(now), i);
      months.set(day(month), month);
    }
    const { rows } = await sqlPool().query<{ month: string }>(
      `select distinct to_char(date_trunc('month', "${keyColumn(table)}"), 'YYYY-MM-DD') as month
         from "${defaultName(table)}"`,
    );
    for (const row of rows) months.set(row.month, new Date(`${row.month}T00:00:00Z`));
    for (const month of [...months.values()].sort((a, b) => a.getTime() - b.getTime())) {
      if (await createMonthPartition(table, month)) made.push(partitionName(table, month));
      known.add(partitionName(table, month));
    }
  }
  return made;
}

// Forgets what this process knows (a partition dropped by retention, tests).
export function forgetPartitions(names?: readonly string[]) {
  if (!names) known.clear();
  else for (const name of names) known.delete(name);
}
