"use client";
// The filter bar. A plain GET form (works without JavaScript); with JavaScript it navigates
// client-side and leaves empty fields out of the URL so links stay short and shareable.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect, Options } from "@/components/ui/input";

export interface FilterValues {
  tags: string[];
  platform?: string;
  channel?: string;
  maker?: string;
  status?: string;
  locale?: string;
  active?: string;
  testOnly: boolean;
  search?: string;
}

export interface FilterOptions {
  platforms: readonly string[];
  channels: readonly string[];
  makers: readonly string[];
  statuses: readonly string[];
  activity: readonly string[];
}

function Labelled({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <label className={className ?? "flex w-36 flex-col gap-1 text-xs font-medium text-slate-600"}>
      {label}
      {children}
    </label>
  );
}

export function DeviceFilters({
  appId,
  values,
  options,
}: {
  appId: string;
  values: FilterValues;
  options: FilterOptions;
}) {
  const t = useTranslations("devices");
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value !== "string" || value.trim() === "") continue;
      // "sports, vip" becomes ?tag=sports&tag=vip.
      const parts =
        key === "tag"
          ? value
              .split(",")
              .map((v) => v.trim())
              .filter(Boolean)
          : [value.trim()];
      for (const part of parts) params.append(key, part);
    }
    startTransition(() => router.push(`/devices?${params.toString()}`));
  }

  const select = (name: string, list: readonly string[], label: (v: string) => string, value?: string) => (
    <NativeSelect name={name} defaultValue={value ?? ""}>
      <option value="">{t("filters.any")}</option>
      <Options items={list} label={(v) => label(v)} />
    </NativeSelect>
  );

  return (
    <form
      method="get"
      action="/devices"
      onSubmit={submit}
      aria-label={t("filters.label")}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <input type="hidden" name="app" value={appId} />
      <Labelled
        label={t("filters.search")}
        className="flex w-64 max-w-full flex-col gap-1 text-xs font-medium text-slate-600"
      >
        <Input type="search" name="q" defaultValue={values.search ?? ""} placeholder={t("filters.searchPlaceholder")} />
      </Labelled>
      <Labelled label={t("filters.tags")} className="flex w-48 flex-col gap-1 text-xs font-medium text-slate-600">
        <Input
          name="tag"
          defaultValue={values.tags.join(", ")}
          placeholder={t("filters.tagsPlaceholder")}
          title={t("filters.tagsHint")}
        />
      </Labelled>
      <Labelled label={t("filters.platform")}>
        {select("platform", options.platforms, (v) => t(`platform.${v}`), values.platform)}
      </Labelled>
      <Labelled label={t("filters.channel")}>
        {select("channel", options.channels, (v) => t(`channel.${v}`), values.channel)}
      </Labelled>
      <Labelled label={t("filters.maker")}>
        {select("maker", options.makers, (v) => t(`maker.${v}`), values.maker)}
      </Labelled>
      <Labelled label={t("filters.status")}>
        {select("status", options.statuses, (v) => t(`status.${v}`), values.status)}
      </Labelled>
      <Labelled label={t("filters.locale")} className="flex w-28 flex-col gap-1 text-xs font-medium text-slate-600">
        <Input name="locale" defaultValue={values.locale ?? ""} placeholder={t("filters.localePlaceholder")} />
      </Labelled>
      <Labelled label={t("filters.active")} className="flex w-40 flex-col gap-1 text-xs font-medium text-slate-600">
        {select("active", options.activity, (v) => t(`activity.${v}`), values.active)}
      </Labelled>
      <label className="flex h-9 items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="test"
          value="1"
          defaultChecked={values.testOnly}
          className="size-4 rounded border-slate-300"
        />
        {t("filters.testOnly")}
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {t("filters.apply")}
        </Button>
        <Button variant="ghost" asChild>
          <Link href={`/devices?app=${encodeURIComponent(appId)}`}>{t("filters.reset")}</Link>
        </Button>
      </div>
    </form>
  );
}
