// Integration tests run against a real PostgreSQL: DATABASE_URL's server when set (CI uses the
// machine's own), else the embedded one. Each run gets a fresh database, migrated, dropped after.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbedded } from "../../scripts/lib/database";
import { applyMigrations } from "../../scripts/lib/migrations";

export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => undefined } : await startEmbedded();
  const name = `herald_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base.url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(base.url);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  project.provide("databaseUrl", url.toString());
  return async () => {
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await admin.end();
    await base.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
