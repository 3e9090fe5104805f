// The one Prisma client. Secrets (password hashes, API key hashes, sealed provider credentials)
// are omitted from every query unless a query asks for them by name.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/server/generated/prisma/client";

function createClient() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set; start Herald with `npm start` or set it.");
  // The adapter gets a pool of ours so /metrics can report its use (openDbPool); $disconnect ends it.
  const pool = new pg.Pool({ connectionString, max: Number(process.env.HERALD_DB_POOL ?? 20) });
  holder.heraldDbPool = pool;
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({
    adapter,
    omit: {
      user: { passwordHash: true },
      app: { apiKeyHash: true },
      providerCredential: { secretSealed: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const holder = globalThis as { heraldDb?: Db; heraldDbPool?: pg.Pool };

// Lazily created so that importing a module never needs a database (builds, unit tests).
export function getDb(): Db {
  holder.heraldDb ??= createClient();
  return holder.heraldDb;
}

// The Prisma client's pool if the client was made, without making one (/metrics: server/ops/metrics.ts).
export function openDbPool(): pg.Pool | undefined {
  return holder.heraldDb ? holder.heraldDbPool : undefined;
}

// Disconnects the client if one was made (shutdown, after the last query).
export async function closeDb(): Promise<void> {
  const client = holder.heraldDb;
  holder.heraldDb = undefined;
  await client?.$disconnect();
}

export const db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});
