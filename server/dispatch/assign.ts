// Per-device decisions of fan-out that need no database: the holdout, the A/B variant and the best
// locale. Deterministic per campaign and device, so a re-run of a crashed fan-out (or the next run of
// a recurring campaign) puts every device in the same group as before.
// Not marked "server-only": unit tests and the benchmark import it directly.

export interface VariantSplit {
  key: string;
  splitPercent: number;
  fallbackLocale: string;
  locales: string[];
}

// 32-bit FNV-1a over a string: fast, well spread, and the same in every process.
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so consecutive ids do not land in neighbouring buckets.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

// True when the device belongs to the control group that receives nothing (holdoutPercent of 0-50).
export function inHoldout(campaignId: string, deviceId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return stableHash(`${campaignId}:holdout:${deviceId}`) % 10_000 < holdoutPercent * 100;
}

// True when the device is in an A/B roll-out's test share (testPercent of 5-50): a hash slice of its own,
// so the test phase and the winner phase split the audience exactly, whatever the holdout and variants.
export function inTestShare(campaignId: string, deviceId: string, testPercent: number): boolean {
  return stableHash(`${campaignId}:rollout:${deviceId}`) % 10_000 < testPercent * 100;
}

// The variant a (non-holdout) device gets: splits are cumulative percentages over the rest.
export function pickVariant<V extends Pick<VariantSplit, "splitPercent">>(
  campaignId: string,
  deviceId: string,
  variants: V[],
): V {
  if (variants.length === 1) return variants[0]!;
  const bucket = stableHash(`${campaignId}:variant:${deviceId}`) % 100;
  let upper = 0;
  for (const variant of variants) {
    upper += variant.splitPercent;
    if (bucket < upper) return variant;
  }
  return variants[variants.length - 1]!;
}

const language = (tag: string) => tag.split("-")[0]!.toLowerCase();

// The content locale that best fits a device's locale: the exact tag, else the longest shared
// prefix ("zh-Hant-TW" → "zh-Hant"), else the same language, else the variant's fallback.
export function bestLocale(deviceLocale: string | null | undefined, available: string[], fallback: string): string {
  if (!deviceLocale) return fallback;
  const wanted = deviceLocale.replace(/_/g, "-").toLowerCase();
  const lower = available.map((tag) => tag.toLowerCase());
  const exact = lower.indexOf(wanted);
  if (exact >= 0) return available[exact]!;
  const parts = wanted.split("-");
  for (let length = parts.length - 1; length >= 1; length -= 1) {
    const prefix = parts.slice(0, length).join("-");
    const hit = lower.indexOf(prefix);
    if (hit >= 0) return available[hit]!;
  }
  const sameLanguage = available.find((tag) => language(tag) === parts[0]);
  return sameLanguage ?? fallback;
}
