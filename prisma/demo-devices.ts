// Realistic demo audiences: platforms, push channels, locales with matching timezones, interest and
// city tags, app versions and a spread of last activity (some dormant for months). Deterministic.
import { randomUUID } from "node:crypto";

export interface DemoDevice {
  installationId: string;
  platform: "android" | "ios" | "web" | "harmony";
  channel: "fcm" | "apns" | "webpush" | "hms" | "xiaomi" | "jpush" | "mqtt" | "poll";
  token: string | null;
  // The phone's brand as an SDK reports it (null on the web).
  brand: string | null;
  tags: string[];
  locale: string;
  timezone: string;
  appVersion: string;
  lastActiveAt: Date;
  createdAt: Date;
  status: "active" | "invalid" | "unsubscribed";
}

function weighted<T>(random: () => number, options: [T, number][]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[options.length - 1][0];
}

const regions: { locale: string; weight: number; zones: string[]; cities: string[] }[] = [
  {
    locale: "zh-CN",
    weight: 30,
    zones: ["Asia/Shanghai"],
    cities: ["shanghai", "beijing", "shenzhen", "guangzhou", "hangzhou", "chengdu"],
  },
  {
    locale: "en-US",
    weight: 22,
    zones: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
    cities: ["new_york", "chicago", "san_francisco", "los_angeles", "seattle"],
  },
  { locale: "en-GB", weight: 8, zones: ["Europe/London"], cities: ["london", "manchester", "edinburgh"] },
  { locale: "de-DE", weight: 7, zones: ["Europe/Berlin"], cities: ["berlin", "munich", "hamburg"] },
  { locale: "fr-FR", weight: 5, zones: ["Europe/Paris"], cities: ["paris", "lyon"] },
  { locale: "es-ES", weight: 5, zones: ["Europe/Madrid"], cities: ["madrid", "barcelona"] },
  { locale: "ja-JP", weight: 6, zones: ["Asia/Tokyo"], cities: ["tokyo", "osaka"] },
  { locale: "zh-TW", weight: 4, zones: ["Asia/Taipei"], cities: ["taipei"] },
  { locale: "pt-BR", weight: 6, zones: ["America/Sao_Paulo"], cities: ["sao_paulo", "rio"] },
  { locale: "hi-IN", weight: 4, zones: ["Asia/Kolkata"], cities: ["mumbai", "delhi", "bangalore"] },
  {
    locale: "en-AU",
    weight: 3,
    zones: ["Australia/Sydney", "Australia/Perth"],
    cities: ["sydney", "melbourne", "perth"],
  },
];
const interests = [
  "sports",
  "news",
  "tech",
  "finance",
  "entertainment",
  "travel",
  "food",
  "gaming",
  "health",
  "fashion",
];
const versions: [string, number][] = [
  ["5.4.1", 30],
  ["5.4.0", 15],
  ["5.3.2", 20],
  ["5.2.0", 15],
  ["5.1.3", 10],
  ["4.9.8", 10],
];
const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function token(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += tokenAlphabet[Math.floor(random() * tokenAlphabet.length)];
  return out;
}

