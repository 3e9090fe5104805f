"use client";
// One variant: its share of the audience, its fallback language, and its message per language
// (a tab each) with the notification preview beside the fields.
import { Trash2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { Tabs } from "radix-ui";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NativeSelect, NumberInput, Options } from "@/components/ui/input";
import { AddLocale } from "./add-locale";
import { GroupErrors } from "./choices";
import { useComposer, withVariant } from "./composer-context";
import { emptyMessage } from "@/lib/campaigns/draft";
import { MessageFields } from "./message-fields";
import { MessagePreview } from "./message-preview";

function useLanguageName() {
  const ui = useLocale();
  const names = new Intl.DisplayNames([ui], { type: "language" });
  return (tag: string) => {
    try {
      return names.of(tag) ?? tag;
    } catch {
      return tag;
    }
  };
}

export function VariantPanel({ index, onRemove }: { index: number; onRemove?: () => void }) {
  const t = useTranslations("campaigns.composer.variants");
  const tl = useTranslations("campaigns.composer.locales");
  const { draft, update, errors, flagged, activeLocale, setActiveLocale } = useComposer();
  const languageName = useLanguageName();
  const variant = draft.variants[index];
  const locale = activeLocale(index);
  const path = `campaign.variants.${index}`;
  function removeLocale(target: string) {
    const rest = variant.locales.filter((l) => l !== target);
    update((d) =>
      withVariant(d, index, (v) => {
        const content = { ...v.content };
        delete content[target];
        return {
          ...v,
          locales: rest,
          content,
          fallbackLocale: v.fallbackLocale === target ? rest[0] : v.fallbackLocale,
        };
      }),
    );
    setActiveLocale(index, rest[0]);
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start gap-4">
        <Field label={t("split", { key: variant.key })} hint={t("splitHint")} errors={errors(`${path}.splitPercent`)}>
          <NumberInput
            name={`${path}.splitPercent`}
            min={1}
            max={100}
            value={variant.split}
            className="w-28"
            onChange={(e) => update((d) => withVariant(d, index, (v) => ({ ...v, split: e.target.value })))}
          />
        </Field>
        <Field label={tl("fallback")} hint={tl("fallbackHint")} errors={errors(`${path}.fallbackLocale`)}>
          <NativeSelect
            name={`${path}.fallbackLocale`}
            value={variant.fallbackLocale}
            className="w-56"
            onChange={(e) => update((d) => withVariant(d, index, (v) => ({ ...v, fallbackLocale: e.target.value })))}
          >
            <Options items={variant.locales} label={(l) => `${l} · ${languageName(l)}`} />
          </NativeSelect>
        </Field>
        {onRemove ? (
          <Button variant="ghost" size="sm" className="mt-6 ml-auto text-red-700 hover:bg-red-50" onClick={onRemove}>
            <Trash2 className="size-4" aria-hidden />
            {t("remove", { key: variant.key })}
          </Button>
        ) : null}
      </div>
      <Tabs.Root value={locale} onValueChange={(l) => setActiveLocale(index, l)}>
        <div className="flex flex-wrap items-end justify-between gap-2 border-b border-slate-200">
          <Tabs.List aria-label={tl("tabsLabel", { key: variant.key })} className="-mb-px flex flex-wrap gap-1">
            {variant.locales.map((l) => (
              <Tabs.Trigger
                key={l}
                value={l}
                className={
                  "inline-flex items-center gap-1.5 rounded-t-md border border-transparent px-3 py-1.5 " +
                  "text-sm text-slate-600 hover:text-slate-900 focus-visible:ring-2 " +
                  "focus-visible:ring-brand-500/40 focus-visible:outline-none " +
                  "data-[state=active]:border-slate-200 data-[state=active]:border-b-white " +
                  "data-[state=active]:bg-white data-[state=active]:font-medium " +
                  "data-[state=active]:text-slate-900"
                }
              >
                <span className="font-mono text-xs">{l}</span>
                <span className="hidden sm:inline">{languageName(l)}</span>
                {l === variant.fallbackLocale ? (
                  <span className="rounded bg-brand-100 px-1 text-[10px] text-brand-700">{tl("fallbackBadge")}</span>
                ) : null}
                {flagged(`${path}.content.${l}`) ? (
                  <span className="size-2 rounded-full bg-red-500" aria-label={tl("hasErrors")} />
                ) : null}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <div className="pb-2">
            <AddLocale
              existing={variant.locales}
              onAdd={(l) => {
                update((d) =>
                  withVariant(d, index, (v) => ({
                    ...v,
                    locales: [...v.locales, l],
                    content: { ...v.content, [l]: emptyMessage() },
                  })),
                );
                setActiveLocale(index, l);
              }}
            />
          </div>
        </div>
        <GroupErrors errors={errors(`${path}.content`)} />
        {variant.locales.map((l) => (
          <Tabs.Content key={l} value={l} className="pt-4 focus-visible:outline-none">
            <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
              <div className="space-y-3">
                <MessageFields variantIndex={index} locale={l} />
                {variant.locales.length > 1 ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-red-700 hover:bg-red-50"
                    onClick={() => removeLocale(l)}
                  >
                    <Trash2 className="size-4" aria-hidden />
                    {tl("remove", { locale: l })}
                  </Button>
                ) : null}
              </div>
              <MessagePreview variantIndex={index} locale={l} />
            </div>
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </div>
  );
}
