// Benchmark apps with keys; fresh databases come from scripts/lib/database.
import pg from "pg";
import { newApiKey } from "../../server/crypto";

export { freshDatabase } from "../../scripts/lib/database";

// Inserts an app directly and returns its id and (clear) API key.
export async function createBenchApp(client: pg.Client, name: string): Promise<{ id: string; apiKey: string }> {
  const key = newApiKey();
  const { rows } = await client.query<{ id: string }>(
    `insert into "App" ("id", "name", "apiKeyPrefix", "apiKeyHash", "updatedAt")
       values (gen_random_uuid(), $1, $2, $3, now()) returning "id"`,
    [name, key.prefix, key.hash],
  );
  return { id: rows[0].id, apiKey: key.key };
}
