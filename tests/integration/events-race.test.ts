// POST /api/v1/events racing another writer of the same Delivery rows, made deterministic: a receipt
// moves the rows to delivered in a transaction that stays open while the events statement starts
// (so its snapshot still sees them sent) and waits for the rows; the receipt then commits. The
// events' effects must combine with the receipt: opens recorded, nothing counted twice.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleApiRequest } from "@/server/device-api/routes";
import { db } from "@/server/db";
import {
  createCampaignWave,
  createDelivery,
  createDevice,
  deliveredCount,
  eventually,
} from "../support/delivery-fixtures";
import { createApp } from "../support/fixtures";
import { jsonPost } from "../support/api-request";

let apiKey: string;
let appId: string;
const receipt = new pg.Client({ connectionString: process.env.DATABASE_URL, options: "-c TimeZone=UTC" });

beforeAll(async () => {
  const created = await createApp();
  [apiKey, appId] = [created.apiKey, created.app.id];
  await receipt.connect();
});

afterAll(async () => {
  await receipt.end();
});

async function post(events: unknown[]) {
  const response = await handleApiRequest(jsonPost("http://localhost/api/v1/events", { events }, apiKey));
  expect(response.status).toBe(200);
  return (await response.json()) as { accepted: number; refused: unknown[] };
}

// Backends of this database waiting for a row lock (the events statement behind the receipt). Not
// asked on the receipt's connection: inside its transaction pg_stat_activity would not change.
async function lockWaiters(): Promise<number> {
  const rows = await db.$queryRaw<
    Array<{ n: number }>
  >`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
  return rows[0].n;
}

describe("POST /api/v1/events against a concurrent receipt", () => {
  it(
    "applies opens, clicks and dismissals to rows a receipt delivered after the statement began, and counts each " +
      "delivery once",
    async () => {
      const campaign = await createCampaignWave(appId);
      const devices = await Promise.all(Array.from({ length: 4 }, () => createDevice(appId, "fcm")));
      const ids = await Promise.all(devices.map((d) => createDelivery(campaign, d, "fcm", "sent")));
      const receivedAt = new Date(Date.now() - 30_000);
      // The receipt (as mark-delivered writes it), left uncommitted.
      await receipt.query("begin");
      await receipt.query(
        `update "Delivery" set status = 'delivered', "deliveredAt" = $2 where id = any($1::bigint[])`,
        [ids, receivedAt.toISOString().replace("Z", "")],
      );
      // After the send (createDelivery sets sentAt to now): an engagement earlier than it would be moved to it.
      const occurredAt = new Date(Date.now() + 1000).toISOString();
      const types = ["opened", "clicked", "dismissed", "received"];
      const answer = post(
        devices.map((device, i) => ({
          eventId: `race-${randomUUID()}`,
          installationId: device.installationId,
          type: types[i],
          messageId: ids[i],
          occurredAt,
          ...(types[i] === "clicked" ? { actionId: "buy" } : {}),
        })),
      );
      await eventually(async () => (await lockWaiters()) > 0);
      await receipt.query("commit");
      expect((await answer).accepted).toBe(4);

      const rows = await db.delivery.findMany({
        where: { id: { in: ids.map(BigInt) } },
        select: { id: true, status: true, deliveredAt: true, openedAt: true, clickedAt: true, dismissedAt: true },
        orderBy: { id: "asc" },
      });
      const byId = new Map(rows.map((r) => [r.id.toString(), r]));
      const [opened, clicked, dismissed, received] = ids.map((id) => byId.get(id)!);
      for (const row of rows) expect(row).toMatchObject({ status: "delivered", deliveredAt: receivedAt });
      expect(opened.openedAt).toEqual(new Date(occurredAt));
      expect(clicked).toMatchObject({ openedAt: new Date(occurredAt), clickedAt: new Date(occurredAt) });
      expect(dismissed.dismissedAt).toEqual(new Date(occurredAt));
      expect(received).toMatchObject({ openedAt: null, clickedAt: null, dismissedAt: null });
      // The receipt delivered them; the events moved none (this receipt bumps no counter itself).
      expect(await deliveredCount(campaign.campaignId)).toBe(0);
    },
  );
});
