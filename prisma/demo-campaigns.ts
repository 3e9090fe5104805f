// Demo campaigns for the demo app, one per interesting lifecycle state (a draft A/B promotion, a
// promotion waiting for approval, a scheduled local-time announcement, a completed breaking news
// alert, a paused and a cancelled campaign), with the demo staff who wrote them and their audit trail.
// Audience counts and first waves come from the demo devices, as submitting would compute them; a
// campaign that was sent has the deliveries, events, counters and rollups of its send (demo-sends.ts).
import type pg from "pg";
import { parseSegment, type SegmentNode } from "../lib/segments";
import { addDays, planWaves, respectsQuietHours, utcToZoned, type Schedule } from "../lib/schedule";
import { compileSegment } from "../server/segments/compile";
import { insertDemoSend } from "./demo-sends";

export interface DemoApp {
  id: string;
  timezone: string;
  quietHours: { start: number; end: number } | null;
}
type Message = { title: string; body: string; url?: string };
type Variant = { key: string; split: number; fallback: string; content: Record<string, Message> };
type Step = { action: string; by: string; minutesAgo: number; diff: Record<string, unknown> };

interface DemoCampaign {
  name: string;
  type: "news" | "announcement" | "promotion";
  state: "draft" | "pending_approval" | "scheduled" | "paused" | "completed" | "cancelled";
  breaking?: boolean;
  expression: string | null;
  schedule: Schedule;
  options?: {
    priority?: "high" | "normal";
    ttlSeconds?: number;
    collapseKey?: string;
    holdoutPercent?: number;
    throttlePerMinute?: number;
    channels?: string[];
  };
  variants: Variant[];
  reasons?: { rejection?: string; paused?: string };
  // What a sent campaign's devices did: the share of sent messages opened, and the seed of the draws.
  outcome?: { openRate: number; seed: number };
  // The audit trail, oldest first; submittedBy / approvedBy follow from its steps.
  steps: Step[];
}

// The demo staff: their emails and roles (the seed gives them the admin's printed password, or a random one).
export const demoStaff = [
  { email: "editor@herald.local", name: "Grace Liu", role: "editor" },
  { email: "marketer@herald.local", name: "Daniel Park", role: "marketer" },
  { email: "analyst@herald.local", name: "Priya Shah", role: "analyst" },
] as const;

const one = (key: string, split: number, en: Message, zh: Message): Variant => ({
  key,
  split,
  fallback: "en",
  content: { en, "zh-CN": zh },
});
// The one variant of a campaign without an A/B test.
const only = (en: Message, zh: Message): Variant => one("A", 100, en, zh);

// A campaign and its audit trail: written by `by` `minutesAgo` minutes ago (the entry createCampaign
// records), then the `later` steps.
function written(
  campaign: Omit<DemoCampaign, "steps">,
  by: string,
  minutesAgo: number,
  ...later: Step[]
): DemoCampaign {
  const diff = { name: campaign.name, type: campaign.type, variants: campaign.variants.length };
  return { ...campaign, steps: [{ action: "campaigns.create", by, minutesAgo, diff }, ...later] };
}

// A lifecycle step as applyCampaignEvent records it: the event, the change of state and any reason.
function moved(event: string, by: string, minutesAgo: number, state: [string, string], reason?: string): Step {
  return { action: `campaigns.${event}`, by, minutesAgo, diff: { state, ...(reason ? { reason } : {}) } };
}

