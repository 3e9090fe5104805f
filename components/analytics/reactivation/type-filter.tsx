"use client";
// Narrows the re-activation report to one type of campaign (?type=), keeping the other parameters.
import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { NativeSelect, Options } from "@/components/ui/input";
import { useSelectTransition } from "@/components/ui/use-select-transition";

export function TypeFilter({ value }: { value: string }) {
  const t = useTranslations("analytics.reactivation");
  const types = useTranslations("campaigns.type");
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const { pending, onChange } = useSelectTransition((next) => {
    const params = new URLSearchParams(search.toString());
    if (next) params.set("type", next);
    else params.delete("type");
    router.push(`${pathname}?${params.toString()}`);
  });
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      {t("typeFilter")}
      <NativeSelect className="w-44" value={value} disabled={pending} onChange={onChange}>
        <option value="">{t("allTypes")}</option>
        <Options items={["news", "announcement", "promotion"] as const} label={(type) => types(type)} />
      </NativeSelect>
    </label>
  );
}