function hex(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

// An Android phone's brand in mainland China, weighted like the market: Huawei and Honor about 28%,
// Xiaomi and Redmi 20%, OPPO, OnePlus and realme 18%, vivo and iQOO 17%.
export function chinaAndroidBrand(random: () => number): string {
  return weighted(random, [
    ["HUAWEI", 16],
    ["HONOR", 12],
    ["Xiaomi", 11],
    ["Redmi", 9],
    ["OPPO", 10],
    ["OnePlus", 4],
    ["realme", 4],
    ["vivo", 12],
    ["iQOO", 5],
    ["samsung", 2],
  ]);
}

// A brand that fits the platform, region and channel. Drawn from its own generator so that adding
// brands left every other demo value as it was.
function demoBrand(random: () => number, platform: DemoDevice["platform"], channel: string, china: boolean) {
  if (platform === "web") return null;
  if (platform === "ios") return "Apple";
  if (platform === "harmony") return "HUAWEI";
  if (channel === "hms")
    return weighted(random, [
      ["HUAWEI", 60],
      ["HONOR", 40],
    ]);
  if (channel === "xiaomi")
    return weighted(random, [
      ["Xiaomi", 55],
      ["Redmi", 45],
    ]);
  if (china) return chinaAndroidBrand(random);
  return weighted(random, [
    ["samsung", 45],
    ["Google", 15],
    ["Xiaomi", 15],
    ["OnePlus", 10],
    ["motorola", 15],
  ]);
}

// `chinaWeight` replaces mainland China's weight among the regions (30 of 100; the simulator's
// audience is mostly Chinese).
export function demoDevice(
  random: () => number,
  now: number,
  brandRandom = random,
  options: { chinaWeight?: number } = {},
): DemoDevice {
  const day = 86_400_000;
  const region = weighted(
    random,
    regions.map((r) => [r, r.locale === "zh-CN" ? (options.chinaWeight ?? r.weight) : r.weight]),
  );
  const china = region.locale === "zh-CN";
  const platform = weighted<DemoDevice["platform"]>(
    random,
    china
      ? [
          ["android", 62],
          ["ios", 28],
          ["harmony", 8],
          ["web", 2],
        ]
      : [
          ["android", 52],
          ["ios", 38],
          ["web", 10],
        ],
  );
  let channel: DemoDevice["channel"];
  if (platform === "ios")
    channel = weighted(random, [
      ["apns", 70],
      ["fcm", 25],
      ["mqtt", 5],
    ]);
  else if (platform === "web")
    channel = weighted(random, [
      ["webpush", 80],
      ["poll", 20],
    ]);
  else if (platform === "harmony") channel = "hms";
  else if (china)
    channel = weighted(random, [
      ["xiaomi", 30],
      ["hms", 25],
      ["jpush", 20],
      ["mqtt", 20],
      ["poll", 5],
    ]);
  else
    channel = weighted(random, [
      ["fcm", 88],
      ["mqtt", 8],
      ["poll", 4],
    ]);

  const tags = new Set<string>();
  const interestCount = 1 + Math.floor(random() * 4);
  while (tags.size < interestCount) tags.add(interests[Math.floor(random() * interests.length)]);
  tags.add(`city:${region.cities[Math.floor(random() * region.cities.length)]}`);
  if (random() < 0.06) tags.add("vip");
  if (random() < 0.3) tags.add(random() < 0.5 ? "plan:free" : "plan:plus");

  const age = weighted<[number, number]>(random, [
    [[0, 1], 25],
    [[1, 7], 20],
    [[7, 30], 22],
    [[30, 90], 18],
    [[90, 365], 15],
  ]);
  const inactiveDays = age[0] + random() * (age[1] - age[0]);
  const lastActiveAt = new Date(now - inactiveDays * day);
  const createdAt = new Date(lastActiveAt.getTime() - random() * 400 * day);
  if (inactiveDays > 60 && random() < 0.5) tags.add("churned");

  const tokenValue =
    channel === "apns"
      ? hex(random, 64)
      : channel === "fcm" || channel === "webpush"
        ? `${token(random, 22)}:APA91b${token(random, 134)}`
        : channel === "poll" || channel === "mqtt"
          ? null
          : token(random, 40);
  const status = weighted<DemoDevice["status"]>(random, [
    ["active", 96],
    ["invalid", 2],
    ["unsubscribed", 2],
  ]);
  return {
    installationId: randomUUID(),
    platform,
    channel,
    token: tokenValue,
    brand: demoBrand(brandRandom, platform, channel, china),
    tags: [...tags],
    locale: region.locale,
    timezone: region.zones[Math.floor(random() * region.zones.length)],
    appVersion: weighted(random, versions),
    lastActiveAt,
    createdAt,
    status,
  };
}
