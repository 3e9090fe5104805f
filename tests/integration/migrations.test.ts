// schema.prisma and prisma/migrations must never drift apart: the last migration's snapshot equals
// schema.prisma, and the migrations build exactly the database that schema.prisma describes.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  applyMigrations,
  diffDatamodels,
  hasStatements,
  readMigratedDatamodel,
  schemaPath,
} from "../../scripts/lib/migrations";
import { describeSchema, withDatabase } from "../support/catalog";

const url = inject("databaseUrl");
const scratch = `herald_drift_${process.pid}`;
const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });

afterAll(async () => {
  await admin.query(`drop database if exists "${scratch}" with (force)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
});

describe("migrations", () => {
  it("have a migration for every change in schema.prisma", async () => {
    const current = await readFile(schemaPath, "utf8");
    const migrated = await readMigratedDatamodel();
    expect(migrated, "prisma/migrations has no migration yet").not.toBeNull();
    const pending = await diffDatamodels(url, migrated, current);
    expect(
      hasStatements(pending),
      `schema.prisma has changes without a migration; run npm run db:migration -- <name>\n${pending}`,
    ).toBe(false);
  });

  it("build the same database as schema.prisma describes", async () => {
    await admin.connect();
    await admin.query(`drop database if exists "${scratch}" with (force)`);
    await admin.query(`create database "${scratch}"`);
    const script = await diffDatamodels(url, null, await readFile(schemaPath, "utf8"));
    const direct = new pg.Client({ connectionString: withDatabase(url, scratch) });
    await direct.connect();
    await direct.query(script);
    await direct.end();
    expect(await describeSchema(url)).toEqual(await describeSchema(withDatabase(url, scratch)));
  });

  it("apply nothing the second time", async () => {
    expect(await applyMigrations(url)).toEqual([]);
  });
});