function campaigns(zone: string, admin: string): DemoCampaign[] {
  const today = utcToZoned(new Date(), zone).date;
  const editor = "editor@herald.local";
  const marketer = "marketer@herald.local";
  return [
    written(
      {
        name: "12.12 members' sale: Plus at 40% off",
        type: "promotion",
        state: "draft",
        expression: '(tag:fashion or tag:entertainment) and lastActive<30d and not tag:"plan:plus"',
        schedule: { kind: "at", date: addDays(today, 7), time: "12:00", timeZone: zone },
        options: { holdoutPercent: 10, ttlSeconds: 86_400, collapseKey: "sale-1212", throttlePerMinute: 2000 },
        variants: [
          one(
            "A",
            50,
            {
              title: "12.12: Plus is 40% off today",
              body: "Ad-free reading, offline issues and the daily briefing. Offer ends at midnight.",
              url: "heraldnews://plus?promo=1212",
            },
            {
              title: "12.12：Plus 会员今日 6 折",
              body: "无广告阅读、离线下载和每日简报。优惠今晚零点结束。",
              url: "heraldnews://plus?promo=1212",
            },
          ),
          one(
            "B",
            50,
            {
              title: "Your 12.12 gift: 40% off Plus",
              body: "Unlock every story for less than a coffee a month.",
              url: "heraldnews://plus?promo=1212b",
            },
            {
              title: "您的 12.12 礼物：Plus 会员 6 折",
              body: "每月不到一杯咖啡的钱，畅读所有报道。",
              url: "heraldnews://plus?promo=1212b",
            },
          ),
        ],
      },
      marketer,
      90,
    ),
    written(
      {
        name: "Upgrade to Plus: first month for ¥1",
        type: "promotion",
        state: "pending_approval",
        expression: 'tag:"plan:free" and lastActive<30d and not tag:churned',
        schedule: { kind: "at", date: addDays(today, 1), time: "19:30", timeZone: zone },
        options: { ttlSeconds: 43_200, throttlePerMinute: 1500 },
        variants: [
          only(
            {
              title: "Try Plus for ¥1",
              body:
                "Your first month of Herald Plus costs ¥1: no ads, offline reading " +
                "and early access to investigations.",
              url: "heraldnews://plus?promo=first-month",
            },
            {
              title: "1 元体验 Plus 会员",
              body: "Herald Plus 首月仅需 1 元：无广告、离线阅读，抢先看深度调查。",
              url: "heraldnews://plus?promo=first-month",
            },
          ),
        ],
      },
      marketer,
      180,
      moved("submit", marketer, 35, ["draft", "pending_approval"]),
    ),
    written(
      {
        name: "Herald News 5.5: offline reading is here",
        type: "announcement",
        state: "scheduled",
        expression: "appVersion<5.4 and lastActive<90d",
        schedule: { kind: "localTime", date: addDays(today, 2), time: "09:00" },
        options: { ttlSeconds: 172_800, collapseKey: "release-5.5" },
        variants: [
          only(
            {
              title: "Read offline with Herald 5.5",
              body: "Save today's edition and read it on the train, even without signal. Update now.",
              url: "heraldnews://update",
            },
            {
              title: "Herald 5.5 支持离线阅读",
              body: "保存今日内容，地铁里没信号也能看。立即更新。",
              url: "heraldnews://update",
            },
          ),
        ],
      },
      editor,
      1440,
      moved("submit", editor, 1400, ["draft", "scheduled"]),
    ),
    written(
      {
        name: "Typhoon warning raised to red for Shanghai",
        type: "news",
        state: "completed",
        breaking: true,
        expression: 'tag:"city:shanghai" or tag:"city:hangzhou"',
        schedule: { kind: "now" },
        options: { priority: "high", ttlSeconds: 3600, collapseKey: "typhoon-warning" },
        outcome: { openRate: 0.32, seed: 20261207 },
        variants: [
          only(
            {
              title: "Red typhoon warning for Shanghai",
              body: "Schools and ferries are closed from 14:00. Stay indoors and follow live updates.",
              url: "heraldnews://live/typhoon",
            },
            {
              title: "上海发布台风红色预警",
              body: "14:00 起学校停课、轮渡停航。请留在室内，关注实时更新。",
              url: "heraldnews://live/typhoon",
            },
          ),
        ],
      },
      editor,
      2890,
      moved("submit", editor, 2885, ["draft", "scheduled"]),
    ),
    written(
      {
        name: "Maintenance window: comments offline on Sunday",
        type: "announcement",
        state: "paused",
        expression: "lastActive<7d",
        schedule: { kind: "at", date: addDays(today, 4), time: "20:00", timeZone: zone },
        variants: [
          only(
            {
              title: "Comments pause on Sunday night",
              body:
                "Comments are offline from 02:00 to 04:00 on Sunday while we upgrade our servers. " +
                "Reading is not affected.",
            },
            { title: "周日夜间评论功能暂停", body: "周日 02:00 至 04:00 服务器升级期间暂停评论，阅读不受影响。" },
          ),
        ],
        reasons: { paused: "Ops moved the maintenance window; waiting for the new time." },
      },
      editor,
      600,
      moved("submit", editor, 590, ["draft", "scheduled"]),
      moved(
        "pause",
        admin,
        120,
        ["scheduled", "paused"],
        "Ops moved the maintenance window; waiting for the new time.",
      ),
    ),
    written(
      {
        name: "Black Friday early access",
        type: "promotion",
        state: "cancelled",
        expression: "tag:vip",
        schedule: { kind: "at", date: addDays(today, 2), time: "10:00", timeZone: zone },
        variants: [
          only(
            {
              title: "VIP early access: Black Friday",
              body: "Your Black Friday price is live a day early: Plus for a year at half price.",
            },
            { title: "VIP 抢先享：黑色星期五", body: "黑五价格为您提前一天开放：Plus 年卡半价。" },
          ),
        ],
      },
      marketer,
      4320,
      moved("submit", marketer, 4300, ["draft", "pending_approval"]),
      moved("approve", admin, 4200, ["pending_approval", "scheduled"]),
      moved("cancel", marketer, 300, ["scheduled", "cancelled"], "Replaced by the 12.12 members' sale."),
    ),
  ];
}

