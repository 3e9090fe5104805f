"use client";
// Step 5 when the app's SMS policy allows SMS for this kind of campaign: whether devices that do not
// confirm the push within the app's window get an SMS signal, the campaign's SMS budget (count and
// money, which dispatch never exceeds) and a live estimate: segments of the signal, devices of the
// audience an SMS could reach, what they would cost at the app's price table and what the budget
// lets out. Re-counted ~400 ms after the audience stops changing.
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useDebouncedValue } from "@/components/segments/use-debounced-value";
import { Field } from "@/components/ui/field";
import { Input, NumberInput } from "@/components/ui/input";
import { smsApplies } from "@/lib/campaigns/draft";
import { estimateSms, microsToPrice, priceToMicros, sampleSignal, type SmsPolicy } from "@/lib/sms/policy";
import type { SchedulePreviewInput } from "@/server/campaigns/schedule-preview";
import { previewSmsReach } from "@/server/campaigns/actions";
import { ComposerSection } from "./composer-section";
import { useComposer, useDraftBinding } from "./composer-context";

type Countries = Array<{ country: string; devices: number }>;
type Reach = { key: string; countries: Countries | null };

interface Props {
  step: number;
  // The audience as the schedule preview has it (null while it is not valid).
  audience: SchedulePreviewInput | null;
}

const checkbox = "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600";

export function SmsSection({ step, audience }: Props) {
  const t = useTranslations("campaigns.composer.sms");
  const format = useFormatter();
  const { draft, app, errors } = useComposer();
  const { text, check } = useDraftBinding();
  const policy = app.smsPolicy;
  const liveKey = audience
    ? JSON.stringify([audience.segmentId ?? null, audience.expression ?? "", audience.testDevicesOnly])
    : null;
  const key = useDebouncedValue(liveKey, 400);
  const [reach, setReach] = useState<Reach | null>(null);
  const shown = Boolean(policy) && smsApplies(draft) && draft.sms;

  useEffect(() => {
    if (!shown || key === null) return;
    const [segmentId, expression, testDevicesOnly] = JSON.parse(key) as [string | null, string, boolean];
    let current = true;
    void Promise.resolve().then(async () => {
      const answer = await previewSmsReach({
        appId: app.id,
        ...(segmentId ? { segmentId } : { expression }),
        testDevicesOnly,
      }).catch(() => null);
      if (current) setReach({ key, countries: answer?.ok ? answer.data.countries : null });
    });
    return () => {
      current = false;
    };
  }, [app.id, key, shown]);

  if (!policy || !smsApplies(draft)) return null;
  const money = (micros: number) => `${microsToPrice(micros)} ${policy.currency}`;
  return (
    <ComposerSection step={step} title={t("title")} description={t("description", { minutes: policy.windowMinutes })}>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="campaign.sms" className={checkbox} {...check("sms")} />
        <span>{t("enable", { minutes: policy.windowMinutes })}</span>
      </label>
      {errors("campaign.sms") ? (
        <p role="alert" className="text-xs text-red-600">
          {errors("campaign.sms")!.join(" ")}
        </p>
      ) : null}
      {draft.sms ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("maxMessages")} hint={t("maxMessagesHint")} errors={errors("campaign.sms.maxMessages")}>
              <NumberInput name="campaign.sms.maxMessages" min={1} {...text("smsMaxMessages")} />
            </Field>
            <Field
              label={t("maxCost", { currency: policy.currency })}
              hint={t("maxCostHint")}
              errors={errors("campaign.sms.maxCost")}
            >
              <Input name="campaign.sms.maxCost" inputMode="decimal" {...text("smsMaxCost")} />
            </Field>
          </div>
          <SmsEstimate
            policy={policy}
            countries={reach && reach.key === liveKey ? reach.countries : undefined}
            maxMessages={draft.smsMaxMessages}
            maxCost={draft.smsMaxCost}
            money={money}
            count={(n) => format.number(n)}
          />
        </>
      ) : null}
      <p className="text-xs text-slate-500">{t("quietHours")}</p>
    </ComposerSection>
  );
}

function SmsEstimate({
  policy,
  countries,
  maxMessages,
  maxCost,
  money,
  count,
}: {
  policy: SmsPolicy;
  // undefined while counting, null when the count failed.
  countries: Countries | null | undefined;
  maxMessages: string;
  maxCost: string;
  money: (micros: number) => string;
  count: (n: number) => string;
}) {
  const t = useTranslations("campaigns.composer.sms");
  // Without its own text the signal is in each device's language: the estimate takes the longer.
  const samples = policy.template
    ? [sampleSignal(policy, null)]
    : [sampleSignal(policy, "en"), sampleSignal(policy, "zh-CN")];
  const segments = Math.max(...samples.map((s) => s.segments.segments));
  const messages = /^\d+$/.test(maxMessages.trim()) ? Number(maxMessages) : null;
  const cost = /^\d{1,9}(\.\d{1,6})?$/.test(maxCost.trim()) ? priceToMicros(maxCost) : null;
  const estimate = countries
    ? estimateSms({ policy, segmentsPerMessage: segments, countries, maxMessages: messages, maxCostMicros: cost })
    : null;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" aria-live="polite">
      <h3 className="font-medium text-slate-800">{t("estimate")}</h3>
      <ul className="mt-1 space-y-0.5 text-slate-700">
        {samples.map((sample, i) => (
          <li key={i}>
            {t("segments", {
              language: policy.template ? "any" : i === 0 ? "en" : "zh",
              encoding: sample.segments.encoding,
              units: sample.segments.units,
              segments: sample.segments.segments,
            })}
          </li>
        ))}
        {countries === undefined ? <li className="text-slate-500">{t("counting")}</li> : null}
        {countries === null ? <li className="text-red-700">{t("countFailed")}</li> : null}
        {estimate ? (
          <>
            <li>{t("reachable", { devices: count(estimate.reachable) })}</li>
            <li>{t("worstCase", { messages: count(estimate.messages), cost: money(estimate.costMicros) })}</li>
            <li>
              {t("withinBudget", {
                messages: count(estimate.withinBudget.messages),
                cost: money(estimate.withinBudget.costMicros),
              })}
              {estimate.limitedBy !== "none" ? ` ${t(`limitedBy.${estimate.limitedBy}`)}` : ""}
            </li>
          </>
        ) : null}
      </ul>
      <p className="mt-1 text-xs text-slate-500">{t("estimateHint")}</p>
    </div>
  );
}
