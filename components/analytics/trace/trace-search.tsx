// The device trace's search: an installation ID within the selected app (a plain GET form, so a
// trace is a shareable URL and works before JavaScript loads).
import { Search } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { CodeInput } from "@/components/ui/input";

export async function TraceSearch({
  appId,
  timeZone,
  appZone,
  installationId,
}: {
  appId: string;
  timeZone: string;
  appZone: string;
  installationId: string;
}) {
  const t = await getTranslations("analytics.trace");
  return (
    <form
      method="get"
      action="/analytics/trace"
      role="search"
      aria-label={t("searchLabel")}
      className="mb-6 flex flex-wrap items-end gap-3"
    >
      <input type="hidden" name="app" value={appId} />
      {timeZone !== appZone ? <input type="hidden" name="tz" value={timeZone} /> : null}
      <label className="flex min-w-72 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
        {t("installationId")}
        <CodeInput
          name="installationId"
          defaultValue={installationId}
          placeholder={t("placeholder")}
          maxLength={200}
          className="font-mono"
        />
      </label>
      <Button type="submit">
        <Search className="size-4" aria-hidden />
        {t("search")}
      </Button>
    </form>
  );
}
