// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded PostgreSQL).
import { applyMigrations } from "./lib/migrations";
import { resolveDatabase } from "./lib/database";

const db = await resolveDatabase();
try {
  const applied = await applyMigrations(db.url);
  console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
} finally {
  await db.stop();
}
// The Wasm schema engine leaves a 10-second internal timer armed; nothing else is pending here.
process.exit(process.exitCode ?? 0);
