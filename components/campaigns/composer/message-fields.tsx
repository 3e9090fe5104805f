"use client";
// One variant's message in one language: title, body, image, deep link and data.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, Textarea } from "@/components/ui/input";
import { useComposer, withMessage } from "./composer-context";
import { DataPairs } from "./data-pairs";
import { emptyMessage, type MessageDraft } from "@/lib/campaigns/draft";

// The field's hint with a character count at the right (outside the label, so the name stays short).
function HintWithCounter({ hint, value, max }: { hint: string; value: string; max: number }) {
  const length = [...value].length;
  return (
    <span className="flex justify-between gap-3">
      <span>{hint}</span>
      <span className={length > max ? "shrink-0 text-red-600" : "shrink-0 text-slate-400"}>
        {length} / {max}
      </span>
    </span>
  );
}

export function MessageFields({ variantIndex, locale }: { variantIndex: number; locale: string }) {
  const t = useTranslations("campaigns.composer.message");
  const { draft, update, errors } = useComposer();
  const message = draft.variants[variantIndex].content[locale] ?? emptyMessage();
  const base = `campaign.variants.${variantIndex}.content.${locale}`;
  const set = (change: Partial<MessageDraft>) =>
    update((d) => withMessage(d, variantIndex, locale, (m) => ({ ...(m ?? emptyMessage()), ...change })));
  return (
    <div className="space-y-4" lang={locale}>
      <Field
        label={t("title")}
        hint={<HintWithCounter hint={t("titleHint")} value={message.title} max={200} />}
        errors={errors(`${base}.title`)}
      >
        <Input
          name={`${base}.title`}
          value={message.title}
          maxLength={250}
          autoComplete="off"
          onChange={(e) => set({ title: e.target.value })}
        />
      </Field>
      <Field
        label={t("body")}
        hint={<HintWithCounter hint={t("bodyHint")} value={message.body} max={2000} />}
        errors={errors(`${base}.body`)}
      >
        <Textarea
          name={`${base}.body`}
          value={message.body}
          rows={4}
          maxLength={2500}
          onChange={(e) => set({ body: e.target.value })}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("imageUrl")} hint={t("imageUrlHint")} errors={errors(`${base}.imageUrl`)}>
          <CodeInput
            name={`${base}.imageUrl`}
            type="url"
            value={message.imageUrl}
            placeholder="https://cdn.example.com/banner.png"
            onChange={(e) => set({ imageUrl: e.target.value })}
          />
        </Field>
        <Field label={t("url")} hint={t("urlHint")} errors={errors(`${base}.url`)}>
          <CodeInput
            name={`${base}.url`}
            value={message.url}
            placeholder="myapp://story/42"
            onChange={(e) => set({ url: e.target.value })}
          />
        </Field>
      </div>
      <DataPairs base={`${base}.data`} pairs={message.data} onChange={(data) => set({ data })} errors={errors} />
    </div>
  );
}
