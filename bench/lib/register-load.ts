// The registration load generator, run as its own process by bench/register.ts so that it doesn't
// share a CPU thread with anything it measures. Reads its settings from argv[2] (JSON), prints
// autocannon's result as one JSON line and writes the installationIds answered 2xx to a file.
import { randomBytes, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { loadSettings, postLoad, type LoadTarget } from "./load";

interface LoadSettings extends LoadTarget {
  acceptedIdsFile?: string;
  // Installations sent but never answered (cut off when the run's time is up).
  unansweredIdsFile?: string;
}

const settings = loadSettings<LoadSettings>();

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const byPlatform = {
  android: ["fcm", "fcm", "fcm", "hms", "xiaomi", "jpush"],
  ios: ["apns"],
  web: ["webpush", "poll"],
  harmony: ["hms"],
} as const;
const platforms = ["android", "android", "android", "ios", "ios", "web", "harmony"] as const;
const locales = ["zh-CN", "zh-TW", "en", "en-US", "en-GB", "ja", "ko", "de", "fr", "es"];
const zones = [
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Europe/Berlin",
  "America/New_York",
  "UTC",
  "Asia/Singapore",
  "Europe/London",
];
const tagPool = Array.from(
  { length: 60 },
  (_, i) => ["vip", "beta", "city", "interest", "cohort", "plan"][i % 6] + `-${i}`,
);

// A realistic registration: consistent platform/channel, a long token, locale, zone and ~5 tags.
function randomDevice() {
  const platform = pick(platforms);
  const channel = pick(byPlatform[platform]);
  const tags = new Set<string>();
  while (tags.size < 3 + Math.floor(Math.random() * 5)) tags.add(pick(tagPool));
  return {
    installationId: randomUUID(),
    platform,
    channel,
    ...(channel === "poll" ? {} : { token: randomBytes(120).toString("base64url") }),
    locale: pick(locales),
    timezone: pick(zones),
    appVersion:
      `${1 + Math.floor(Math.random() * 4)}.` + `${Math.floor(Math.random() * 20)}.${Math.floor(Math.random() * 10)}`,
    tags: [...tags],
  };
}

const accepted: string[] = [];
const unanswered = new Set<string>();
const result = await postLoad(settings, "/api/v1/devices", {
  setupRequest: (request, context) => {
    const body = randomDevice();
    (context as { installationId?: string }).installationId = body.installationId;
    unanswered.add(body.installationId);
    return { ...request, body: JSON.stringify(body) };
  },
  onResponse: (status, _body, context) => {
    unanswered.delete((context as { installationId: string }).installationId);
    if (status >= 200 && status < 300) accepted.push((context as { installationId: string }).installationId);
  },
});
if (settings.acceptedIdsFile) await writeFile(settings.acceptedIdsFile, accepted.join("\n"));
if (settings.unansweredIdsFile) await writeFile(settings.unansweredIdsFile, [...unanswered].join("\n"));
process.stdout.write(
  `${JSON.stringify({ ...result, acceptedCount: accepted.length, unansweredCount: unanswered.size })}\n`,
);
