// The device trace's search: an installation ID or a device ID within the selected app (a plain GET form, so a
// trace is a shareable URL and works before JavaScript loads). Text that is no UUID gets a field error.
import { Search } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { CodeInput } from "@/components/ui/input";

export async function TraceSearch({
  appId,
  timeZone,
  appZone,
  installationId,
  invalid = false,
}: {
  appId: string;
  timeZone: string;
  appZone: string;
  installationId: string;
  invalid?: boolean;
}) {
  const t = await getTranslations("analytics.trace");
  const linked = await getTranslations("linked.trace");
  return (
    <form
      method="get"
      action="/analytics/trace"
      role="search"
      aria-label={t("searchLabel")}
      className="mb-6 flex flex-wrap items-start gap-3"
    >
      <input type="hidden" name="app" value={appId} />
      {timeZone !== appZone ? <input type="hidden" name="tz" value={timeZone} /> : null}
      <div className="flex min-w-72 flex-1 flex-col gap-1">
        <label htmlFor="trace-id" className="text-xs font-medium text-slate-600">
          {linked("idLabel")}
        </label>
        <CodeInput
          id="trace-id"
          name="installationId"
          defaultValue={installationId}
          placeholder={t("placeholder")}
          maxLength={200}
          className="font-mono"
          invalid={invalid}
          aria-describedby={invalid ? "trace-id-error" : "trace-id-hint"}
        />
        {invalid ? (
          <p id="trace-id-error" role="alert" className="text-xs text-red-700" data-testid="trace-id-error">
            {linked("badId")}
          </p>
        ) : (
          <p id="trace-id-hint" className="text-xs text-slate-500">
            {linked("idHint")}
          </p>
        )}
      </div>
      <Button type="submit" className="mt-5">
        <Search className="size-4" aria-hidden />
        {t("search")}
      </Button>
    </form>
  );
}
