"use client";
// Live audience of an expression while it is typed: its devices, by platform, how many a
// send to every channel reaches now (per channel, and why the others would not), and a few recently
// active installation ids. Uses the campaign composer's preview action.
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { previewAudience } from "@/server/campaigns/actions";
import type { Reach } from "@/lib/routing/reach";
import { AudienceBreakdown } from "./audience-breakdown";
import { ReachSummary } from "./reach-summary";

type Preview =
  | { state: "idle" }
  | { state: "counting" }
  | { state: "failed" }
  | {
      state: "done";
      total: number;
      byPlatform: Record<string, number>;
      sample: string[];
      reach: Reach | null;
    };

const SAMPLE_SHOWN = 5;

// `expression` must already parse (the caller checks it); an empty one shows nothing.
export function AudiencePreview({ appId, expression }: { appId: string; expression: string }) {
  const t = useTranslations("segments.preview");
  const [preview, setPreview] = useState<Preview>({ state: "idle" });
  useEffect(() => {
    if (!expression.trim()) return;
    let current = true;
    // Counting starts from a microtask so the effect itself never sets state synchronously.
    void Promise.resolve().then(async () => {
      if (!current) return;
      setPreview({ state: "counting" });
      const result = await previewAudience({ appId, expression, testDevicesOnly: false }).catch(() => null);
      if (!current) return;
      if (!result?.ok) return setPreview({ state: "failed" });
      const { total, byPlatform, sample, reach } = result.data;
      setPreview({
        state: "done",
        total,
        byPlatform,
        reach,
        sample: sample.slice(0, SAMPLE_SHOWN).map((device) => device.installationId),
      });
    });
    // A newer expression makes this answer stale: it is dropped when it arrives.
    return () => {
      current = false;
    };
  }, [appId, expression]);
  if (!expression.trim() || preview.state === "idle") return null;
  return (
    <section
      aria-live="polite"
      aria-busy={preview.state === "counting"}
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
    >
      <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t("title")}</h3>
      {preview.state === "counting" ? <p className="text-slate-500">{t("counting")}</p> : null}
      {preview.state === "failed" ? <p className="text-red-700">{t("failed")}</p> : null}
      {preview.state === "done" ? (
        <>
          <p className="text-base font-semibold text-slate-900 tabular-nums">{t("total", { count: preview.total })}</p>
          <AudienceBreakdown label={t("byPlatform")} counts={preview.byPlatform} group="platform" />
          {preview.reach ? <ReachSummary reach={preview.reach} /> : null}
          {preview.sample.length ? (
            <div>
              <p className="text-xs text-slate-500">{t("sample")}</p>
              <ul className="mt-0.5 space-y-0.5 font-mono text-xs text-slate-700">
                {preview.sample.map((id) => (
                  <li key={id} className="truncate">
                    {id}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
