// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/ from the schema diff.
import path from "node:path";
import { resolveDatabase } from "./lib/database";
import { createMigration, projectRoot } from "./lib/migrations";

const name = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const db = await resolveDatabase();
const folder = await createMigration(db.url, name).finally(() => db.stop());
if (folder) console.log(`wrote ${path.relative(projectRoot, folder)}/migration.sql`);
else console.log("schema.prisma matches the migrations: nothing to write");
// The Wasm schema engine leaves a 10-second internal timer armed; nothing else is pending here.
process.exit(process.exitCode ?? 0);
