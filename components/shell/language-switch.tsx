"use client";
// Switches the UI language and reloads the current page in it.
import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { localeNames, locales } from "@/lib/locales";
import { setLocale } from "@/server/preferences/actions";
import { Options } from "@/components/ui/input";
import { useSelectTransition } from "@/components/ui/use-select-transition";

export function LanguageSwitch() {
  const t = useTranslations("common");
  const current = useLocale();
  const router = useRouter();
  const { pending, onChange } = useSelectTransition(async (next) => {
    await setLocale(next);
    router.refresh();
  });
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <Languages className="size-4" aria-hidden />
      <span className="sr-only">{t("language")}</span>
      <select
        aria-label={t("language")}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        value={current}
        disabled={pending}
        onChange={onChange}
      >
        <Options items={locales} label={(locale) => localeNames[locale]} />
      </select>
    </label>
  );
}
