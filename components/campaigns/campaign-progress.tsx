"use client";
// Live sending progress: queued / sent / delivered / failed / suppressed with a stacked bar, opens and
// the open rate, the send rate and time left, failure and suppression breakdowns. The figures come
// from the page's live source (campaign-live.tsx: every second while it sends, then through the tail
// of receipts and opens). A channel its circuit breaker holds (a push-service outage) is named with
// since when and the next try.
import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import type { CampaignProgress as Progress } from "@/lib/campaigns/types";
import { useTimeFormat } from "@/components/time/time-zone-context";
import { useCampaignLive } from "./campaign-live";

// `initial`: the server's figures, shown as they are outside a live campaign page (campaign-live.tsx).
export function CampaignProgress({ initial }: { campaignId?: string; initial: Progress }) {
  const t = useTranslations("dispatch.progress");
  const channelNames = useTranslations("enums.channel");
  const format = useFormatter();
  const { time } = useTimeFormat();
  const live = useCampaignLive();
  const progress = live?.progress ?? initial;
  const rate = live?.rate ?? null;
  const stale = live?.stale ?? false;

  const p = progress;
  const eta = rate && rate > 0 && p.queued > 0 ? Math.round(p.queued / rate) : null;
  const total = Math.max(1, p.targeted);
  const parts = [
    { key: "delivered", value: p.delivered, className: "bg-emerald-600" },
    { key: "sent", value: Math.max(0, p.sent - p.delivered), className: "bg-brand-600" },
    { key: "failed", value: p.failed, className: "bg-red-500" },
    { key: "suppressed", value: p.suppressed, className: "bg-slate-400" },
    { key: "queued", value: p.queued, className: "bg-slate-200" },
  ];
  const number = (n: number) => format.number(n);
  // Opens next to deliveries; the open rate as the report computes it ("—" before anything was sent).
  const openRate =
    p.openRate === null ? "—" : format.number(p.openRate, { style: "percent", maximumFractionDigits: 1 });
  const cells: Array<[string, string]> = [
    ["targeted", number(p.targeted)],
    ["queued", number(p.queued)],
    ["sent", number(p.sent)],
    ["delivered", number(p.delivered)],
    ["opened", number(p.opened)],
    ["openRate", openRate],
    ["failed", number(p.failed)],
    ["suppressed", number(p.suppressed)],
  ];
  return (
    <div className="space-y-4" aria-live="polite">
      {p.state === "paused" && p.pausedReason ? (
        <Alert tone="warning">{t("paused", { reason: p.pausedReason })}</Alert>
      ) : null}
      {p.state === "sending"
        ? (p.held ?? []).map((held) => (
            <Alert key={held.channel} tone="warning">
              {t(held.nextTry ? "held" : "heldNoNext", {
                channel: channelNames.has(held.channel) ? channelNames(held.channel) : held.channel,
                since: time(held.since, "time"),
                next: held.nextTry ? time(held.nextTry, "timeSeconds") : "",
                error: held.lastError ?? "",
              })}
            </Alert>
          ))
        : null}
      {stale ? <Alert tone="warning">{t("stale")}</Alert> : null}
      {p.detailRemoved ? (
        <Alert tone="info">
          <span data-testid="detail-removed">
            {t("detailRemoved", {
              runs: p.detailRemoved.runs,
              through: format.dateTime(new Date(`${p.detailRemoved.through}T00:00:00Z`), {
                dateStyle: "medium",
                timeZone: "UTC",
              }),
            })}
          </span>
        </Alert>
      ) : null}
      <div
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
        role="img"
        aria-label={t("bar", { sent: p.sent, targeted: p.targeted })}
      >
        {parts.map((part) =>
          part.value > 0 ? (
            <div key={part.key} className={part.className} style={{ width: `${(part.value / total) * 100}%` }} />
          ) : null,
        )}
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 xl:grid-cols-8">
        {cells.map(([key, value]) => (
          <div key={key} className="rounded-md border border-slate-200 px-3 py-2">
            <dt className="text-xs text-slate-500">{t(`counts.${key}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={`progress-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-600">
        {p.state === "sending" && rate !== null ? t("rate", { rate: Math.round(rate) }) : null}
        {p.state === "sending" && eta !== null ? ` · ${t("eta", { seconds: eta })}` : null}
        {p.completedAt ? t("completed", { at: time(p.completedAt, "dateTimeSeconds") }) : null}
      </p>
      {p.failures?.length || p.suppressions?.length ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Breakdown
            title={t("failures")}
            rows={(p.failures ?? []).map((f) => [f.code, f.count])}
            empty={t("none")}
            number={number}
            codes
          />
          <Breakdown
            title={t("suppressions")}
            rows={(p.suppressions ?? []).map((s) => [t(`reasons.${s.reason}`), s.count])}
            empty={t("none")}
            number={number}
          />
        </div>
      ) : null}
    </div>
  );
}

function Breakdown({
  title,
  rows,
  empty,
  number,
  codes = false,
}: {
  title: string;
  rows: Array<[string, number]>;
  empty: string;
  number: (n: number) => string;
  // The labels are codes (a vendor's or Herald's error codes): shown as code, not as words.
  codes?: boolean;
}) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {rows.length ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map(([label, count]) => (
            <li key={label} className="flex justify-between py-1">
              {codes ? (
                <code className="font-mono text-slate-700">{label}</code>
              ) : (
                <span className="text-slate-700">{label}</span>
              )}
              <span className="tabular-nums">{number(count)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
    </div>
  );
}
