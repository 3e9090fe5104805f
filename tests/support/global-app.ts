// Browser tests run against the real thing: Herald's server on a fresh, migrated, seeded database,
// driven by Debian's Chromium through playwright-core.
import { spawn, type ChildProcess } from "node:child_process";
import type { TestProject } from "vitest/node";
import { seedDemo } from "../../prisma/seed";
import { buildIfStale } from "../../scripts/lib/build-state";
import { anyFreePort, dropDatabase, freshDatabase, startEmbedded } from "../../scripts/lib/database";
import { projectRoot } from "../../scripts/lib/migrations";
import { findChromium } from "./browser";

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  const chromium = findChromium();
  project.provide("chromiumPath", chromium ?? "");
  if (!chromium) {
    const message = "No Chromium found (set CHROMIUM_PATH or install Debian's chromium): browser tests cannot run.";
    if (process.env.CI || process.env.HERALD_REQUIRE_E2E) throw new Error(message);
    console.warn(`\n[e2e] ${message} They are reported as skipped.\n`);
    project.provide("baseUrl", "");
    project.provide("adminEmail", "");
    project.provide("adminPassword", "");
    project.provide("databaseUrl", "");
    project.provide("metricsToken", "");
    return;
  }
  const base = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbedded();
  const name = `herald_e2e_${process.pid}_${Date.now().toString(36)}`;
  const databaseUrl = await freshDatabase(base.url, name);
  const adminEmail = "e2e-admin@herald.test";
  const adminPassword = "e2e-admin-password-1";
  process.env.ADMIN_EMAIL = adminEmail;
  process.env.ADMIN_PASSWORD = adminPassword;
  await seedDemo(databaseUrl, { devices: 300 });

  const port = await anyFreePort();
  // GET /metrics is on in the browser suite's server (tests/e2e/metrics.test.ts scrapes it).
  const metricsToken = `e2e-metrics-${process.pid}-${Date.now().toString(36)}`;
  project.provide("metricsToken", metricsToken);
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
    HERALD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    LOG_LEVEL: "warn",
    HERALD_METRICS_TOKEN: metricsToken,
    // A proxy address for the HTTPS cases of tests/e2e/security-headers.test.ts (requests sent from it
    // with X-Forwarded-Proto: https count as HTTPS); no other test connects from it.
    HERALD_TRUSTED_PROXIES: "127.0.0.254",
  };
  buildIfStale(projectRoot, { env });
  // The production entry point, as `npm start` runs it (the device API bypasses Next.js there).
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForHttp(`http://localhost:${port}/login`, server, 60_000);

  project.provide("baseUrl", `http://localhost:${port}`);
  project.provide("adminEmail", adminEmail);
  project.provide("adminPassword", adminPassword);
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    server.kill("SIGTERM");
    await dropDatabase(base.url, name);
    await base.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    chromiumPath: string;
    metricsToken: string;
  }
}
