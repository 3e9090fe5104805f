// The channel limits a stored campaign's content is over: what refuses its submission (a draft over
// them saves: the composer shows the same rows live and offers the fixes) and what its page lists.
import "server-only";
import { submitBlockers, type BudgetRow } from "@/lib/campaigns/payload";
import type { PayloadMessage } from "@/lib/campaigns/provider-payloads";
import { UserError } from "@/server/errors";

interface StoredCampaign {
  priority: "high" | "normal";
  ttlSeconds: number | null;
  collapseKey: string | null;
  sound: string | null;
  badge: number | null;
  channels: readonly string[];
  variants: ReadonlyArray<{ key: string; content: unknown }>;
}

// The rows over a limit, for a campaign as stored (variant content is the validated JSON), whose app
// has credentials for `configured`.
export function blockersOf(campaign: StoredCampaign, configured: readonly string[]): BudgetRow[] {
  return submitBlockers({
    configured,
    variants: campaign.variants.map((v) => ({ key: v.key, content: v.content as Record<string, PayloadMessage> })),
    delivery: {
      priority: campaign.priority,
      ttlSeconds: campaign.ttlSeconds ?? undefined,
      collapseKey: campaign.collapseKey ?? undefined,
      sound: campaign.sound ?? undefined,
      badge: campaign.badge ?? undefined,
      channels: campaign.channels,
    },
  });
}

// Refuses to submit a campaign some channel it may use cannot carry as written. The field errors name
// the channels ("campaign.channels") and each limit ("campaign.variants": "<channel>.<part>"), so the
// page can say which channel and what to do in the user's language.
export function assertFitsChannels(rows: BudgetRow[]): void {
  if (!rows.length) return;
  const channels = [...new Set(rows.map((row) => row.provider))];
  const first = rows[0]!;
  const what = first.part ? `the ${first.part}` : "the message";
  const unit = first.unit === "bytes" ? "bytes" : "characters";
  throw new UserError(
    `This campaign cannot be submitted yet: ${what} is too long for ${channels.join(", ")} ` +
      `(${first.used} ${unit}, at most ${first.limit}). Shorten it, add a short version for those channels, ` +
      `or leave the channel out.`,
    {
      "campaign.channels": channels,
      "campaign.variants": rows.map((row) => `${row.provider}.${row.part ?? "payload"}`),
    },
    400,
    "over_channel_limits",
  );
}
