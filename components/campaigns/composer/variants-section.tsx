"use client";
// Step 3: the message. One variant, or up to five for an A/B test with their shares of the audience
// and an optional holdout (a control group that receives nothing); each variant has its content per
// language. The payload budget under it shows what each push service would make of the largest message.
import { Plus, Scale } from "lucide-react";
import { useTranslations } from "next-intl";
import { Tabs } from "radix-ui";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NumberInput } from "@/components/ui/input";
import { GroupErrors } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";
import { RolloutSection } from "./rollout-section";
import { SplitBar } from "./split-bar";
import { evenSplits, variantKeys, type ComposerDraft, type VariantDraft } from "@/lib/campaigns/draft";
import { VariantPanel } from "./variant-panel";

// Deep copy of a variant's content, so the new variant starts from it but edits stay separate.
function copyOf(variant: VariantDraft, key: string): VariantDraft {
  const content = Object.fromEntries(
    Object.entries(variant.content).map(([l, m]) => [
      l,
      { ...m, data: m.data.map((p) => ({ ...p, id: `${p.id}-${key}` })) },
    ]),
  );
  return { ...variant, key, locales: [...variant.locales], content };
}

// Variants keep the letters A, B, C... in order; splits are shared evenly after adding or removing one.
function rekeyed(d: ComposerDraft, variants: VariantDraft[]): ComposerDraft {
  const splits = evenSplits(variants.length);
  return { ...d, variants: variants.map((v, i) => ({ ...v, key: variantKeys[i], split: splits[i] })) };
}

export function VariantsSection({ budget }: { budget?: ReactNode }) {
  const t = useTranslations("campaigns.composer.variants");
  const { draft, update, errors, flagged, activeVariant, setActiveVariant } = useComposer();
  const { text } = useDraftBinding();
  const variants = draft.variants;
  const current = Math.min(activeVariant, variants.length - 1);
  const add = () => {
    update((d) => rekeyed(d, [...d.variants, copyOf(d.variants[current], variantKeys[d.variants.length])]));
    setActiveVariant(variants.length);
  };
  const remove = (index: number) => {
    update((d) =>
      rekeyed(
        d,
        d.variants.filter((_, i) => i !== index),
      ),
    );
    setActiveVariant(Math.max(0, index - 1));
  };
  return (
    <ComposerSection step={3} title={t("title")} description={t("description")}>
      <div className="grid gap-4 sm:grid-cols-[12rem_minmax(0,1fr)] sm:items-start">
        <Field label={t("holdout")} hint={t("holdoutHint")} errors={errors("campaign.holdoutPercent")}>
          <NumberInput name="campaign.holdoutPercent" min={0} max={50} {...text("holdout")} />
        </Field>
        <div className="space-y-1 sm:pt-7">
          <SplitBar variants={variants} holdout={draft.holdout} />
          <GroupErrors errors={errors("campaign.variants")} />
        </div>
      </div>
      <Tabs.Root
        value={variantKeys[current]}
        onValueChange={(key) => setActiveVariant(variantKeys.indexOf(key as (typeof variantKeys)[number]))}
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Tabs.List aria-label={t("tabsLabel")} className="inline-flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
            {variants.map((v, i) => (
              <Tabs.Trigger
                key={v.key}
                value={v.key}
                className={
                  "inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm text-slate-600 " +
                  "hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-brand-500/40 " +
                  "focus-visible:outline-none data-[state=active]:bg-white data-[state=active]:font-medium " +
                  "data-[state=active]:text-slate-900 data-[state=active]:shadow-sm"
                }
              >
                {t("tab", { key: v.key })}
                <span className="text-xs text-slate-500 tabular-nums">{v.split || "0"}%</span>
                {flagged(`campaign.variants.${i}`) ? (
                  <span className="size-2 rounded-full bg-red-500" aria-label={t("hasErrors")} />
                ) : null}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <div className="flex gap-2">
            {variants.length > 1 ? (
              <Button variant="ghost" size="sm" onClick={() => update((d) => rekeyed(d, d.variants))}>
                <Scale className="size-4" aria-hidden />
                {t("even")}
              </Button>
            ) : null}
            <Button variant="secondary" size="sm" disabled={variants.length >= variantKeys.length} onClick={add}>
              <Plus className="size-4" aria-hidden />
              {t("add")}
            </Button>
          </div>
        </div>
        {variants.length < variantKeys.length ? (
          <p className="mt-1 text-xs text-slate-500">{t("addHint", { key: variants[current].key })}</p>
        ) : null}
        {variants.map((v, i) => (
          <Tabs.Content key={v.key} value={v.key} className="mt-4 focus-visible:outline-none">
            <VariantPanel index={i} onRemove={variants.length > 1 ? () => remove(i) : undefined} />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      <RolloutSection />
      {budget}
    </ComposerSection>
  );
}
