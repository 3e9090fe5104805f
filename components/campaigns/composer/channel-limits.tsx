"use client";
// What stops this draft from being submitted: each channel limit a message is over (a size the vendor
// refuses, or a title or text longer than it shows), named with the channel, the figures and where,
// and the fixes: go to the text to shorten it, add a short version for the channels with tight limits,
// or leave the channel out. The draft still saves; the server refuses the submission until it fits.
import { Scissors, Unplug, Wrench } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { channels as allChannels } from "@/lib/campaigns/input";
import { submitBlockers, type BudgetRow } from "@/lib/campaigns/payload";
import { valuesFromDraft, type Channel, type ComposerDraft } from "@/lib/campaigns/draft";
import { useComposer, withMessage } from "./composer-context";

// The draft's channels without `channel` (none listed means every channel); null when it is the last.
export function withoutChannel(selected: readonly Channel[], channel: string): Channel[] | null {
  const from = selected.length ? selected : allChannels;
  const rest = from.filter((c) => c !== channel);
  return rest.length ? [...rest] : null;
}

export function useSubmitBlockers(draft: ComposerDraft, configured: readonly string[]): BudgetRow[] {
  return useMemo(() => {
    const { campaign } = valuesFromDraft(draft);
    return submitBlockers({ variants: campaign.variants, delivery: campaign.delivery, configured });
  }, [draft, configured]);
}

export function ChannelLimitFixes() {
  const t = useTranslations("campaigns.composer.limits");
  const names = useTranslations("enums.channel");
  const { draft, app, update, setActiveVariant, setActiveLocale } = useComposer();
  const rows = useSubmitBlockers(draft, app.configuredChannels);
  if (!rows.length) return null;

  const show = (row: BudgetRow, field: "title" | "body" | "shortTitle" | "shortBody" | null) => {
    if (!row.worst) return;
    const index = draft.variants.findIndex((v) => v.key === row.worst!.variantKey);
    if (index < 0) return;
    setActiveVariant(index);
    setActiveLocale(index, row.worst.locale);
    if (field) {
      const name = `campaign.variants.${index}.content.${row.worst.locale}.${field}`;
      // After the tab has rendered.
      setTimeout(() => document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)?.focus(), 50);
    }
  };
  const addShort = (row: BudgetRow) => {
    const part = row.part === "title" ? "shortTitle" : "shortBody";
    for (const [index, variant] of draft.variants.entries()) {
      for (const locale of variant.locales) {
        update((d) => withMessage(d, index, locale, (m) => (m && m[part] === undefined ? { ...m, [part]: "" } : m!)));
      }
    }
    show(row, part);
  };

  return (
    <section
      aria-labelledby="channel-limits-title"
      data-testid="channel-limits"
      className="space-y-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <div>
        <h3 id="channel-limits-title" className="font-semibold">
          {t("title", { count: rows.length })}
        </h3>
        <p className="text-amber-900">{t("description")}</p>
      </div>
      <ul className="space-y-3">
        {rows.map((row) => {
          const channel = names(row.provider);
          const rest = withoutChannel(draft.channels, row.provider);
          const short = row.effect === "clipped" && (row.part === "title" || row.part === "body");
          const hasShort =
            short &&
            draft.variants.some((v) =>
              Object.values(v.content).some((m) => (row.part === "title" ? m.shortTitle : m.shortBody) !== undefined),
            );
          return (
            <li key={`${row.provider}.${row.part ?? ""}`} className="space-y-1.5" data-testid={`limit-${row.provider}`}>
              <p>
                {t(`row.${row.part ?? "payload"}`, {
                  channel,
                  used: row.used,
                  limit: row.limit,
                  unit: row.unit,
                  variant: row.worst?.variantKey ?? "",
                  locale: row.worst?.locale ?? "",
                })}
              </p>
              <div className="flex flex-wrap gap-2">
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  onClick={() => show(row, row.part === "title" || row.part === "body" ? row.part : "body")}
                >
                  <Scissors className="size-4" aria-hidden />
                  {t("shorten")}
                </Button>
                {short ? (
                  <Button type="button" variant="secondary" size="sm" onClick={() => addShort(row)}>
                    <Wrench className="size-4" aria-hidden />
                    {hasShort
                      ? t(row.part === "title" ? "editShortTitle" : "editShortBody", { channel })
                      : t(row.part === "title" ? "addShortTitle" : "addShortBody", { channel })}
                  </Button>
                ) : null}
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  disabled={!rest}
                  title={rest ? undefined : t("lastChannel")}
                  onClick={() => rest && update((d) => ({ ...d, channels: withoutChannel(d.channels, row.provider)! }))}
                >
                  <Unplug className="size-4" aria-hidden />
                  {t("leaveOut", { channel })}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
