// Prisma Migrate's folder layout, read and written without the Prisma CLI: each migration is
// prisma/migrations/<timestamp>_<name>/migration.sql, plus schema.prisma, a copy of the datamodel
// as it stood after that migration, which is what the next migration is diffed from.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { noFilters, openEngine, withEngineLock, type MigrationList } from "./schema-engine";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");
const lockfileName = "migration_lock.toml";
const lockfileText = '# Written by scripts/db-migration.ts; keep it under version control.\nprovider = "postgresql"\n';

export async function listMigrationNames(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
    .map((e) => e.name)
    .sort();
}

export async function readMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const names = await listMigrationNames(dir);
  const lockfile = await readFile(path.join(dir, lockfileName), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: await readFile(path.join(dir, name, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

// Applies every migration not yet recorded in _prisma_migrations; returns the names applied.
export function applyMigrations(connectionString: string, dir = migrationsDir): Promise<string[]> {
  return withEngineLock(async () => {
    const engine = await openEngine(connectionString, [["schema.prisma", await readFile(schemaPath, "utf8")]]);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({
        migrationsList: await readMigrationList(dir),
        filters: noFilters,
      });
      return appliedMigrationNames;
    } finally {
      engine.free();
    }
  });
}

// The datamodel the migrations produce: the snapshot kept beside the newest migration.
export async function readMigratedDatamodel(dir = migrationsDir): Promise<string | null> {
  const names = await listMigrationNames(dir);
  const last = names.at(-1);
  return last ? readFile(path.join(dir, last, "schema.prisma"), "utf8") : null;
}

// SQL that takes a database from the `from` datamodel (null: empty) to the `to` datamodel.
// The engine wants a database connection even for a diff of two datamodels; nothing is written to it.
export function diffDatamodels(connectionString: string, from: string | null, to: string): Promise<string> {
  return withEngineLock(async () => {
    const engine = await openEngine(connectionString, [["schema.prisma", to]]);
    try {
      const result = await engine.diff({
        from:
          from === null
            ? { tag: "empty" }
            : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      return result.stdout ?? "";
    } finally {
      engine.free();
    }
  });
}

// True when a diff script contains statements (the engine prints only a comment for no change).
export function hasStatements(sql: string): boolean {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

// Writes a new migration folder from the difference between the last snapshot and schema.prisma.
export async function createMigration(
  connectionString: string,
  name: string,
  dir = migrationsDir,
): Promise<string | null> {
  const current = await readFile(schemaPath, "utf8");
  const previous = await readMigratedDatamodel(dir);
  const sql = await diffDatamodels(connectionString, previous, current);
  if (!hasStatements(sql)) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "migration";
  const folder = path.join(dir, `${stamp}_${slug}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
  await writeFile(path.join(folder, "schema.prisma"), current);
  await writeFile(path.join(dir, lockfileName), lockfileText);
  return folder;
}
