// How many devices of an audience a send reaches now, per channel, and why the rest would not
// (lib/routing/reach.ts does the routing): for the campaign composer before submit and the
// Segments page. Two grouped queries, whatever the audience size: devices by (platform, maker,
// channelMask, active), and for promotions (when enough promotions went out today for any device to
// be at a cap) the devices at a maker's marketing cap today by the same keys and the capped channel.
// The audience is fan-out's (every device but unsubscribed ones), so reachable + unreachable is what
// fan-out targets.
import "server-only";
import { channelDescription } from "@/lib/channels";
import type { DeviceChannel } from "@/lib/channels/devices";
import { routingPolicyOf } from "@/lib/routing/policy";
import { type CappedGroup, type Reach, reachOf, type ReachGroup } from "@/lib/routing/reach";
import { cappedChannels, chinaDayStart, marketingCapOf, type VendorQuotaPolicy } from "@/lib/routing/vendor-quotas";
import type { SegmentNode } from "@/lib/segments/ast";
import { compileSegment, type Queryable } from "./compile";

// What a send is: the campaign's allowed channels (empty: all) and whether it is a promotion.
export interface ReachSend {
  channels: readonly string[];
  promotion: boolean;
}

// The app's side of routing: its policy, what it does at a vendor cap, the channels with a credential.
export interface AppRouting {
  policy: unknown;
  quotaPolicy: VendorQuotaPolicy;
  credentials: Set<string>;
}

// Reads an app's routing settings (null when the app does not exist).
export async function loadAppRouting(client: Queryable, appId: string): Promise<AppRouting | null> {
  const { rows } = await client.query<{ policy: unknown; quotaPolicy: VendorQuotaPolicy; credentials: string[] }>(
    `select a."routingPolicy" as policy, a."vendorQuotaPolicy"::text as "quotaPolicy",
            coalesce((select array_agg(p.channel::text) from "ProviderCredential" p where p."appId" = a.id), '{}')
              as credentials
       from "App" a where a.id = $1::uuid`,
    [appId],
  );
  const row = rows[0];
  return row ? { policy: row.policy, quotaPolicy: row.quotaPolicy, credentials: new Set(row.credentials) } : null;
}

// True for a channel the app can send through: one Herald describes (and the dispatcher registers),
// with a stored credential where the channel needs one (fan-out's rule, server/dispatch/fanout.ts).
export function sendableFor(credentials: Set<string>) {
  return (channel: DeviceChannel) => {
    const description = channelDescription(channel);
    if (!description) return false;
    const credential = description.credential as { required?: boolean } | undefined;
    return !credential?.required || credentials.has(channel);
  };
}

// The audience's devices by kind (fan-out's audience: unsubscribed devices are not targeted).
export function reachGroupsQuery(ast: SegmentNode, appId: string, now: Date) {
  const where = compileSegment(ast, { appId, now, sendableOnly: false });
  return {
    text: `select platform::text as platform, maker::text as maker, "channelMask", status = 'active' as active,
                  count(*)::int as devices
             from "Device" where ${where.text} and status <> 'unsubscribed'
            group by platform, maker, "channelMask", status = 'active'`,
    values: where.values,
  };
}

// The campaigns with a wave fanned out since `day` began (Delivery rows are written only by fan-out,
// so no other campaign has one queued since then), as SQL.
const fannedOutSince = (day: string) => `select w."campaignId" from "CampaignWave" w
   where w."startedAt" is not null and (w."fannedOutAt" is null or w."fannedOutAt" >= ${day}::timestamp)`;

// How many promotion runs of the app reached devices today (a device gets at most one push per run):
// a channel whose cap is above it has no device at its cap, and the capped query can skip it.
export async function promotionRunsToday(client: Queryable, appId: string, now: Date): Promise<number> {
  const { rows } = await client.query<{ runs: number }>(
    `select count(distinct (w."campaignId", w.run))::int as runs
       from "CampaignWave" w join "Campaign" c on c.id = w."campaignId"
      where c."appId" = $1::uuid and c.type = 'promotion' and w."startedAt" is not null
        and (w."fannedOutAt" is null or w."fannedOutAt" >= $2::timestamp)`,
    [appId, chinaDayStart(now)],
  );
  return rows[0]?.runs ?? 0;
}

// The audience's active devices at a maker's marketing cap today, by kind and capped channel: the
// promotions each capped channel (of `channels`) carried to each device since midnight in China
// (Delivery rows queued, sent or delivered), kept where the count reaches the cap. Read from the
// campaigns fanned out today through the (campaignId, status) index: today's promotions only, never
// the whole history of the audience's devices. Its cost is that read: measured ~4-5 s for 600,000
// rows (every device of 300,000 sent two promotions today) on a busy 2-core machine.
export function cappedGroupsQuery(ast: SegmentNode, appId: string, now: Date, channels: readonly string[]) {
  const where = compileSegment(ast, { appId, now, sendableOnly: true });
  const values = [...where.values];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const names = param(channels);
  const caps = param(channels.map((channel) => marketingCapOf(channel)));
  const day = param(chinaDayStart(now));
  return {
    text: `with capped as (
             select d."deviceId", d.channel::text as channel
               from "Delivery" d join "Campaign" c on c.id = d."campaignId"
               join unnest(${names}::text[], ${caps}::int[]) as cap(channel, n) on cap.channel = d.channel::text
              where c."appId" = $1::uuid and c.type = 'promotion' and c.id in (${fannedOutSince(day)})
                and d."queuedAt" >= ${day}::timestamp and d.status in ('queued', 'sent', 'delivered')
              group by d."deviceId", d.channel, cap.n having count(*) >= cap.n)
           select platform::text as platform, maker::text as maker, "channelMask", capped.channel,
                  count(*)::int as devices
             from "Device" join capped on capped."deviceId" = "Device".id
            where ${where.text}
            group by platform, maker, "channelMask", capped.channel`,
    values,
  };
}

// The audience's devices at a cap today, by kind and channel: nothing to read for channels whose cap
// is above the number of promotion runs today (most days, for most apps, all of them).
async function cappedGroups(client: Queryable, ast: SegmentNode, appId: string, now: Date): Promise<CappedGroup[]> {
  const runs = await promotionRunsToday(client, appId, now);
  const channels = cappedChannels.filter((channel) => (marketingCapOf(channel) ?? Infinity) <= runs);
  if (!channels.length) return [];
  const query = cappedGroupsQuery(ast, appId, now, channels);
  return (await client.query<CappedGroup & Record<string, unknown>>(query.text, query.values)).rows;
}

// The reach of an audience in one app for a send; null when the app does not exist.
export async function countReach(
  client: Queryable,
  ast: SegmentNode,
  appId: string,
  send: ReachSend,
  now = new Date(),
): Promise<Reach | null> {
  const routing = await loadAppRouting(client, appId);
  if (!routing) return null;
  const groups = reachGroupsQuery(ast, appId, now);
  const [grouped, atCap] = await Promise.all([
    client.query<ReachGroup & Record<string, unknown>>(groups.text, groups.values),
    send.promotion ? cappedGroups(client, ast, appId, now) : Promise.resolve([]),
  ]);
  return reachOf(grouped.rows, atCap, {
    policy: routingPolicyOf(routing.policy),
    allowed: send.channels,
    sendable: sendableFor(routing.credentials),
    marketing: send.promotion,
    quotaPolicy: routing.quotaPolicy,
  });
}
