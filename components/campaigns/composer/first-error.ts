// Which tab holds the first error after a refused save, so the composer can open it and focus the field.
import type { FieldErrorMap } from "./validate";

// Sections in page order; keys under "campaign.variants.<i>.content.<locale>" open that variant and language.
const order = [
  "campaign.type",
  "campaign.name",
  "campaign.breaking",
  "campaign.segmentId",
  "campaign.expression",
  "campaign.testDevicesOnly",
  "campaign.holdoutPercent",
  "campaign.variants",
  "campaign.delivery",
  "campaign.throttlePerMinute",
  "schedule",
];

export function firstErrorTab(errors: FieldErrorMap): { variant: number; locale?: string } | null {
  const keys = Object.keys(errors).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true }));
  for (const key of keys) {
    const match = /^campaign\.variants\.(\d+)(?:\.content\.([^.]+))?/.exec(key);
    if (match) return { variant: Number(match[1]), locale: match[2] };
    if (rank(key) < rank("campaign.variants")) return null;
  }
  return null;
}

function rank(key: string): number {
  const index = order.findIndex(
    (prefix) => key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}#`),
  );
  return index === -1 ? order.length : index;
}
