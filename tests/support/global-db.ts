// Integration tests run against a real PostgreSQL: DATABASE_URL's server when set (CI uses the
// machine's own), else the embedded one. Each run gets a fresh database, migrated, dropped after.
import type { TestProject } from "vitest/node";
import { dropDatabase, freshDatabase, startEmbedded } from "../../scripts/lib/database";

export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbedded();
  const name = `herald_test_${process.pid}_${Date.now().toString(36)}`;
  project.provide("databaseUrl", await freshDatabase(base.url, name));
  return async () => {
    await dropDatabase(base.url, name);
    await base.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
