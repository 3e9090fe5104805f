"use client";
// Narrows the re-activation report to one type of campaign (?type=), keeping the other parameters.
import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { NativeSelect } from "@/components/ui/input";

export function TypeFilter({ value }: { value: string }) {
  const t = useTranslations("analytics.reactivation");
  const types = useTranslations("campaigns.type");
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      {t("typeFilter")}
      <NativeSelect
        className="w-44"
        value={value}
        disabled={pending}
        onChange={(e) => {
          const params = new URLSearchParams(search.toString());
          if (e.target.value) params.set("type", e.target.value);
          else params.delete("type");
          startTransition(() => router.push(`${pathname}?${params.toString()}`));
        }}
      >
        <option value="">{t("allTypes")}</option>
        {(["news", "announcement", "promotion"] as const).map((type) => (
          <option key={type} value={type}>
            {types(type)}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}
