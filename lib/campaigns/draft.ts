// The composer's editable state and its conversion to and from what the server actions take.
// Numbers are kept as the text typed (so a half-typed or empty field stays as it is) and converted
// when the campaign is validated or sent.
import type { ComposerValues } from "@/lib/campaigns/composer-values";
import type { channels as channelList } from "@/lib/campaigns/input";
import type { CampaignType } from "@/lib/campaigns/state";
import { addDays, utcToZoned, type Schedule, type Weekday } from "@/lib/schedule";
import { smsKindOf, type SmsCampaignKind } from "@/lib/sms/policy";
import { blankRollout, rolloutDraftFrom, rolloutValues, type RolloutDraft } from "./rollout-draft";

export type Channel = (typeof channelList)[number];
export type TtlUnit = "minutes" | "hours" | "days";

// One data key-value pair; `id` keeps React keys stable while the key itself is edited.
export interface DataPair {
  id: string;
  key: string;
  value: string;
}
export interface MessageDraft {
  title: string;
  body: string;
  // Shorter versions for the channels whose title or text limit the full one exceeds (Xiaomi, OPPO,
  // vivo). Absent: no such field in the form; "" an open, empty one (neither is saved).
  shortTitle?: string;
  shortBody?: string;
  imageUrl: string;
  url: string;
  data: DataPair[];
}
export interface VariantDraft {
  key: string;
  split: string;
  fallbackLocale: string;
  locales: string[];
  content: Record<string, MessageDraft>;
}

export interface ScheduleDraft {
  kind: Schedule["kind"];
  date: string;
  time: string;
  timeZone: string;
  repeat: "daily" | "weekly" | "cron";
  weekdays: Weekday[];
  cron: string;
  startDate: string;
  endDate: string;
  // Recurring runs in one zone, or in each device's own zone.
  recurringZone: "fixed" | "local";
}

export interface ComposerDraft {
  appId: string;
  type: CampaignType;
  name: string;
  breaking: boolean;
  audience: "segment" | "expression";
  segmentId: string;
  expression: string;
  testDevicesOnly: boolean;
  holdout: string;
  variants: VariantDraft[];
  priority: "high" | "normal";
  ttl: string;
  ttlUnit: TtlUnit;
  collapseKey: string;
  sound: string;
  badge: string;
  channels: Channel[];
  throttle: string;
  schedule: ScheduleDraft;
  // SMS signalling: the campaign kinds the app's policy lets fall back to SMS (from the app, never
  // saved; [] when its policy is off), whether this campaign does, and its budget as typed.
  smsKinds: SmsCampaignKind[];
  sms: boolean;
  smsMaxMessages: string;
  smsMaxCost: string;
  // Conversion goal: on or off, the event name and the window as typed, with its unit.
  goal: boolean;
  goalEvent: string;
  goalWindow: string;
  goalWindowUnit: "hours" | "days";
  // A/B winner roll-out (lib/campaigns/rollout-draft.ts).
  rollout: RolloutDraft;
}

// True when the draft's SMS budget goes with it: SMS chosen, and the app allows it for this kind.
export function smsApplies(d: Pick<ComposerDraft, "type" | "breaking" | "smsKinds">): boolean {
  return d.smsKinds.includes(smsKindOf({ type: d.type, breaking: d.type === "news" && d.breaking }));
}

export const variantKeys = ["A", "B", "C", "D", "E"] as const;
const unitSeconds: Record<TtlUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };

// A new data pair. Random ids: drafts built on the server and pairs added in the browser share a list.
export function newPair(key = "", value = ""): DataPair {
  return { id: `pair-${Math.random().toString(36).slice(2, 10)}`, key, value };
}

// An empty message for one locale.
export const emptyMessage = (): MessageDraft => ({ title: "", body: "", imageUrl: "", url: "", data: [] });

// "zh-cn" -> "zh-CN"; null for text Intl cannot read as a language tag.
export function canonicalLocale(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value.trim())[0] ?? null;
  } catch {
    return null;
  }
}

// Splits 100 percent as evenly as whole numbers allow (the first variants take the remainder).
export function evenSplits(count: number): string[] {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => String(base + (i < 100 - base * count ? 1 : 0)));
}

// A blank schedule: send now, with tomorrow 09:00 in the app's zone ready for the other kinds.
export function defaultSchedule(appTimeZone: string, now = new Date()): ScheduleDraft {
  const today = utcToZoned(now, appTimeZone).date;
  return {
    kind: "now",
    date: addDays(today, 1),
    time: "09:00",
    timeZone: appTimeZone,
    repeat: "daily",
    weekdays: ["mon"],
    cron: "0 9 * * 1-5",
    startDate: today,
    endDate: "",
    recurringZone: "fixed",
  };
}

