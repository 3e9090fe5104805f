// A worker's heartbeat row: written at start and on every beat, gone after a clean stop (/readyz reads it).
import { randomUUID } from "node:crypto";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { startHeartbeat } from "@/server/ops/heartbeat";

describe("worker heartbeat", () => {
  it("beats while running and leaves no row behind", async () => {
    const id = `test-${randomUUID()}`;
    const heartbeat = startHeartbeat(id, pino({ level: "silent" }), 50);
    await expect.poll(() => db.workerHeartbeat.findUnique({ where: { id } }), { timeout: 5_000 }).not.toBeNull();
    const first = (await db.workerHeartbeat.findUniqueOrThrow({ where: { id } })).seenAt;
    await expect
      .poll(async () => (await db.workerHeartbeat.findUniqueOrThrow({ where: { id } })).seenAt > first, {
        timeout: 5_000,
      })
      .toBe(true);
    expect(await db.workerHeartbeat.findUniqueOrThrow({ where: { id } })).toMatchObject({ pid: process.pid });
    await heartbeat.stop();
    expect(await db.workerHeartbeat.findUnique({ where: { id } })).toBeNull();
  });
});
