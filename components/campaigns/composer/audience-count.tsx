"use client";
// The live audience while composing: its devices now (what waves and approval count), by platform;
// the reach as fan-out would route this draft (devices reachable now per channel, the makers'
// marketing caps' moves and drops for promotions, the unreachable by reason with a warning past a
// tenth); and the most recently active matching devices. Re-counted ~400 ms after the audience,
// channels or type stop changing; an answer for an older audience is dropped.
import { useFormatter, useNow, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { AudienceBreakdown } from "@/components/segments/audience-breakdown";
import { ReachSummary } from "@/components/segments/reach-summary";
import { useDebouncedValue } from "@/components/segments/use-debounced-value";
import type { Reach } from "@/lib/routing/reach";
import type { AudienceSampleDevice } from "@/server/segments/count";
import { previewAudience } from "@/server/campaigns/actions";

type Counted = {
  total: number;
  byPlatform: Record<string, number>;
  byChannel: Record<string, number>;
  sample: AudienceSampleDevice[];
  reach: Reach | null;
};
// `key` is the audience the answer is for; an answer for another audience is shown as stale.
type State = { key: string | null } & ({ state: "counting" } | { state: "failed" } | { state: "done"; data: Counted });

const SAMPLE_SHOWN = 5;

interface Props {
  appId: string;
  // A parsed expression ("" = the whole app), or null while there is nothing countable.
  expression: string | null;
  testDevicesOnly: boolean;
  // The draft's allowed channels (empty: all) and type, which the reach routes with.
  channels: readonly string[];
  type: "news" | "announcement" | "promotion";
  onCounted?: (total: number | null) => void;
}

export function AudienceCount({ appId, expression, testDevicesOnly, channels, type, onCounted }: Props) {
  const t = useTranslations("campaigns.composer.audience.count");
  const enums = useTranslations("enums");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });
  // A string key, so re-renders of the form with the same audience neither restart nor repeat the count.
  const liveKey =
    expression === null ? null : JSON.stringify([expression, testDevicesOnly, [...channels].sort(), type]);
  const key = useDebouncedValue(liveKey, 400);
  const [result, setResult] = useState<State>({ key: null, state: "counting" });
  useEffect(() => {
    if (key === null) return;
    const [text, testOnly, allowed, campaignType] = JSON.parse(key) as [
      string,
      boolean,
      Props["channels"],
      Props["type"],
    ];
    let current = true;
    // Started from a microtask so the effect never sets state synchronously.
    void Promise.resolve().then(async () => {
      if (!current) return;
      setResult((previous) => (previous.state === "done" ? { ...previous, key: null } : { key, state: "counting" }));
      const answer = await previewAudience({
        appId,
        expression: text,
        testDevicesOnly: testOnly,
        channels: allowed as never,
        type: campaignType,
      }).catch(() => null);
      if (!current) return;
      setResult(answer?.ok ? { key, state: "done", data: answer.data } : { key, state: "failed" });
      onCounted?.(answer?.ok ? answer.data.total : null);
    });
    return () => {
      current = false;
    };
  }, [appId, key, onCounted]);
  if (expression === null) return null;
  // Until the answer for the audience as typed arrives, the last figures stay, dimmed.
  const stale = result.key !== liveKey;
  const name = (group: "platform" | "channel") => (key: string) =>
    enums.has(`${group}.${key}`) ? enums(`${group}.${key}`) : key;
  return (
    <section
      aria-label={t("title")}
      aria-live="polite"
      aria-busy={stale}
      className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("title")}</h3>
        {stale ? <span className="text-xs text-slate-500">{t("counting")}</span> : null}
      </div>
      {result.state === "failed" && !stale ? <p className="text-red-700">{t("failed")}</p> : null}
      {result.state === "done" ? (
        <div className={stale ? "space-y-3 opacity-50 transition-opacity" : "space-y-3"}>
          <p className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid="audience-total">
            {t("total", { count: result.data.total, formatted: format.number(result.data.total) })}
          </p>
          <AudienceBreakdown
            label={t("byPlatform")}
            counts={result.data.byPlatform}
            group="platform"
            labelClassName="w-24 shrink-0"
          />
          {result.data.reach ? <ReachSummary reach={result.data.reach} labelClassName="w-24 shrink-0" /> : null}
          {result.data.sample.length ? (
            <details className="group">
              <summary className="cursor-pointer text-xs font-medium text-brand-700">
                {t("sample", { count: Math.min(SAMPLE_SHOWN, result.data.sample.length) })}
              </summary>
              <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-xs">
                {result.data.sample.slice(0, SAMPLE_SHOWN).map((device) => (
                  <li key={device.id} className="grid gap-1 px-3 py-2 sm:grid-cols-[1fr_auto]">
                    <span className="truncate font-mono text-slate-800">{device.installationId}</span>
                    <span className="text-slate-500">
                      {[
                        name("platform")(device.platform),
                        device.channels.map(name("channel")).join("/"),
                        device.locale,
                        device.timezone,
                        device.appVersion,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                      {" · "}
                      {t("lastActive", { time: format.relativeTime(new Date(device.lastActiveAt), now) })}
                    </span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
