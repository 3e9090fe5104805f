// A fresh, migrated benchmark database on the resolved PostgreSQL server, and apps with keys in it.
import pg from "pg";
import { newApiKey } from "../../server/crypto";
import { applyMigrations } from "../../scripts/lib/migrations";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Drops and re-creates `name` on the server of `serverUrl`, migrates it and returns its URL.
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  await applyMigrations(url);
  return url;
}

// Inserts an app directly and returns its id and (clear) API key.
export async function createBenchApp(client: pg.Client, name: string): Promise<{ id: string; apiKey: string }> {
  const key = newApiKey();
  const { rows } = await client.query<{ id: string }>(
    `insert into "App" ("id", "name", "apiKeyPrefix", "apiKeyHash", "updatedAt") values (gen_random_uuid(), $1, $2, $3, now()) returning "id"`,
    [name, key.prefix, key.hash],
  );
  return { id: rows[0].id, apiKey: key.key };
}
