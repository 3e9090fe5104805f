// The analytics section's tabs (Overview, Re-activation, Device trace); links keep the app, range and zone.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cn } from "@/lib/cn";

const tabs = [
  { key: "overview", href: "/analytics" },
  { key: "reactivation", href: "/analytics/reactivation" },
  { key: "trace", href: "/analytics/trace" },
] as const;

export type AnalyticsTab = (typeof tabs)[number]["key"];

export async function AnalyticsTabs({ active, query }: { active: AnalyticsTab; query: string }) {
  const t = await getTranslations("analytics.tabs");
  return (
    <nav aria-label={t("label")} className="mb-4 border-b border-slate-200">
      <ul className="-mb-px flex gap-6 text-sm font-medium">
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link
              href={`${tab.href}?${query}`}
              aria-current={tab.key === active ? "page" : undefined}
              className={cn(
                "inline-block border-b-2 px-1 pb-2",
                tab.key === active
                  ? "border-brand-600 text-brand-700"
                  : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800",
              )}
            >
              {t(tab.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
