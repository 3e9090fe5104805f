"use client";
// Step 4: how the push services should treat it: priority, how long it may wait for an offline
// device, what replaces it (collapse key), sound and badge, which channels it may use, and an
// optional send rate.
import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { channels } from "@/lib/campaigns/input";
import { CheckboxField, GroupErrors, RadioCard } from "./choices";
import { ComposerSection } from "./composer-section";
import { useComposer } from "./composer-context";
import type { TtlUnit } from "@/lib/campaigns/draft";

export function DeliverySection() {
  const t = useTranslations("campaigns.composer.delivery");
  const enums = useTranslations("enums.channel");
  const { draft, update, errors } = useComposer();
  const toggleChannel = (channel: (typeof channels)[number], on: boolean) =>
    update((d) => ({
      ...d,
      channels: on
        ? channels.filter((c) => c === channel || d.channels.includes(c))
        : d.channels.filter((c) => c !== channel),
    }));
  return (
    <ComposerSection step={4} title={t("title")} description={t("description")}>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("priority")}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {(["high", "normal"] as const).map((p) => (
            <RadioCard
              key={p}
              name="campaign.delivery.priority"
              value={p}
              checked={draft.priority === p}
              onChange={() => update((d) => ({ ...d, priority: p }))}
              label={t(`priorities.${p}`)}
              description={t(`priorityHints.${p}`)}
            />
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">{t("ttl")}</legend>
          <div className="flex gap-2">
            <Input
              aria-label={t("ttlValue")}
              name="campaign.delivery.ttlSeconds"
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={draft.ttl}
              placeholder={t("ttlDefault")}
              invalid={Boolean(errors("campaign.delivery.ttlSeconds"))}
              className="flex-1"
              onChange={(e) => update((d) => ({ ...d, ttl: e.target.value }))}
            />
            <NativeSelect
              aria-label={t("ttlUnit")}
              value={draft.ttlUnit}
              className="w-32"
              onChange={(e) => update((d) => ({ ...d, ttlUnit: e.target.value as TtlUnit }))}
            >
              {(["minutes", "hours", "days"] as const).map((u) => (
                <option key={u} value={u}>
                  {t(`units.${u}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <p className="text-xs text-slate-500">{t("ttlHint")}</p>
          <GroupErrors errors={errors("campaign.delivery.ttlSeconds")} />
        </fieldset>
        <Field label={t("collapseKey")} hint={t("collapseKeyHint")} errors={errors("campaign.delivery.collapseKey")}>
          <Input
            name="campaign.delivery.collapseKey"
            value={draft.collapseKey}
            maxLength={64}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => update((d) => ({ ...d, collapseKey: e.target.value }))}
          />
        </Field>
        <Field label={t("sound")} hint={t("soundHint")} errors={errors("campaign.delivery.sound")}>
          <Input
            name="campaign.delivery.sound"
            value={draft.sound}
            maxLength={64}
            placeholder="default"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => update((d) => ({ ...d, sound: e.target.value }))}
          />
        </Field>
        <Field label={t("badge")} hint={t("badgeHint")} errors={errors("campaign.delivery.badge")}>
          <Input
            name="campaign.delivery.badge"
            type="number"
            inputMode="numeric"
            min={0}
            max={99999}
            step={1}
            value={draft.badge}
            onChange={(e) => update((d) => ({ ...d, badge: e.target.value }))}
          />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("channels")}</legend>
        <p className="text-xs text-slate-500">
          {draft.channels.length ? t("channelsSome", { count: draft.channels.length }) : t("channelsAll")}
        </p>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
          {channels.map((c) => (
            <CheckboxField
              key={c}
              name="campaign.delivery.channels"
              value={c}
              label={enums(c)}
              checked={draft.channels.includes(c)}
              onChange={(e) => toggleChannel(c, e.target.checked)}
            />
          ))}
        </div>
        <GroupErrors errors={errors("campaign.delivery.channels")} />
      </fieldset>
      <Field label={t("throttle")} hint={t("throttleHint")} errors={errors("campaign.throttlePerMinute")}>
        <Input
          name="campaign.throttlePerMinute"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={draft.throttle}
          placeholder={t("throttleNone")}
          className="sm:w-64"
          onChange={(e) => update((d) => ({ ...d, throttle: e.target.value }))}
        />
      </Field>
    </ComposerSection>
  );
}
