// What a campaign says and to whom: each variant with its split and its message per locale (the
// fallback marked), and the audience (saved segment or expression).
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { CampaignDetail } from "@/server/campaigns/queries";

type Message = { title?: string; body?: string; url?: string; imageUrl?: string };

export async function CampaignVariants({ detail }: { detail: CampaignDetail }) {
  const t = await getTranslations("campaigns.detail");
  const variants = detail.campaign.variants;
  return (
    <Card title={t("variantsTitle", { count: variants.length })}>
      <div className="space-y-4">
        {variants.map((variant) => {
          const content = (variant.content ?? {}) as Record<string, Message>;
          const locales = Object.keys(content).sort(
            (a, b) => Number(b === variant.fallbackLocale) - Number(a === variant.fallbackLocale) || a.localeCompare(b),
          );
          return (
            <section key={variant.id} aria-label={t("variant", { key: variant.key })}>
              <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-800">
                {t("variant", { key: variant.key })}
                <Badge>{t("split", { percent: variant.splitPercent })}</Badge>
              </h3>
              <div className="grid gap-3 md:grid-cols-2">
                {locales.map((locale) => {
                  const message = content[locale];
                  return (
                    <article key={locale} lang={locale} className="rounded-md border border-slate-200 p-3">
                      <p className="mb-1 flex items-center gap-2 text-xs text-slate-500">
                        <code className="font-mono">{locale}</code>
                        {locale === variant.fallbackLocale ? <Badge tone="blue">{t("fallback")}</Badge> : null}
                      </p>
                      <p className="font-medium text-slate-900">{message.title}</p>
                      <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{message.body}</p>
                      {message.url ? (
                        <p className="mt-1 font-mono text-xs break-all text-brand-700">{message.url}</p>
                      ) : null}
                    </article>
                  );
                })}
              </div>
            </section>
          );
        })}
      </div>
    </Card>
  );
}

export async function CampaignAudience({ detail }: { detail: CampaignDetail }) {
  const t = await getTranslations("campaigns.detail");
  const c = detail.campaign;
  return (
    <Card title={t("audienceTitle")}>
      <div className="space-y-2 text-sm">
        {c.segment ? <p>{t("segment", { name: c.segment.name })}</p> : null}
        {detail.wholeApp ? (
          <p className="font-medium text-amber-800">{t("wholeApp", { app: c.app.name })}</p>
        ) : !detail.expression?.trim() ? null : (
          <pre className="rounded-md bg-slate-50 p-2 font-mono text-xs break-words whitespace-pre-wrap text-slate-800">
            {detail.expression ?? ""}
          </pre>
        )}
        {c.testDevicesOnly ? <Badge tone="amber">{t("testDevicesOnly")}</Badge> : null}
      </div>
    </Card>
  );
}
