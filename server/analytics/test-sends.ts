// One device's recent test sends (server/dispatch/test-send.ts writes them) for the device trace: who
// sent which campaign's content when, through which channel, and what the provider answered.
import "server-only";
import { db } from "@/server/db";

export const TRACE_TEST_SENDS = 50;

export interface TraceTestSend {
  id: string;
  campaignId: string | null;
  campaignName: string | null;
  userName: string;
  channel: string | null;
  variantKey: string;
  locale: string;
  title: string;
  outcome: string;
  errorCode: string | null;
  sentAt: string;
}

export async function deviceTestSends(deviceId: string): Promise<TraceTestSend[]> {
  const rows = await db.testSend.findMany({
    where: { deviceId },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: TRACE_TEST_SENDS,
  });
  const campaignIds = [...new Set(rows.flatMap((row) => (row.campaignId ? [row.campaignId] : [])))];
  const names = new Map(
    (await db.campaign.findMany({ where: { id: { in: campaignIds } }, select: { id: true, name: true } })).map((c) => [
      c.id,
      c.name,
    ]),
  );
  return rows.map((row) => ({
    id: row.id,
    campaignId: row.campaignId,
    campaignName: row.campaignId ? (names.get(row.campaignId) ?? null) : null,
    userName: row.userName,
    channel: row.channel,
    variantKey: row.variantKey,
    locale: row.locale,
    title: row.title,
    outcome: row.outcome,
    errorCode: row.errorCode,
    sentAt: row.sentAt.toISOString(),
  }));
}
