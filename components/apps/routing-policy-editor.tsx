"use client";
// The app's routing policy on its detail page: a row per platform and maker with its channels in the
// order a send tries them. Channels move with up/down buttons (keyboard and screen readers alike),
// are excluded or included again, and the whole policy goes back to Herald's defaults with one
// button. Channels the app cannot send through are marked: they are skipped at send time.
import { ArrowDown, ArrowUp, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { formResultRules, useActionResultText } from "@/components/forms/result-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { idleResult, type ActionResult } from "@/lib/action-result";
import type { DeviceChannel } from "@/lib/channels/devices";
import { defaultRoutingPolicy, type RoutingRule } from "@/lib/routing/policy";
import { saveRoutingPolicy } from "@/server/apps/actions";

interface Props {
  appId: string;
  rules: RoutingRule[];
  // Every channel a row may hold, in the order the "include" list offers them.
  channels: readonly DeviceChannel[];
  isDefault: boolean;
  missingCredential: DeviceChannel[];
  unavailable: DeviceChannel[];
  canManage: boolean;
}

// Moves the item at `from` one place up (-1) or down (+1).
function moved<T>(list: T[], from: number, step: -1 | 1): T[] {
  const to = from + step;
  if (to < 0 || to >= list.length) return list;
  const next = list.slice();
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

export function RoutingPolicyEditor({
  appId,
  rules: initial,
  channels,
  isDefault,
  missingCredential,
  unavailable,
  canManage,
}: Props) {
  const t = useTranslations("apps.routing");
  const enums = useTranslations("enums");
  const devices = useTranslations("devices");
  const common = useTranslations("common");
  const text = useActionResultText("apps", formResultRules);
  const [rules, setRules] = useState(initial);
  const [result, setResult] = useState<ActionResult<{ appId: string }>>(idleResult);
  const [saved, setSaved] = useState<"saved" | "reset" | null>(null);
  const [pending, startTransition] = useTransition();
  const [adding, setAdding] = useState<Record<number, string>>({});
  const idPrefix = useId();
  const skipped = new Set<DeviceChannel>([...missingCredential, ...unavailable]);
  const formError = text.formError(result);

  const channelName = (channel: DeviceChannel) => enums(`channel.${channel}`);
  const rowName = (rule: RoutingRule) =>
    t("rowName", {
      platform: enums(`platform.${rule.platform}`),
      maker: rule.maker === "any" ? t("anyMaker") : devices(`maker.${rule.maker}`),
    });
  const change = (index: number, channelsOfRow: DeviceChannel[]) => {
    setSaved(null);
    setRules((current) => current.map((rule, i) => (i === index ? { ...rule, channels: channelsOfRow } : rule)));
  };
  const submit = (policy: { rules: RoutingRule[] } | null) => {
    setSaved(null);
    startTransition(async () => {
      const next = await saveRoutingPolicy({ appId, policy });
      setResult(next);
      if (next.ok) {
        setSaved(policy ? "saved" : "reset");
        if (!policy) setRules(defaultRoutingPolicy.rules);
      }
    });
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {t("explain")} {isDefault ? t("usingDefaults") : t("usingCustom")}
      </p>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {saved ? <Alert tone="success">{t(saved === "saved" ? "saved" : "resetDone")}</Alert> : null}
      <ul className="space-y-3">
        {rules.map((rule, index) => {
          const headingId = `${idPrefix}-row-${index}`;
          const rowErrors = [
            ...(text.fieldErrors(result, `policy.rules.${index}`) ?? []),
            ...(text.fieldErrors(result, `policy.rules.${index}.channels`) ?? []),
          ];
          const excluded = channels.filter((channel) => !rule.channels.includes(channel));
          const choice = adding[index] ?? excluded[0] ?? "";
          return (
            <li
              key={`${rule.platform}:${rule.maker}`}
              aria-labelledby={headingId}
              className="rounded-md border border-slate-200 p-3"
            >
              <h3 id={headingId} className="text-sm font-medium text-slate-800">
                {rowName(rule)}
              </h3>
              {rule.channels.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">{t("noChannels")}</p>
              ) : (
                <ol className="mt-2 space-y-1">
                  {rule.channels.map((channel, position) => (
                    <li key={channel} className="flex items-center gap-2 text-sm">
                      <span className="w-5 text-right text-slate-500 tabular-nums">{position + 1}.</span>
                      <span className="min-w-0 flex-1">
                        {channelName(channel)}{" "}
                        {unavailable.includes(channel) ? (
                          <Badge tone="neutral">{t("unavailable")}</Badge>
                        ) : missingCredential.includes(channel) ? (
                          <Badge tone="amber">{t("noCredential")}</Badge>
                        ) : null}
                      </span>
                      {canManage ? (
                        <span className="flex gap-1">
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("moveUp", { channel: channelName(channel), row: rowName(rule) })}
                            disabled={position === 0 || pending}
                            onClick={() => change(index, moved(rule.channels, position, -1))}
                          >
                            <ArrowUp className="size-4" aria-hidden />
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("moveDown", { channel: channelName(channel), row: rowName(rule) })}
                            disabled={position === rule.channels.length - 1 || pending}
                            onClick={() => change(index, moved(rule.channels, position, 1))}
                          >
                            <ArrowDown className="size-4" aria-hidden />
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("exclude", { channel: channelName(channel), row: rowName(rule) })}
                            disabled={pending}
                            onClick={() =>
                              change(
                                index,
                                rule.channels.filter((c) => c !== channel),
                              )
                            }
                          >
                            <X className="size-4" aria-hidden />
                          </Button>
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              )}
              {rule.channels.some((channel) => skipped.has(channel)) ? (
                <p className="mt-2 text-xs text-amber-700">{t("skippedHint")}</p>
              ) : null}
              {canManage && excluded.length ? (
                <div className="mt-2 flex items-center gap-2">
                  <label htmlFor={`${headingId}-add`} className="sr-only">
                    {t("includeLabel", { row: rowName(rule) })}
                  </label>
                  <NativeSelect
                    id={`${headingId}-add`}
                    value={choice}
                    onChange={(event) => setAdding((current) => ({ ...current, [index]: event.target.value }))}
                    className="max-w-56"
                  >
                    {excluded.map((channel) => (
                      <option key={channel} value={channel}>
                        {channelName(channel)}
                      </option>
                    ))}
                  </NativeSelect>
                  <Button
                    variant="secondary"
                    size="sm"
                    disabled={pending || !choice}
                    onClick={() => {
                      change(index, [...rule.channels, choice as DeviceChannel]);
                      setAdding((current) => ({ ...current, [index]: "" }));
                    }}
                  >
                    {t("include")}
                  </Button>
                </div>
              ) : null}
              {rowErrors.length ? (
                <p role="alert" className="mt-2 text-sm text-red-700">
                  {rowErrors.join(" ")}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {canManage ? (
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" disabled={pending} onClick={() => submit(null)}>
            {t("reset")}
          </Button>
          <Button disabled={pending} onClick={() => submit({ rules })}>
            {pending ? common("saving") : common("save")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
