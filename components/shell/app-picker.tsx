"use client";
// Chooses which app a page shows; the choice lives in the URL (`<basePath>?app=<id>`), so other
// filters reset and links stay shareable. Used by the Devices, Campaigns and Segments pages.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { NativeSelect } from "@/components/ui/input";

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
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      {t("app")}
      <NativeSelect
        aria-label={t("switchApp")}
        className="w-56 max-w-full"
        value={appId}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          startTransition(() => router.push(`${basePath}?app=${encodeURIComponent(next)}`));
        }}
      >
        {apps.map((app) => (
          <option key={app.id} value={app.id}>
            {app.name}
          </option>
        ))}
      </NativeSelect>
    </label>
  );
}
