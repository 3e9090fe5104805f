// Linked facts against the real database: the per-device list of a campaign (each outcome, the reason and error
// filters, keyset pages that add up to the whole filter, another campaign's rows never in it), its CSV export and
// page for every role that may read reports and nobody else, and the device trace found by either of a device's IDs.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StaffUser } from "@/server/auth/session";
import {
  deliveryListHref,
  parseDeliveryListQuery,
  safeBackHref,
  type DeliveryCursor,
  type DeliveryListFilter,
  type DeliveryListRow,
} from "@/lib/analytics/delivery-list";
import { getCampaignDeliveries, getDeviceTrace } from "@/server/analytics/queries";
import { sqlPool } from "@/server/sql";
import { seedSentCampaign } from "../support/analytics-seed";
import { insertDevices } from "../support/dispatch";
import { createApp, createUser } from "../support/fixtures";

// The signed-in user of the route and page under test.
const session = vi.hoisted(() => ({ user: null as StaffUser | null }));
vi.mock("@/server/auth/session", async (original) => ({
  ...(await original<typeof import("@/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  requirePageUser: async () => {
    if (!session.user) throw new Error("redirect:/login");
    return session.user;
  },
}));
// The export's column headers are the message keys here (no Next.js request to read a locale from).
vi.mock("next-intl/server", async (original) => ({
  ...(await original<typeof import("next-intl/server")>()),
  getTranslations: async () => (key: string) => key,
}));

const DAY = 86_400_000;
let appId: string;
let otherAppId: string;
let campaignId: string;
let otherCampaignId: string;

interface Raw {
  deviceId: string;
  run: number;
  status: string;
  reason: string | null;
  errorCode: string | null;
  sent: boolean;
  received: boolean;
  opened: boolean;
  clicked: boolean;
}

async function rawRows(id: string): Promise<Raw[]> {
  const { rows } = await sqlPool().query<Raw>(
    `select "deviceId", run, status::text, reason::text, "errorCode", "sentAt" is not null as sent,
            "deliveredAt" is not null as received, "openedAt" is not null as opened, "clickedAt" is not null as clicked
       from "Delivery" where "campaignId" = $1 order by run, "deviceId"`,
    [id],
  );
  return rows;
}

const matches = (filter: DeliveryListFilter) => (row: Raw) => {
  switch (filter.outcome) {
    case "all":
      return true;
    case "sent":
      return row.sent;
    case "received":
      return row.received;
    case "opened":
      return row.opened;
    case "clicked":
      return row.clicked;
    case "suppressed":
      return row.status === "suppressed" && (!filter.reason || row.reason === filter.reason);
    case "failed":
      return row.status === "failed" && (!filter.error || row.errorCode === filter.error);
    default:
      return row.status === filter.outcome;
  }
};

// Every page of a filter, following the cursors.
async function walk(filter: DeliveryListFilter, limit?: number) {
  const rows: DeliveryListRow[] = [];
  const totals = new Set<number>();
  let after: DeliveryCursor | undefined;
  let pages = 0;
  do {
    const page = await getCampaignDeliveries(campaignId, filter, { after, limit });
    rows.push(...page.rows);
    totals.add(page.total);
    after = page.next ?? undefined;
    pages += 1;
  } while (after && pages < 100);
  return { rows, totals: [...totals], pages };
}

beforeAll(async () => {
  appId = (await createApp()).app.id;
  await insertDevices(appId, 180, { channel: "fcm" });
  await insertDevices(appId, 40, { channel: "mqtt", platform: "ios" });
  campaignId = await seedSentCampaign(sqlPool(), appId, {
    name: "Linked facts sale",
    type: "promotion",
    startedAt: new Date(Date.now() - 2 * DAY),
    variants: [
      { key: "A", openRate: 0.4 },
      { key: "B", openRate: 0.2 },
    ],
    holdoutPercent: 10,
    seed: 11,
  });
  // The same devices in a second campaign of the app, and a campaign of another app: never in the first's list.
  otherCampaignId = await seedSentCampaign(sqlPool(), appId, {
    name: "Linked facts news",
    type: "news",
    startedAt: new Date(Date.now() - DAY),
    variants: [{ key: "A", openRate: 0.3 }],
    seed: 12,
  });
  otherAppId = (await createApp()).app.id;
  await insertDevices(otherAppId, 30);
  await seedSentCampaign(sqlPool(), otherAppId, {
    name: "Linked facts elsewhere",
    type: "news",
    startedAt: new Date(Date.now() - DAY),
    variants: [{ key: "A", openRate: 0.3 }],
    seed: 13,
  });
});

afterAll(() => {
  session.user = null;
});

describe("per-device list of a campaign", () => {
  it("lists exactly the campaign's devices of each outcome, in keyset pages that add up", async () => {
    const raw = await rawRows(campaignId);
    expect(raw.length).toBe(220);
    for (const outcome of ["all", "queued", "sent", "failed", "suppressed", "received", "opened", "clicked"] as const) {
      const expected = raw.filter(matches({ outcome })).map((r) => r.deviceId);
      const { rows, totals } = await walk({ outcome });
      expect(
        rows.map((r) => r.deviceId),
        outcome,
      ).toEqual(expected);
      expect(totals, outcome).toEqual([expected.length]);
    }
    // The outcomes the seed always has, so the comparisons above are not all of empty lists.
    for (const outcome of ["failed", "suppressed", "opened", "received"] as const)
      expect(raw.filter(matches({ outcome })).length, outcome).toBeGreaterThan(0);
  });

  it("pages by the cursor without repeating or skipping a device", async () => {
    const { rows, pages } = await walk({ outcome: "all" }, 50);
    expect(pages).toBe(5);
    expect(new Set(rows.map((r) => r.deviceId)).size).toBe(220);
    const first = await getCampaignDeliveries(campaignId, { outcome: "all" }, { limit: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.next).toEqual({ run: first.rows[49]!.run, deviceId: first.rows[49]!.deviceId });
    const second = await getCampaignDeliveries(campaignId, { outcome: "all" }, { limit: 50, after: first.next! });
    expect(second.rows[0]!.deviceId > first.rows[49]!.deviceId).toBe(true);
    const last = await getCampaignDeliveries(campaignId, { outcome: "all" }, { limit: 50, after: rows.at(-1)! });
    expect(last).toMatchObject({ rows: [], next: null, total: 220 });
  });

  it("narrows suppressions by reason and failures by error code, with the device and its detail", async () => {
    const raw = await rawRows(campaignId);
    for (const reason of ["holdout", "cap", "quiet_hours", "vendor_quota", "expired"] as const) {
      const expected = raw.filter(matches({ outcome: "suppressed", reason }));
      const { rows } = await walk({ outcome: "suppressed", reason });
      expect(
        rows.map((r) => r.deviceId),
        reason,
      ).toEqual(expected.map((r) => r.deviceId));
      expect(rows.every((r) => r.reason === reason && r.status === "suppressed")).toBe(true);
    }
    expect(raw.filter(matches({ outcome: "suppressed", reason: "holdout" })).length).toBeGreaterThan(0);
    const codes = [...new Set(raw.filter((r) => r.status === "failed").map((r) => r.errorCode!))];
    expect(codes.length).toBeGreaterThan(0);
    for (const error of codes) {
      const { rows } = await walk({ outcome: "failed", error });
      expect(rows.map((r) => r.deviceId)).toEqual(
        raw.filter(matches({ outcome: "failed", error })).map((r) => r.deviceId),
      );
      expect(rows.every((r) => r.errorCode === error)).toBe(true);
    }
    const { rows } = await walk({ outcome: "failed" });
    const installations = await sqlPool().query<{ id: string; installationId: string }>(
      `select id, "installationId" from "Device" where "appId" = $1`,
      [appId],
    );
    const byId = new Map(installations.rows.map((d) => [d.id, d.installationId]));
    expect(rows.every((r) => r.installationId === byId.get(r.deviceId))).toBe(true);
  });

  it("never shows another campaign's rows, and a bad campaign ID lists nothing", async () => {
    const other = new Set((await rawRows(otherCampaignId)).map((r) => `${r.run}-${r.deviceId}`));
    expect(other.size).toBeGreaterThan(0);
    const { rows } = await walk({ outcome: "all" });
    // Same devices, other campaign: the list holds exactly this campaign's runs (one here).
    expect(rows.every((r) => r.run === 0)).toBe(true);
    expect(await getCampaignDeliveries("not-a-uuid", { outcome: "all" })).toEqual({ rows: [], total: 0, next: null });
    expect((await getCampaignDeliveries(randomUUID(), { outcome: "all" })).total).toBe(0);
  });

  it("reads its URL leniently and keeps back links inside the list", () => {
    expect(parseDeliveryListQuery({ outcome: "suppressed", reason: "cap" })).toEqual({
      filter: { outcome: "suppressed", reason: "cap" },
      after: undefined,
      ignored: [],
    });
    expect(parseDeliveryListQuery({ outcome: "bogus", reason: "cap", after: "x" })).toEqual({
      filter: { outcome: "all" },
      after: undefined,
      ignored: ["outcome", "reason", "after"],
    });
    const href = deliveryListHref(campaignId, { outcome: "failed", error: "UNREGISTERED" });
    expect(safeBackHref(href)).toBe(href);
    expect(safeBackHref("https://evil.example/campaigns")).toBeUndefined();
    expect(safeBackHref("//evil.example")).toBeUndefined();
  });
});

describe("who may read the list and its export", () => {
  const exportOf = async (query: string) => {
    const { GET } = await import("@/app/(dashboard)/campaigns/[campaignId]/deliveries/export/route");
    return GET(new Request(`http://herald.test/campaigns/${campaignId}/deliveries/export?${query}`), {
      params: Promise.resolve({ campaignId }),
    });
  };

  it("exports the filter as CSV for every role that reads reports, and refuses anyone signed out", async () => {
    session.user = null;
    expect((await exportOf("outcome=failed")).status).toBe(401);
    const failed = (await rawRows(campaignId)).filter((r) => r.status === "failed").length;
    for (const role of ["admin", "editor", "marketer", "analyst"] as const) {
      session.user = await createUser(role);
      const response = await exportOf("outcome=failed");
      expect(response.status, role).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      const lines = (await response.text()).trim().split("\r\n");
      expect(lines.length, role).toBe(failed + 1);
    }
    const missing = await (
      await import("@/app/(dashboard)/campaigns/[campaignId]/deliveries/export/route")
    ).GET(new Request("http://herald.test/x"), { params: Promise.resolve({ campaignId: randomUUID() }) });
    expect(missing.status).toBe(404);
  });

  it("shows the page only for the campaign's own app", async () => {
    session.user = await createUser("analyst");
    const { default: Page } = await import("@/app/(dashboard)/campaigns/[campaignId]/deliveries/page");
    const render = (app?: string) =>
      Page({
        params: Promise.resolve({ campaignId }),
        searchParams: Promise.resolve({ outcome: "failed", ...(app ? { app } : {}) }),
      });
    await expect(render(otherAppId)).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
    const element = (await render(appId)) as { props: { page: { total: number } } };
    expect(element.props.page.total).toBe((await rawRows(campaignId)).filter((r) => r.status === "failed").length);
    session.user = null;
    await expect(render(appId)).rejects.toThrow(/redirect:\/login/);
  });
});

describe("device trace by either ID", () => {
  it("finds a device by its installation ID or its device ID, in its own app only", async () => {
    const { rows } = await sqlPool().query<{ id: string; installationId: string }>(
      `select id, "installationId" from "Device" where "appId" = $1 order by id limit 1`,
      [appId],
    );
    const device = rows[0]!;
    expect(device.id).not.toBe(device.installationId);
    const byInstallation = await getDeviceTrace(appId, device.installationId);
    const byDevice = await getDeviceTrace(appId, device.id);
    expect(byInstallation?.device.id).toBe(device.id);
    expect(byDevice?.device.installationId).toBe(device.installationId);
    expect(byDevice).toEqual(byInstallation);
    expect((await getDeviceTrace(appId, device.id.toUpperCase()))?.device.id).toBe(device.id);
    // Two campaigns targeted it; narrowed to one, only that one's delivery.
    expect(new Set(byDevice!.deliveries.map((d) => d.campaignId))).toEqual(new Set([campaignId, otherCampaignId]));
    const one = await getDeviceTrace(appId, device.id, { campaignId });
    expect(one!.deliveries.map((d) => d.campaignId)).toEqual([campaignId]);
    expect(await getDeviceTrace(otherAppId, device.id)).toBeNull();
    expect(await getDeviceTrace(appId, randomUUID())).toBeNull();
    expect(await getDeviceTrace(appId, "device-1")).toBeNull();
  });
});
