"use client";
// Chooses which app a page shows; the choice lives in the URL (`<basePath>?app=<id>`), so other
// filters reset and links stay shareable. Used by the Devices, Campaigns and Segments pages.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import type { ChangeEvent } from "react";
import { NativeSelect, Options } from "@/components/ui/input";
import { useSelectTransition } from "@/components/ui/use-select-transition";

interface AppSelectProps {
  apps: { id: string; name: string }[];
  appId: string;
  className: string;
  disabled: boolean;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
}

// The select of apps itself; the analytics toolbar puts it in its own label and URL.
export function AppSelect({ apps, appId, ...props }: AppSelectProps) {
  const t = useTranslations("common");
  return (
    <NativeSelect aria-label={t("switchApp")} value={appId} {...props}>
      <Options items={apps} value={(app) => app.id} label={(app) => app.name} />
    </NativeSelect>
  );
}

export function AppPicker({
  apps,
  appId,
  basePath,
}: {
  apps: { id: string; name: string }[];
  appId: string;
  basePath: string;
}) {
  const t = useTranslations("common");
  const router = useRouter();
  const { pending, onChange } = useSelectTransition((next) =>
    router.push(`${basePath}?app=${encodeURIComponent(next)}`),
  );
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      {t("app")}
      <AppSelect apps={apps} appId={appId} className="w-56 max-w-full" disabled={pending} onChange={onChange} />
    </label>
  );
}
