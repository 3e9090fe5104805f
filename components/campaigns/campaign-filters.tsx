// The state and type filters: a plain GET form, so the filters live in the URL and work without JavaScript.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { NativeSelect, Options } from "@/components/ui/input";
import { campaignStates, campaignTypes } from "@/lib/campaigns/state";

export async function CampaignFilters({ appId, state, type }: { appId: string; state?: string; type?: string }) {
  const t = await getTranslations("campaigns");
  // One select each, named like its query parameter; its choices read "campaigns.<name>.<choice>".
  const filters = [
    { name: "state", value: state, choices: campaignStates },
    { name: "type", value: type, choices: campaignTypes },
  ] as const;
  return (
    <form
      method="get"
      action="/campaigns"
      aria-label={t("filters.label")}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <input type="hidden" name="app" value={appId} />
      {filters.map(({ name, value, choices }) => (
        <label key={name} className="flex w-48 flex-col gap-1 text-xs font-medium text-slate-600">
          {t(`filters.${name}`)}
          <NativeSelect name={name} defaultValue={value ?? ""}>
            <option value="">{t("filters.any")}</option>
            <Options items={choices} label={(s) => t(`${name}.${s}`)} />
          </NativeSelect>
        </label>
      ))}
      <div className="flex gap-2">
        <Button type="submit">{t("filters.apply")}</Button>
        <Button variant="ghost" asChild>
          <Link href={`/campaigns?app=${encodeURIComponent(appId)}`}>{t("filters.reset")}</Link>
        </Button>
      </div>
    </form>
  );
}
