"use client";
// One page of devices. Users who may mark test devices get row checkboxes and bulk actions.
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableFrame, Td, Th, Tr } from "@/components/ui/table";
import { cn } from "@/lib/cn";
import { setDevicesTest } from "@/server/devices/actions";
import { useTimeFormat } from "@/components/time/time-zone-context";
import { StatusBadge, TestBadge } from "./device-badges";
import type { DeviceListRow } from "@/lib/device-types";

export type DeviceRow = DeviceListRow;

const visibleTags = 3;
// Slightly tighter than the default cell padding so all columns fit beside the sidebar on a laptop
// (1,400 px): tags wrap in a narrow column and long time zones are cut with the full name on hover.
const cell = "px-2";
const head = "px-2 whitespace-nowrap";

// The first few tags, those the list is filtered by first, then "+N" (all of them on hover).
function Tags({ tags, highlight }: { tags: string[]; highlight: string[] }) {
  const t = useTranslations("devices");
  const ordered = [...tags.filter((tag) => highlight.includes(tag)), ...tags.filter((tag) => !highlight.includes(tag))];
  const rest = tags.length - visibleTags;
  return (
    <span className="flex max-w-44 flex-wrap gap-1" title={tags.join(", ")}>
      {ordered.slice(0, visibleTags).map((tag) => (
        <span key={tag} className="max-w-full truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {tag}
        </span>
      ))}
      {rest > 0 ? <span className="px-1 py-0.5 text-xs text-slate-500">{t("moreTags", { count: rest })}</span> : null}
    </span>
  );
}

interface DeviceTableProps {
  appId: string;
  rows: DeviceRow[];
  now: Date;
  canMarkTest: boolean;
  // Tags the list is filtered by; shown first in each row.
  filterTags: string[];
}

export function DeviceTable({ appId, rows, now, canMarkTest, filterTags }: DeviceTableProps) {
  const t = useTranslations("devices");
  const format = useFormatter();
  const zoned = useTimeFormat();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const apply = (isTest: boolean) =>
    startTransition(async () => {
      const res = await setDevicesTest({ appId, deviceIds: [...selected], isTest });
      if (res.ok) {
        setSelected(new Set());
        setResult({ tone: "success", text: t(isTest ? "marked" : "unmarked", { count: res.data.changed }) });
      } else setResult({ tone: "error", text: res.message });
    });

  return (
    <div className="space-y-3">
      {canMarkTest ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-600" aria-live="polite">
            {t("selected", { count: selected.size })}
          </span>
          <Button size="sm" variant="secondary" disabled={pending || selected.size === 0} onClick={() => apply(true)}>
            {t("markTest")}
          </Button>
          <Button size="sm" variant="secondary" disabled={pending || selected.size === 0} onClick={() => apply(false)}>
            {t("unmarkTest")}
          </Button>
          {result ? (
            <Alert tone={result.tone} className="py-1">
              {result.text}
            </Alert>
          ) : null}
        </div>
      ) : null}
      <TableFrame>
        <Table>
          <thead>
            <tr>
              {canMarkTest ? (
                <Th className={cn(cell, "w-8")}>
                  <input
                    type="checkbox"
                    aria-label={t("columns.selectAll")}
                    checked={allSelected}
                    className="size-4"
                    onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                  />
                </Th>
              ) : null}
              <Th className={head}>{t("columns.installationId")}</Th>
              <Th className={head}>{t("columns.platform")}</Th>
              <Th className={head}>{t("columns.channel")}</Th>
              <Th className={head}>{t("columns.locale")}</Th>
              <Th className={head}>{t("columns.timezone")}</Th>
              <Th className={head}>{t("columns.appVersion")}</Th>
              <Th className={head}>{t("columns.tags")}</Th>
              <Th className={head}>{t("columns.lastActive")}</Th>
              <Th className={head}>{t("columns.status")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <Tr key={row.id} className={selected.has(row.id) ? "bg-brand-50/60" : undefined}>
                {canMarkTest ? (
                  <Td className={cell}>
                    <input
                      type="checkbox"
                      className="size-4"
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                      aria-label={t("columns.selectRow", { id: row.installationId.slice(0, 8) })}
                    />
                  </Td>
                ) : null}
                <Td className={cn(cell, "font-mono text-xs whitespace-nowrap")}>
                  <Link
                    href={`/devices/${row.id}?app=${appId}`}
                    title={row.installationId}
                    className="text-brand-700 hover:underline"
                  >
                    {row.installationId.slice(0, 8)}…
                  </Link>
                </Td>
                <Td className={cn(cell, "whitespace-nowrap")}>
                  {t(`platform.${row.platform}`)}
                  {row.maker ? (
                    <span className="block text-xs text-slate-500" title={row.brand ?? undefined}>
                      {t(`maker.${row.maker}`)}
                    </span>
                  ) : null}
                </Td>
                <Td className={cell}>
                  <span className="flex flex-wrap gap-1">
                    {row.addresses.map((address) => (
                      <span
                        key={address.channel}
                        title={address.error ?? undefined}
                        className={cn(
                          "rounded px-1.5 py-0.5 text-xs whitespace-nowrap",
                          address.status === "active"
                            ? "bg-slate-100 text-slate-700"
                            : "bg-red-50 text-red-700 line-through",
                        )}
                      >
                        {t(`channel.${address.channel}`)}
                      </span>
                    ))}
                  </span>
                </Td>
                <Td className={cn(cell, "whitespace-nowrap")}>{row.locale ?? "—"}</Td>
                <Td className={cn(cell, "max-w-32 truncate text-slate-600")} title={row.timezone ?? undefined}>
                  {row.timezone ?? "—"}
                </Td>
                <Td className={cn(cell, "whitespace-nowrap")}>{row.appVersion ?? "—"}</Td>
                <Td className={cell}>
                  <Tags tags={row.tags} highlight={filterTags} />
                </Td>
                <Td className={cn(cell, "whitespace-nowrap")} title={zoned.time(row.lastActiveAt)}>
                  {format.relativeTime(row.lastActiveAt, now)}
                </Td>
                <Td className={cn(cell, "whitespace-nowrap")}>
                  <span className="flex gap-1">
                    <StatusBadge status={row.status} label={t(`status.${row.status}`)} />
                    {row.isTest ? <TestBadge label={t("test")} /> : null}
                  </span>
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </TableFrame>
    </div>
  );
}