// A new campaign of `type` with one variant in `locale`.
export function blankDraft(appId: string, type: CampaignType, appTimeZone: string, locale = "en"): ComposerDraft {
  return {
    appId,
    type,
    name: "",
    breaking: false,
    audience: "expression",
    segmentId: "",
    expression: "",
    testDevicesOnly: false,
    holdout: "0",
    variants: [
      { key: "A", split: "100", fallbackLocale: locale, locales: [locale], content: { [locale]: emptyMessage() } },
    ],
    priority: type === "news" ? "high" : "normal",
    ttl: "",
    ttlUnit: "hours",
    collapseKey: "",
    sound: "",
    badge: "",
    channels: [],
    throttle: "",
    schedule: defaultSchedule(appTimeZone),
    smsKinds: [],
    sms: false,
    smsMaxMessages: "",
    smsMaxCost: "",
    goal: false,
    goalEvent: "",
    goalWindow: "24",
    goalWindowUnit: "hours",
    rollout: blankRollout(),
  };
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
const numberText = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? String(value) : "");

function ttlDraft(seconds: number | undefined): { ttl: string; ttlUnit: TtlUnit } {
  if (seconds === undefined) return { ttl: "", ttlUnit: "hours" };
  // The largest unit that shows the value exactly; TTLs are rarely a fraction of a minute.
  const unit = (["days", "hours", "minutes"] as const).find((u) => seconds % unitSeconds[u] === 0) ?? "minutes";
  return { ttl: String(Math.round((seconds / unitSeconds[unit]) * 100) / 100), ttlUnit: unit };
}

function scheduleDraft(schedule: Schedule, appTimeZone: string): ScheduleDraft {
  const base = defaultSchedule(appTimeZone);
  if (schedule.kind === "now") return base;
  if (schedule.kind === "at")
    return { ...base, kind: "at", date: schedule.date, time: schedule.time, timeZone: schedule.timeZone };
  if (schedule.kind === "localTime") return { ...base, kind: "localTime", date: schedule.date, time: schedule.time };
  const rule = schedule.rule;
  return {
    ...base,
    kind: "recurring",
    repeat: rule.kind,
    weekdays: rule.kind === "weekly" ? rule.weekdays : base.weekdays,
    cron: rule.kind === "cron" ? rule.expression : base.cron,
    time: schedule.time ?? base.time,
    recurringZone: schedule.timeZone === "local" ? "local" : "fixed",
    timeZone: schedule.timeZone === "local" ? appTimeZone : schedule.timeZone,
    startDate: schedule.startDate,
    endDate: schedule.endDate ?? "",
  };
}

// The composer state for a stored campaign or a template.
export function draftFromValues({ campaign, schedule }: ComposerValues, appTimeZone: string): ComposerDraft {
  const delivery = campaign.delivery ?? {};
  return {
    appId: campaign.appId,
    type: campaign.type,
    name: campaign.name,
    breaking: Boolean(campaign.breaking),
    audience: campaign.segmentId ? "segment" : "expression",
    segmentId: campaign.segmentId ?? "",
    expression: campaign.expression ?? "",
    testDevicesOnly: Boolean(campaign.testDevicesOnly),
    holdout: numberText(campaign.holdoutPercent ?? 0),
    variants: campaign.variants.map((v) => {
      const locales = Object.keys(v.content);
      const content = Object.fromEntries(
        Object.entries(v.content).map(([locale, m]) => [
          locale,
          {
            title: text(m.title),
            body: text(m.body),
            ...(text(m.shortTitle) ? { shortTitle: text(m.shortTitle) } : {}),
            ...(text(m.shortBody) ? { shortBody: text(m.shortBody) } : {}),
            imageUrl: text(m.imageUrl),
            url: text(m.url),
            data: Object.entries(m.data ?? {}).map(([k, val]) => newPair(k, val)),
          },
        ]),
      );
      return {
        key: v.key,
        split: numberText(v.splitPercent),
        fallbackLocale: v.fallbackLocale,
        locales: [v.fallbackLocale, ...locales.filter((l) => l !== v.fallbackLocale)].filter((l) => l in content),
        content,
      };
    }),
    priority: delivery.priority ?? "normal",
    ...ttlDraft(delivery.ttlSeconds),
    collapseKey: text(delivery.collapseKey),
    sound: text(delivery.sound),
    badge: numberText(delivery.badge),
    channels: [...(delivery.channels ?? [])],
    throttle: numberText(campaign.throttlePerMinute),
    schedule: scheduleDraft(schedule, appTimeZone),
    smsKinds: [],
    sms: Boolean(campaign.sms),
    smsMaxMessages: numberText(campaign.sms?.maxMessages),
    smsMaxCost: text(campaign.sms?.maxCost),
    rollout: rolloutDraftFrom(campaign.rollout),
    ...goalDraft(campaign.goal),
  };
}

