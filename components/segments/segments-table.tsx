// The segments of one app: name and description, expression, devices now, how many of them a send
// reaches now (per channel), campaign usage, last change.
// The rows render at once; each count streams in when the database has it (a Suspense boundary per cell).
import { Suspense } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { getTimeFormat } from "@/components/time/server-time";
import { ListTable, Td, Tr } from "@/components/ui/table";
import { SEGMENT_COUNT_LIMITS } from "@/lib/segments/limits";
import type { SegmentAudience, SegmentListing } from "@/lib/segments/types";
import { SegmentRowActions } from "./segment-controls";

async function AudienceCell({ count }: { count: Promise<SegmentAudience> }) {
  const t = await getTranslations("segments.audience");
  const format = await getFormatter();
  const row = await count;
  if (row.audienceStatus === "counted") return <span className="tabular-nums">{format.number(row.audience ?? 0)}</span>;
  const hint =
    row.audienceStatus === "timeout"
      ? t("timeoutHint", { seconds: SEGMENT_COUNT_LIMITS.statementTimeoutMs / 1000 })
      : t(`${row.audienceStatus}Hint`);
  return (
    <span title={hint} className={row.audienceStatus === "invalid" ? "text-red-700" : "text-slate-500"}>
      {t(row.audienceStatus)}
    </span>
  );
}

// How many of the segment's devices a send to every channel reaches now, and on which channels.
async function ReachCell({ count }: { count: Promise<SegmentAudience> }) {
  const channel = await getTranslations("enums.channel");
  const format = await getFormatter();
  const row = await count;
  if (row.audienceStatus !== "counted" || row.reachable == null) return <span className="text-slate-400">—</span>;
  const channels = Object.entries(row.reachByChannel ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="tabular-nums">
      <div>{format.number(row.reachable)}</div>
      {channels.length ? (
        <div className="text-xs text-slate-500" data-testid="segment-reach-channels">
          {channels.map(([id, n]) => `${channel.has(id) ? channel(id) : id} ${format.number(n)}`).join(" · ")}
        </div>
      ) : null}
    </div>
  );
}

async function Counting() {
  const t = await getTranslations("segments.audience");
  return (
    <span className="text-slate-400" aria-busy="true">
      {t("counting")}
    </span>
  );
}

export async function SegmentsTable(props: {
  appId: string;
  appName: string;
  rows: SegmentListing[];
  counts: Map<string, Promise<SegmentAudience>>;
  canManage: boolean;
  now: Date;
}) {
  const { appId, appName, rows, counts, canManage, now } = props;
  const t = await getTranslations("segments");
  const format = await getFormatter();
  const zoned = await getTimeFormat();
  const countOf = (id: string) =>
    counts.get(id) ?? Promise.resolve<SegmentAudience>({ audience: null, audienceStatus: "skipped" });
  return (
    <ListTable
      headings={[
        { label: t("columns.name") },
        { label: t("columns.expression") },
        { label: t("columns.devices"), className: "text-right whitespace-nowrap" },
        { label: t("columns.reachable"), className: "text-right whitespace-nowrap" },
        { label: t("columns.campaigns") },
        { label: t("columns.updated") },
        canManage ? { label: t("columns.actions"), className: "text-right", hidden: true } : null,
      ]}
    >
      {rows.map((row) => (
        <Tr key={row.id}>
          <Td className="min-w-40 max-w-64">
            <div className="font-medium text-slate-900">{row.name}</div>
            {row.description ? <div className="mt-0.5 text-xs text-slate-500">{row.description}</div> : null}
          </Td>
          <Td className="max-w-md">
            <code className="font-mono text-xs break-words text-slate-800">{row.expression}</code>
          </Td>
          <Td className="text-right whitespace-nowrap">
            <Suspense fallback={<Counting />}>
              <AudienceCell count={countOf(row.id)} />
            </Suspense>
          </Td>
          <Td className="text-right whitespace-nowrap">
            <Suspense fallback={<Counting />}>
              <ReachCell count={countOf(row.id)} />
            </Suspense>
          </Td>
          <Td className="whitespace-nowrap">
            <span className={row.campaigns ? "" : "text-slate-400"}>{t("usage", { count: row.campaigns })}</span>
            {row.activeCampaigns ? (
              <div className="text-xs text-amber-700">{t("activeUsage", { count: row.activeCampaigns })}</div>
            ) : null}
          </Td>
          <Td className="whitespace-nowrap text-slate-600">
            <time dateTime={row.updatedAt.toISOString()} title={zoned.time(row.updatedAt)}>
              {format.relativeTime(row.updatedAt, now)}
            </time>
          </Td>
          {canManage ? (
            <Td className="text-right">
              <SegmentRowActions
                appId={appId}
                appName={appName}
                segment={{ id: row.id, name: row.name, description: row.description, expression: row.expression }}
              />
            </Td>
          ) : null}
        </Tr>
      ))}
    </ListTable>
  );
}
