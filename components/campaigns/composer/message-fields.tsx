"use client";
// One variant's message in one language: title, body (each with its count against the tightest limit
// of the channels the campaign may use, and an optional short version for those channels), image,
// deep link and data. Nothing typed or pasted is ever cut: an over-long text stays, counted and flagged.
import { useFormatter, useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useComposer, withMessage } from "./composer-context";
import { DataPairs } from "./data-pairs";
import { emptyMessage, type MessageDraft } from "@/lib/campaigns/draft";
import { charCount, tightestTextLimit, type BudgetProvider } from "@/lib/campaigns/payload";

export const titleMax = 200;
export const bodyMax = 2000;

// The field's hint with a character count at the right (outside the label, so the name stays short):
// against the tightest channel limit when one is tighter than the field's own, naming those channels.
function HintWithCounter({
  hint,
  value,
  max,
  channels,
  testId,
}: {
  hint: string;
  value: string;
  max: number;
  channels?: BudgetProvider[];
  testId: string;
}) {
  const names = useTranslations("enums.channel");
  const format = useFormatter();
  const length = charCount(value);
  return (
    <span className="flex justify-between gap-3">
      <span>{hint}</span>
      <span
        data-testid={testId}
        className={length > max ? "shrink-0 font-medium text-red-600" : "shrink-0 text-slate-400"}
      >
        {format.number(length)} / {format.number(max)}
        {channels?.length ? ` · ${channels.map((c) => names(c)).join(", ")}` : null}
      </span>
    </span>
  );
}

function useLimits() {
  const { draft, app } = useComposer();
  return {
    title: tightestTextLimit(draft.channels, "title", titleMax, app.configuredChannels),
    body: tightestTextLimit(draft.channels, "body", bodyMax, app.configuredChannels),
  };
}

export function MessageFields({ variantIndex, locale }: { variantIndex: number; locale: string }) {
  const t = useTranslations("campaigns.composer.message");
  const names = useTranslations("enums.channel");
  const { draft, update, errors } = useComposer();
  const message = draft.variants[variantIndex].content[locale] ?? emptyMessage();
  const base = `campaign.variants.${variantIndex}.content.${locale}`;
  const set = (change: Partial<MessageDraft>) =>
    update((d) => withMessage(d, variantIndex, locale, (m) => ({ ...(m ?? emptyMessage()), ...change })));
  const limits = useLimits();
  const over = (part: "title" | "body") => {
    const limit = limits[part];
    return limit !== null && charCount(part === "title" ? message.title : message.body) > limit.limit;
  };
  // A short version is offered once the full text is over a channel's limit; an empty string is an
  // open, empty field (lib/campaigns/draft: absent is closed, and an empty one is not saved).
  const showShort = (part: "title" | "body") =>
    (part === "title" ? message.shortTitle : message.shortBody) !== undefined;
  const channelNames = (part: "title" | "body") => (limits[part]?.providers ?? []).map((c) => names(c)).join(", ");

  function shortField(part: "title" | "body") {
    const key = part === "title" ? "shortTitle" : "shortBody";
    const limit = limits[part];
    const value = message[key] ?? "";
    if (!showShort(part)) {
      return over(part) ? (
        <Button type="button" variant="secondary" size="sm" onClick={() => set({ [key]: "" })}>
          {t(part === "title" ? "addShortTitle" : "addShortBody", { channels: channelNames(part) })}
        </Button>
      ) : null;
    }
    const Control = part === "title" ? Input : Textarea;
    return (
      <Field
        label={t(part === "title" ? "shortTitle" : "shortBody")}
        hint={
          <HintWithCounter
            hint={t("shortHint", { channels: channelNames(part) || t("noTightChannel") })}
            value={value}
            max={limit?.limit ?? (part === "title" ? titleMax : bodyMax)}
            channels={limit?.providers}
            testId={`count-${key}`}
          />
        }
        errors={errors(`${base}.${key}`)}
      >
        <Control
          name={`${base}.${key}`}
          value={value}
          autoComplete="off"
          {...(part === "body" ? { rows: 2 } : {})}
          onChange={(e: { target: { value: string } }) => set({ [key]: e.target.value })}
        />
      </Field>
    );
  }

  return (
    <div className="space-y-4" lang={locale}>
      <Field
        label={t("title")}
        hint={
          <HintWithCounter
            hint={t("titleHint")}
            value={message.title}
            max={limits.title?.limit ?? titleMax}
            channels={limits.title?.providers}
            testId="count-title"
          />
        }
        errors={errors(`${base}.title`)}
      >
        <Input
          name={`${base}.title`}
          value={message.title}
          autoComplete="off"
          onChange={(e) => set({ title: e.target.value })}
        />
      </Field>
      {shortField("title")}
      <Field
        label={t("body")}
        hint={
          <HintWithCounter
            hint={t("bodyHint")}
            value={message.body}
            max={limits.body?.limit ?? bodyMax}
            channels={limits.body?.providers}
            testId="count-body"
          />
        }
        errors={errors(`${base}.body`)}
      >
        <Textarea name={`${base}.body`} value={message.body} rows={4} onChange={(e) => set({ body: e.target.value })} />
      </Field>
      {shortField("body")}
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
