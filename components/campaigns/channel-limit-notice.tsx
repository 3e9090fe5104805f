// On a draft's page: the channel limits its messages are over, which stop it from being submitted,
// each named with the channel and figures, and the way to the composer, where the fixes are (shorten,
// a short version for those channels, or leave the channel out).
import { Pencil } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { submitBlockers } from "@/lib/campaigns/payload";
import type { PayloadMessage } from "@/lib/campaigns/provider-payloads";
import type { CampaignDetail } from "@/server/campaigns/queries";

export async function ChannelLimitNotice({
  campaign: c,
  editable,
}: {
  campaign: CampaignDetail["campaign"];
  editable: boolean;
}) {
  if (c.state !== "draft") return null;
  const rows = submitBlockers({
    configured: c.app.credentials.map((credential) => credential.channel),
    variants: c.variants.map((v) => ({ key: v.key, content: v.content as unknown as Record<string, PayloadMessage> })),
    delivery: {
      priority: c.priority,
      ttlSeconds: c.ttlSeconds ?? undefined,
      collapseKey: c.collapseKey ?? undefined,
      sound: c.sound ?? undefined,
      badge: c.badge ?? undefined,
      channels: c.channels,
    },
  });
  if (!rows.length) return null;
  const t = await getTranslations("campaigns.composer.limits");
  const names = await getTranslations("enums.channel");
  return (
    <section
      aria-labelledby="draft-limits-title"
      data-testid="draft-channel-limits"
      className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <h2 id="draft-limits-title" className="font-semibold">
        {t("title", { count: rows.length })}
      </h2>
      <ul className="list-disc space-y-1 pl-5">
        {rows.map((row) => (
          <li key={`${row.provider}.${row.part ?? ""}`}>
            {t(`row.${row.part ?? "payload"}`, {
              channel: names(row.provider),
              used: row.used,
              limit: row.limit,
              variant: row.worst?.variantKey ?? "",
              locale: row.worst?.locale ?? "",
            })}
          </li>
        ))}
      </ul>
      <p className="text-amber-900">{t("pageHint")}</p>
      {editable ? (
        <Button variant="secondary" size="sm" asChild>
          <Link href={`/campaigns/${c.id}/edit`}>
            <Pencil className="size-4" aria-hidden />
            {t("fix")}
          </Link>
        </Button>
      ) : null}
    </section>
  );
}
