// A campaign's audience: its expression (saved segment, inline, or the whole app), narrowed to test
// devices when asked, counted and split by time zone for wave planning.
import "server-only";
import { tryParseSegment, type SegmentNode } from "@/lib/segments";
import { UserError } from "@/server/errors";
import { compileSegment } from "@/server/segments/compile";
import { countAudience, type AudienceCount } from "@/server/segments/count";
import { countReach, type ReachSend } from "@/server/segments/reach";
import { sqlPool } from "@/server/sql";

// The syntax tree of an audience; an empty expression is the whole app. A parse error becomes a
// field error on `field` that says where the expression went wrong.
export function audienceAst(
  expression: string | null | undefined,
  testDevicesOnly: boolean,
  field = "campaign.expression",
): SegmentNode {
  const text = expression?.trim() ?? "";
  let ast: SegmentNode = { kind: "and", children: [] };
  if (text) {
    const parsed = tryParseSegment(text);
    if (!parsed.ok) throw new UserError("The audience expression does not parse.", { [field]: [parsed.error.message] });
    ast = parsed.ast;
  }
  return testDevicesOnly ? { kind: "and", children: [{ kind: "test", value: true }, ast] } : ast;
}

// True when the audience is every device of the app (needs the app's name typed to confirm).
export function isWholeApp(expression: string | null | undefined, testDevicesOnly: boolean): boolean {
  return !testDevicesOnly && !expression?.trim();
}

export function countCampaignAudience(appId: string, ast: SegmentNode, now = new Date()): Promise<AudienceCount> {
  return countAudience(sqlPool(), ast, { appId, now });
}

// Devices of the audience reachable now, as fan-out would route them (server/segments/reach.ts);
// null when the app does not exist.
export function countCampaignReach(appId: string, ast: SegmentNode, send: ReachSend, now = new Date()) {
  return countReach(sqlPool(), ast, appId, send, now);
}

// Sendable devices per time zone ("" for devices without one), for planning waves.
export async function audienceByTimeZone(
  appId: string,
  ast: SegmentNode,
  now = new Date(),
): Promise<Record<string, number>> {
  const where = compileSegment(ast, { appId, now });
  const { rows } = await sqlPool().query<{ zone: string; devices: number }>(
    `select coalesce("timezone", '') as zone, count(*)::int as devices from "Device" where ${where.text} group by 1`,
    where.values,
  );
  return Object.fromEntries(rows.map((row) => [row.zone, row.devices]));
}

// Devices of the audience an SMS could reach, per country of their number: an active `sms` address
// and a phone number that has not opted out (the composer's SMS estimate).
export async function smsReachByCountry(
  appId: string,
  ast: SegmentNode,
  now = new Date(),
): Promise<Array<{ country: string; devices: number }>> {
  const where = compileSegment(ast, { appId, now });
  const { rows } = await sqlPool().query<{ country: string; devices: number }>(
    `select p.country, count(*)::int as devices from "PhoneNumber" p
      where p."optedOutAt" is null
        and p."deviceId" in (select id from "Device" where ${where.text}
                               and addresses @> '[{"channel": "sms", "status": "active"}]'::jsonb)
      group by 1 order by 1`,
    where.values,
  );
  return rows;
}
