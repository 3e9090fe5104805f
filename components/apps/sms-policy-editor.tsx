"use client";
// The app's SMS signalling policy on its detail page: whether SMS stands in for a push a device has
// not confirmed, for which kinds of campaign, after how many minutes, what the signal says (with its
// segment count as typed) and the price per segment per country. Quiet hours always apply to SMS.
import { Plus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FieldGroup } from "@/components/ui/field-group";
import { CodeInput, Input, NumberInput, Textarea } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import {
  renderSignal,
  sampleSignalCode,
  smsCampaignKinds,
  smsDefaultTemplates,
  smsWindowMinutes,
  type SmsPolicy,
} from "@/lib/sms/policy";
import { countSegments } from "@/lib/sms/segments";
import { saveSmsPolicy } from "@/server/apps/actions";

interface Props {
  appId: string;
  policy: SmsPolicy;
  hasCredential: boolean;
  canManage: boolean;
}

const checkbox = "mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-brand-600";

export function SmsPolicyEditor({ appId, policy: initial, hasCredential, canManage }: Props) {
  const t = useTranslations("apps.smsPolicy");
  const text = useActionResultText("apps", formResultRules);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [kinds, setKinds] = useState<string[]>(initial.campaignKinds);
  const [windowMinutes, setWindowMinutes] = useState(String(initial.windowMinutes));
  const [template, setTemplate] = useState(initial.template ?? "");
  const [linkBase, setLinkBase] = useState(initial.linkBase ?? "");
  const [currency, setCurrency] = useState(initial.currency);
  const [defaultPrice, setDefaultPrice] = useState(initial.defaultPrice);
  const [prices, setPrices] = useState(initial.prices.map((row, i) => ({ ...row, key: i })));
  const [nextKey, setNextKey] = useState(initial.prices.length);
  const [result, setResult] = useState<ActionResult<{ appId: string }>>(idleResult);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const idPrefix = useId();
  const disabled = !canManage || pending;
  const errors = (field: string) => text.fieldErrors(result, `policy.${field}`);
  const formError = text.formError(result);

  const sample = renderSignal(template.trim() || smsDefaultTemplates.en, {
    code: sampleSignalCode,
    linkBase: linkBase.trim() || null,
  });
  const segments = countSegments(sample);

  const edit = <T,>(set: (value: T) => void) => {
    return (value: T) => {
      setSaved(false);
      set(value);
    };
  };
  const submit = () => {
    setSaved(false);
    const window = Number(windowMinutes);
    const policy = {
      enabled,
      campaignKinds: smsCampaignKinds.filter((kind) => kinds.includes(kind)),
      windowMinutes: windowMinutes.trim() === "" || !Number.isFinite(window) ? Number.NaN : window,
      template: template.trim() || null,
      linkBase: linkBase.trim() || null,
      currency,
      defaultPrice,
      prices: prices.map(({ country, price }) => ({ country, price })),
    };
    startTransition(async () => {
      const next = await saveSmsPolicy({ appId, policy: policy as SmsPolicy });
      setResult(next);
      if (next.ok) setSaved(true);
    });
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p className="text-sm text-slate-600">{t("explain")}</p>
      {!hasCredential ? <Alert tone="warning">{t("noCredential")}</Alert> : null}
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {saved ? <Alert tone="success">{t("saved")}</Alert> : null}
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className={checkbox}
          checked={enabled}
          disabled={disabled}
          onChange={(event) => edit(setEnabled)(event.target.checked)}
        />
        <span>{t("enabled")}</span>
      </label>
      <FieldGroup legend={t("kinds")}>
        <div className="flex flex-wrap gap-4">
          {smsCampaignKinds.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className={checkbox}
                checked={kinds.includes(kind)}
                disabled={disabled}
                onChange={(event) =>
                  edit(setKinds)(event.target.checked ? [...kinds, kind] : kinds.filter((k) => k !== kind))
                }
              />
              {t(`kind.${kind}`)}
            </label>
          ))}
        </div>
        {errors("campaignKinds") ? (
          <p role="alert" className="text-xs text-red-600">
            {errors("campaignKinds")!.join(" ")}
          </p>
        ) : null}
      </FieldGroup>
      <Field
        label={t("window")}
        hint={t("windowHint", { min: smsWindowMinutes.min, max: smsWindowMinutes.max })}
        errors={errors("windowMinutes")}
      >
        <NumberInput
          min={smsWindowMinutes.min}
          max={smsWindowMinutes.max}
          value={windowMinutes}
          disabled={disabled}
          onChange={(event) => edit(setWindowMinutes)(event.target.value)}
        />
      </Field>
      <p className="text-sm text-slate-600">{t("quietHours")}</p>
      <Field
        label={t("template")}
        hint={t("templateHint", {
          encoding: segments.encoding,
          units: segments.units,
          segments: segments.segments,
        })}
        errors={errors("template")}
      >
        <Textarea
          rows={3}
          placeholder={smsDefaultTemplates.en}
          value={template}
          disabled={disabled}
          onChange={(event) => edit(setTemplate)(event.target.value)}
        />
      </Field>
      <Field label={t("linkBase")} hint={t("linkBaseHint")} errors={errors("linkBase")}>
        <CodeInput
          placeholder="https://news.example/m/"
          value={linkBase}
          disabled={disabled}
          onChange={(event) => edit(setLinkBase)(event.target.value)}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("currency")} hint={t("currencyHint")} errors={errors("currency")}>
          <CodeInput
            value={currency}
            disabled={disabled}
            onChange={(event) => edit(setCurrency)(event.target.value.toUpperCase())}
          />
        </Field>
        <Field label={t("defaultPrice")} hint={t("defaultPriceHint")} errors={errors("defaultPrice")}>
          <Input
            inputMode="decimal"
            value={defaultPrice}
            disabled={disabled}
            onChange={(event) => edit(setDefaultPrice)(event.target.value)}
          />
        </Field>
      </div>
      <FieldGroup legend={t("prices")} className="space-y-2">
        <p className="text-xs text-slate-500">{t("pricesHint")}</p>
        {prices.length === 0 ? <p className="text-sm text-slate-500">{t("noPrices")}</p> : null}
        <ul className="space-y-2">
          {prices.map((row, index) => {
            const countryId = `${idPrefix}-country-${row.key}`;
            const priceId = `${idPrefix}-price-${row.key}`;
            const rowErrors = [
              ...(errors(`prices.${index}.country`) ?? []),
              ...(errors(`prices.${index}.price`) ?? []),
            ];
            const update = (patch: Partial<{ country: string; price: string }>) =>
              edit(setPrices)(prices.map((p) => (p.key === row.key ? { ...p, ...patch } : p)));
            return (
              <li key={row.key} className="space-y-1">
                <div className="flex items-end gap-2">
                  <div className="w-24">
                    <label htmlFor={countryId} className="block text-xs text-slate-600">
                      {t("country")}
                    </label>
                    <CodeInput
                      id={countryId}
                      value={row.country}
                      disabled={disabled}
                      invalid={Boolean(errors(`prices.${index}.country`))}
                      onChange={(event) => update({ country: event.target.value.toUpperCase() })}
                    />
                  </div>
                  <div className="w-40">
                    <label htmlFor={priceId} className="block text-xs text-slate-600">
                      {t("price", { currency })}
                    </label>
                    <Input
                      id={priceId}
                      inputMode="decimal"
                      value={row.price}
                      disabled={disabled}
                      invalid={Boolean(errors(`prices.${index}.price`))}
                      onChange={(event) => update({ price: event.target.value })}
                    />
                  </div>
                  {canManage ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={t("removePrice", { country: row.country || "?" })}
                      disabled={pending}
                      onClick={() => edit(setPrices)(prices.filter((p) => p.key !== row.key))}
                    >
                      <X className="size-4" aria-hidden />
                    </Button>
                  ) : null}
                </div>
                {rowErrors.length ? (
                  <p role="alert" className="text-xs text-red-600">
                    {rowErrors.join(" ")}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
        {canManage ? (
          <Button
            variant="secondary"
            size="sm"
            disabled={pending}
            onClick={() => {
              edit(setPrices)([...prices, { key: nextKey, country: "", price: "" }]);
              setNextKey(nextKey + 1);
            }}
          >
            <Plus className="size-4" aria-hidden />
            {t("addPrice")}
          </Button>
        ) : null}
      </FieldGroup>
      {canManage ? (
        <Button type="submit" disabled={pending}>
          {t("save")}
        </Button>
      ) : null}
    </form>
  );
}