// Sendable devices per time zone for an expression, as the campaign pages count them.
async function audience(
  client: pg.Client,
  appId: string,
  expression: string | null,
  now: Date,
): Promise<Record<string, number>> {
  const ast: SegmentNode = expression ? parseSegment(expression) : { kind: "and", children: [] };
  const where = compileSegment(ast, { appId, now });
  const { rows } = await client.query<{ zone: string; n: number }>(
    `select coalesce("timezone", '') as zone, count(*)::int as n from "Device" where ${where.text} group by 1`,
    where.values,
  );
  return Object.fromEntries(rows.map((r) => [r.zone, r.n]));
}

// Inserts the demo campaigns with their variants and audit entries. `users` maps emails to ids.
export async function insertDemoCampaigns(
  client: pg.Client,
  app: DemoApp,
  users: Map<string, string>,
  adminEmail: string,
): Promise<number> {
  const now = new Date();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  // Sent campaigns first: their devices' app opens move lastActiveAt, which the others' audiences count.
  const all = campaigns(app.timezone, adminEmail);
  const sentFirst = [...all.filter((c) => c.state === "completed"), ...all.filter((c) => c.state !== "completed")];
  for (const c of sentFirst) {
    const zones = await audience(client, app.id, c.expression, now);
    const total = Object.values(zones).reduce((sum, n) => sum + n, 0);
    const counted = c.state !== "draft";
    const plan = planWaves(c.schedule, zones, {
      now,
      appTimeZone: app.timezone,
      quietHours: app.quietHours,
      respectQuietHours: respectsQuietHours({ type: c.type, breaking: c.breaking ?? false }),
    });
    const stepAt = (action: string) => c.steps.find((s) => s.action === action);
    const submit = stepAt("campaigns.submit");
    const approve = stepAt("campaigns.approve");
    const created = c.steps[0];
    const completed = c.state === "completed";
    const { rows } = await client.query<{ id: string }>(
      `insert into "Campaign" (id, "appId", type, name, state, breaking, expression, "holdoutPercent", priority,
         "ttlSeconds", "collapseKey", channels, schedule, "throttlePerMinute", "audienceEstimate", "firstWaveAt",
         "createdById", "submittedById", "submittedAt", "approvedById", "approvedAt", "rejectionReason", "pausedReason",
         "startedAt", "completedAt", "createdAt", "updatedAt")
       values (gen_random_uuid(), $1, $2::"CampaignType", $3, $4::"CampaignState", $5, $6, $7, $8::"Priority", $9, $10,
               $11::"Channel"[], $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
       returning id`,
      [
        app.id,
        c.type,
        c.name,
        c.state,
        c.breaking ?? false,
        c.expression,
        c.options?.holdoutPercent ?? 0,
        c.options?.priority ?? "normal",
        c.options?.ttlSeconds ?? null,
        c.options?.collapseKey ?? null,
        c.options?.channels ?? [],
        JSON.stringify(c.schedule),
        c.options?.throttlePerMinute ?? null,
        counted ? total : null,
        counted ? (completed ? ago(submit!.minutesAgo) : (plan.waves[0]?.at ?? null)) : null,
        users.get(created.by) ?? null,
        submit ? (users.get(submit.by) ?? null) : null,
        submit ? ago(submit.minutesAgo) : null,
        approve ? (users.get(approve.by) ?? null) : null,
        approve ? ago(approve.minutesAgo) : null,
        c.reasons?.rejection ?? null,
        c.reasons?.paused ?? null,
        completed ? ago(submit!.minutesAgo - 1) : null,
        completed ? ago(submit!.minutesAgo - 7) : null,
        ago(created.minutesAgo),
        ago(c.steps[c.steps.length - 1].minutesAgo),
      ],
    );
    const id = rows[0].id;
    for (const v of c.variants) {
      await client.query(
        `insert into "CampaignVariant" (id, "campaignId", key, "splitPercent", "fallbackLocale", content)
         values (gen_random_uuid(), $1, $2, $3, $4, $5)`,
        [id, v.key, v.split, v.fallback, JSON.stringify(v.content)],
      );
    }
    if (completed)
      await insertDemoSend(client, {
        appId: app.id,
        campaignId: id,
        expression: c.expression,
        countedAt: now,
        dueAt: ago(submit!.minutesAgo),
        startedAt: ago(submit!.minutesAgo - 1),
        // A breaking alert fans out in about three minutes; the campaign completes a few minutes later.
        spreadMinutes: 3,
        variants: c.variants.map((v) => ({ key: v.key, split: v.split })),
        holdoutPercent: c.options?.holdoutPercent ?? 0,
        openRate: c.outcome?.openRate ?? 0.2,
        seed: c.outcome?.seed ?? 1,
      });
    for (const step of c.steps) {
      const diff = step.action === "campaigns.submit" ? { ...step.diff, audience: total } : step.diff;
      await client.query(
        `insert into "AuditLog" ("actorId", "actorEmail", action, "targetType", "targetId", "appId", diff, at)
         values ($1, $2, $3, 'Campaign', $4, $5, $6, $7)`,
        [users.get(step.by) ?? null, step.by, step.action, id, app.id, JSON.stringify(diff), ago(step.minutesAgo)],
      );
    }
  }
  return all.length;
}
