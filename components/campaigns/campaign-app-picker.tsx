"use client";
// Chooses which app's campaigns are listed; the choice lives in the URL (?app=<id>), filters reset.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { NativeSelect } from "@/components/ui/input";

export function CampaignAppPicker({ apps, appId }: { apps: { id: string; name: string }[]; appId: string }) {
  const t = useTranslations("campaigns");
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
          startTransition(() => router.push(`/campaigns?app=${encodeURIComponent(next)}`));
        }}
      >
        {apps.map((app) => (
          <option key={app.id} value={app.id}>{app.name}</option>
        ))}
      </NativeSelect>
    </label>
  );
}
