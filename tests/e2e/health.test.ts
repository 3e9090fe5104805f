// /healthz and /readyz on the real server (issue [4/5] item 16): no auth; readiness names each check
// and turns 503 while no worker has written a heartbeat (the browser suite runs the server alone).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
let client: pg.Client;

interface Readiness {
  status: string;
  checks: Record<"database" | "migrations" | "workers" | "broker", { ok: boolean; detail: string }>;
}

async function readyz(): Promise<{ status: number; body: Readiness }> {
  const answer = await fetch(`${baseUrl}/readyz`);
  return { status: answer.status, body: (await answer.json()) as Readiness };
}

describe("health probes", () => {
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it("answers /healthz without signing in", async () => {
    const answer = await fetch(`${baseUrl}/healthz`, { redirect: "manual" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: "ok" });
  });

  it("is not ready without a worker, and ready once one beats", async () => {
    await client.query(`delete from "WorkerHeartbeat"`);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = await readyz();
    expect(before.status).toBe(503);
    expect(before.body.status).toBe("not_ready");
    expect(before.body.checks.database.ok).toBe(true);
    expect(before.body.checks.migrations).toMatchObject({ ok: true });
    expect(before.body.checks.workers.ok).toBe(false);

    const id = `e2e-${randomUUID()}`;
    await client.query(`insert into "WorkerHeartbeat" (id, host, pid) values ($1, 'e2e', 1)`, [id]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await readyz();
    expect(after.status).toBe(200);
    expect(after.body.status).toBe("ready");
    expect(after.body.checks.workers).toEqual({ ok: true, detail: "1 alive" });

    // A heartbeat older than 30 s does not count.
    await client.query(`update "WorkerHeartbeat" set "seenAt" = now() - interval '31 seconds' where id = $1`, [id]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await readyz()).status).toBe(503);
    await client.query(`delete from "WorkerHeartbeat" where id = $1`, [id]);
  });

  it("reports a migration the database lacks", async () => {
    const { rows } = await client.query<{ name: string }>(
      `select migration_name as name from _prisma_migrations order by migration_name desc limit 1`,
    );
    const newest = rows[0]!.name;
    await client.query(
      `update _prisma_migrations set migration_name = migration_name || '-hidden' where migration_name = $1`,
      [newest],
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const answer = await readyz();
      expect(answer.status).toBe(503);
      expect(answer.body.checks.migrations).toEqual({ ok: false, detail: `not applied: ${newest}` });
    } finally {
      await client.query(`update _prisma_migrations set migration_name = $1 where migration_name = $2`, [
        newest,
        `${newest}-hidden`,
      ]);
    }
  });
});
