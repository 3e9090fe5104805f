"use client";
// Step 4: how the push services should treat it: priority, how long it may wait for an offline
// device, what replaces it (collapse key), sound and badge, which channels it may use, and an
// optional send rate.
import { useTranslations } from "next-intl";
import { FieldGroup } from "@/components/ui/field-group";
import { Field } from "@/components/ui/field";
import { CodeInput, Input, NativeSelect, NumberInput, Options } from "@/components/ui/input";
import { channels } from "@/lib/campaigns/input";
import { CheckboxList, GroupErrors, RadioCardGroup } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";
import type { TtlUnit } from "@/lib/campaigns/draft";

export function DeliverySection() {
  const t = useTranslations("campaigns.composer.delivery");
  const enums = useTranslations("enums.channel");
  const { draft, update, errors } = useComposer();
  const { text } = useDraftBinding();
  return (
    <ComposerSection step={4} title={t("title")} description={t("description")}>
      <RadioCardGroup
        legend={t("priority")}
        name="campaign.delivery.priority"
        gridClassName="grid gap-2 sm:grid-cols-2"
        options={(["high", "normal"] as const).map((p) => ({
          value: p,
          label: t(`priorities.${p}`),
          description: t(`priorityHints.${p}`),
        }))}
        value={draft.priority}
        onChange={(priority) => update((d) => ({ ...d, priority }))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <FieldGroup legend={t("ttl")} className="space-y-1">
          <div className="flex gap-2">
            <Input
              aria-label={t("ttlValue")}
              name="campaign.delivery.ttlSeconds"
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              {...text("ttl")}
              placeholder={t("ttlDefault")}
              invalid={Boolean(errors("campaign.delivery.ttlSeconds"))}
              className="flex-1"
            />
            <NativeSelect
              aria-label={t("ttlUnit")}
              value={draft.ttlUnit}
              className="w-32"
              onChange={(e) => update((d) => ({ ...d, ttlUnit: e.target.value as TtlUnit }))}
            >
              <Options items={["minutes", "hours", "days"] as const} label={(u) => t(`units.${u}`)} />
            </NativeSelect>
          </div>
          <p className="text-xs text-slate-500">{t("ttlHint")}</p>
          <GroupErrors errors={errors("campaign.delivery.ttlSeconds")} />
        </FieldGroup>
        <Field label={t("collapseKey")} hint={t("collapseKeyHint")} errors={errors("campaign.delivery.collapseKey")}>
          <CodeInput name="campaign.delivery.collapseKey" {...text("collapseKey")} />
        </Field>
        <Field label={t("sound")} hint={t("soundHint")} errors={errors("campaign.delivery.sound")}>
          <CodeInput name="campaign.delivery.sound" {...text("sound")} placeholder="default" />
        </Field>
        <Field label={t("badge")} hint={t("badgeHint")} errors={errors("campaign.delivery.badge")}>
          <NumberInput name="campaign.delivery.badge" min={0} max={99999} {...text("badge")} />
        </Field>
      </div>
      <FieldGroup legend={t("channels")}>
        <p className="text-xs text-slate-500">
          {draft.channels.length ? t("channelsSome", { count: draft.channels.length }) : t("channelsAll")}
        </p>
        <CheckboxList
          name="campaign.delivery.channels"
          className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5"
          options={channels}
          label={(c) => enums(c)}
          selected={draft.channels}
          onChange={(selected) => update((d) => ({ ...d, channels: selected }))}
        />
        <GroupErrors errors={errors("campaign.delivery.channels")} />
      </FieldGroup>
      <Field label={t("throttle")} hint={t("throttleHint")} errors={errors("campaign.throttlePerMinute")}>
        <NumberInput
          name="campaign.throttlePerMinute"
          min={1}
          {...text("throttle")}
          placeholder={t("throttleNone")}
          className="sm:w-64"
        />
      </Field>
    </ComposerSection>
  );
}
