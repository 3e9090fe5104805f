// The campaign page's live figures (GET /api/campaigns/{id}/progress): deliveries from the campaign's
// counter and opens with the open rate from the analytics rollups, as the report reads them, for any
// role that may view campaigns (an analyst too), and nothing for someone signed out.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/campaigns/[campaignId]/progress/route";
import type { CampaignProgress } from "@/lib/campaigns/types";
import { recordEvents } from "@/server/analytics/record-events";
import { rollupPass } from "@/server/analytics/rollup-loop";
import type { StaffUser } from "@/server/auth/session";
import { db } from "@/server/db";
import { markDelivered } from "@/server/receipts/mark-delivered";
import { createCampaignWave, createDelivery, createDevice } from "../support/delivery-fixtures";
import { createApp, createUser } from "../support/fixtures";

const session = vi.hoisted(() => ({ user: null as StaffUser | null }));
vi.mock("@/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

async function progressOf(campaignId: string): Promise<{ status: number; body: CampaignProgress }> {
  const response = await GET(new Request(`http://localhost/api/campaigns/${campaignId}/progress`), {
    params: Promise.resolve({ campaignId }),
  });
  return { status: response.status, body: (await response.json()) as CampaignProgress };
}

describe("live campaign progress", () => {
  beforeEach(() => {
    session.user = null;
  });
  afterEach(() => {
    session.user = null;
  });

  it("shows deliveries at once and opens from the rollups, to an analyst", async () => {
    const { app } = await createApp();
    const devices = await Promise.all([0, 1, 2].map(() => createDevice(app.id, "poll")));
    const campaign = await createCampaignWave(app.id);
    const deliveries: string[] = [];
    for (const device of devices) deliveries.push(await createDelivery(campaign, device, "poll", "sent"));
    await db.campaign.update({
      where: { id: campaign.campaignId },
      data: { state: "completed", completedAt: new Date(), targetedCount: 3, sentCount: 3 },
    });
    session.user = await createUser("analyst");

    const before = await progressOf(campaign.campaignId);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ state: "completed", delivered: 0, opened: 0, openRate: null });

    // The devices fetch their inbox (receipts), then two of them open the push after completion.
    await markDelivered(
      devices.map((d, i) => ({ deliveryId: deliveries[i]!, appId: app.id, installationId: d.installationId })),
      "poll",
    );
    expect((await progressOf(campaign.campaignId)).body.delivered).toBe(3);
    await recordEvents(
      app.id,
      devices.slice(0, 2).map((d, index) => ({
        index,
        eventId: randomUUID(),
        installationId: d.installationId,
        type: "opened" as const,
        campaignId: campaign.campaignId,
        messageId: deliveries[index]!,
        actionId: null,
        name: null,
        value: null,
        currency: null,
        occurredAt: new Date(),
      })),
    );
    await rollupPass();
    const after = await progressOf(campaign.campaignId);
    expect(after.body).toMatchObject({ delivered: 3, opened: 2 });
    expect(after.body.openRate).toBeCloseTo(2 / 3, 5);
  });

  it("answers 401 to someone signed out", async () => {
    const { status } = await progressOf(randomUUID());
    expect(status).toBe(401);
  });
});
