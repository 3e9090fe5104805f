// `npm start` (and `npm run dev` with --dev): the zero-setup path. Finds or starts PostgreSQL,
// migrates, seeds demo data, builds when needed, serves on PORT (3000) and prints how to sign in.
import { demoStaff } from "../prisma/demo-campaigns";
import { seedDemo } from "../prisma/seed";
import { buildIfStale } from "./lib/build-state";
import { EmbeddedDatabaseError, resolveDatabase } from "./lib/database";
import { applyMigrations, projectRoot } from "./lib/migrations";
import { ensureSecrets } from "./lib/secrets";
import { serve } from "./serve";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const say = (line: string) => console.log(`[herald] ${line}`);

await ensureSecrets();
const db = await resolveDatabase(say).catch((error: unknown) => {
  if (!(error instanceof EmbeddedDatabaseError)) throw error;
  console.error(`[herald] cannot start: ${error.message}`);
  process.exit(1);
});
say(db.embedded ? `using the embedded PostgreSQL (data in .data/postgres)` : `using DATABASE_URL`);
const applied = await applyMigrations(db.url);
if (applied.length) say(`applied migrations: ${applied.join(", ")}`);
// The first admin is always ensured; demo data only on the embedded database unless asked for.
const demoApp = process.env.HERALD_DEMO_DATA ? process.env.HERALD_DEMO_DATA === "true" : db.embedded;
const seeded = await seedDemo(db.url, {
  log: say,
  demoApp,
  devices: Number(process.env.HERALD_DEMO_DEVICES ?? 10_000),
});

process.env.DATABASE_URL = db.url;
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;

if (!dev) {
  try {
    buildIfStale(projectRoot, {
      distDir: process.env.NEXT_DIST_DIR,
      force: process.env.HERALD_FORCE_BUILD === "1",
      log: say,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await db.stop();
    process.exit(1);
  }
}

const server = await serve({ dev, port, hostname: process.env.HERALD_HOST });
// One worker in this process so the Quick start sends for real (HERALD_WORKER=false when workers run separately).
const worker =
  process.env.HERALD_WORKER === "false" ? null : await (await import("../server/jobs/worker")).startWorker();

const lines = [`Herald is running at http://localhost:${port}`];
if (seeded.admin.password)
  lines.push(
    `Sign in as ${seeded.admin.email} with password ${seeded.admin.password}`,
    "(printed once: keep it; ADMIN_EMAIL / ADMIN_PASSWORD set it on a fresh database)",
  );
else
  lines.push(
    `Sign in as ${seeded.admin.email} (its password was printed on the first start; ` +
      "npm run user:reset-password -- <email> sets a new one)",
  );
if (seeded.demoApp?.apiKey) lines.push(`Demo app "${seeded.demoApp.name}" API key: ${seeded.demoApp.apiKey}`);
if (seeded.demoApp && seeded.admin.password)
  lines.push(`Demo staff ${demoStaff.map((s) => s.email).join(", ")} use the same password`);
const width = Math.max(...lines.map((l) => l.length));
console.log(`\n${"=".repeat(width)}\n${lines.join("\n")}\n${"=".repeat(width)}\n`);

// Simulated devices of the demo app in the background (README "Device simulator"; HERALD_SIMULATOR).
const { startDemoSimulator } = await import("./simulator/demo");
const seededApp = seeded.demoApp ? { id: seeded.demoApp.id, apiKey: seeded.demoApp.apiKey } : null;
const simulator = await startDemoSimulator({
  databaseUrl: db.url,
  embedded: db.embedded,
  port,
  seededApp,
  workerInProcess: worker !== null,
  log: say,
});

// Ctrl-C (or SIGTERM): stop taking work (simulated devices, the worker finishes or releases its in-flight
// batches, the HTTP server closes), close the database pools, then stop the embedded database, which
// runs in a process group of its own so the terminal's SIGINT does not reach it first
// (scripts/lib/embedded-process.ts). One line says it is done.
let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  const problems: string[] = [];
  const step = async (what: string, work: () => Promise<unknown> | undefined) => {
    try {
      await work();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await step("simulator", () => simulator?.stop());
  await step("worker", () => worker?.stop());
  await step("server", () => server.close());
  const [{ closeDb }, { closeSqlPool }, { stopInboxListener }] = await Promise.all([
    import("../server/db"),
    import("../server/sql"),
    import("../server/inbox/waiters"),
  ]);
  await step("database pools", () => Promise.all([closeDb(), closeSqlPool(), stopInboxListener()]));
  await step("database", () => db.stop());
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  say(problems.length ? `stopped in ${took}, with problems: ${problems.join("; ")}` : `stopped cleanly in ${took}`);
  process.exit(problems.length ? 1 : 0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