function goalDraft(
  goal: { event: string; windowSeconds: number } | undefined,
): Pick<ComposerDraft, "goal" | "goalEvent" | "goalWindow" | "goalWindowUnit"> {
  if (!goal) return { goal: false, goalEvent: "", goalWindow: "24", goalWindowUnit: "hours" };
  const days = goal.windowSeconds % 86_400 === 0;
  return {
    goal: true,
    goalEvent: goal.event,
    goalWindow: numberText(goal.windowSeconds / (days ? 86_400 : 3600)),
    goalWindowUnit: days ? "days" : "hours",
  };
}

// "" -> undefined, anything else -> a number (NaN for text that is not one, which validation refuses).
function toNumber(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value);
}
const optionalText = (value: string) => value.trim() || undefined;

// The schedule the server takes.
export function scheduleFromDraft(s: ScheduleDraft): Schedule {
  if (s.kind === "now") return { kind: "now" };
  if (s.kind === "at") return { kind: "at", date: s.date, time: s.time, timeZone: s.timeZone.trim() };
  if (s.kind === "localTime") return { kind: "localTime", date: s.date, time: s.time };
  const rule =
    s.repeat === "daily"
      ? { kind: "daily" as const }
      : s.repeat === "weekly"
        ? { kind: "weekly" as const, weekdays: s.weekdays }
        : { kind: "cron" as const, expression: s.cron.trim() };
  return {
    kind: "recurring",
    rule,
    ...(s.repeat === "cron" ? {} : { time: s.time }),
    timeZone: s.recurringZone === "local" ? "local" : s.timeZone.trim(),
    startDate: s.startDate,
    ...(s.endDate ? { endDate: s.endDate } : {}),
  };
}

// The campaign and schedule the server actions take (not yet validated).
export function valuesFromDraft(d: ComposerDraft): ComposerValues {
  const ttl = toNumber(d.ttl);
  const campaign: ComposerValues["campaign"] = {
    appId: d.appId,
    type: d.type,
    name: d.name,
    breaking: d.type === "news" && d.breaking,
    ...(d.audience === "segment"
      ? { segmentId: d.segmentId || undefined }
      : { expression: optionalText(d.expression) }),
    testDevicesOnly: d.testDevicesOnly,
    holdoutPercent: toNumber(d.holdout) ?? 0,
    throttlePerMinute: toNumber(d.throttle),
    delivery: {
      priority: d.priority,
      ttlSeconds: ttl === undefined ? undefined : Math.round(ttl * unitSeconds[d.ttlUnit]),
      collapseKey: optionalText(d.collapseKey),
      sound: optionalText(d.sound),
      badge: toNumber(d.badge),
      channels: d.channels,
    },
    ...(d.sms && smsApplies(d)
      ? { sms: { maxMessages: toNumber(d.smsMaxMessages) ?? Number.NaN, maxCost: d.smsMaxCost.trim() } }
      : {}),
    ...(d.goal
      ? {
          goal: {
            event: d.goalEvent.trim(),
            windowSeconds: (toNumber(d.goalWindow) ?? Number.NaN) * unitSeconds[d.goalWindowUnit],
          },
        }
      : {}),
    ...rolloutValues(d.rollout, d.variants.length),
    variants: d.variants.map((v) => ({
      key: v.key,
      splitPercent: toNumber(v.split) ?? Number.NaN,
      fallbackLocale: v.fallbackLocale,
      content: Object.fromEntries(
        v.locales.map((locale) => {
          const m = v.content[locale] ?? emptyMessage();
          const data = m.data.filter((p) => p.key.trim() || p.value);
          return [
            locale,
            {
              title: m.title,
              body: m.body,
              shortTitle: optionalText(m.shortTitle ?? ""),
              shortBody: optionalText(m.shortBody ?? ""),
              imageUrl: optionalText(m.imageUrl),
              url: optionalText(m.url),
              data: data.length ? Object.fromEntries(data.map((p) => [p.key.trim(), p.value])) : undefined,
            },
          ];
        }),
      ),
    })),
  };
  return { campaign, schedule: scheduleFromDraft(d.schedule) };
}
